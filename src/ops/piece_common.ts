// chunk and split: one piece of a tensor cut along a dimension. A spec layer has
// one output, so each op takes the `index` of the piece it yields; a network using
// several pieces has one layer per piece (trtgen-export drafts it so).
import type { LowerContext } from "../lower/context.js";
import { int } from "./params.js";
import { rangeSlice } from "./slice.js";
import { OpError, normDim, type Shape } from "./types.js";

/** A piece: where it starts along the dimension and how long it is. */
export interface Piece {
  start: number;
  length: number;
}

export const pieceParams = { dim: int.default(0), index: int };

/** The piece `index` (negative counts from the end) of the pieces of dimension `dim`. */
export function pickPiece(x: Shape, dim: number, index: number, cut: (size: number) => Piece[]): { dim: number; piece: Piece } {
  const d = normDim(dim, x.length);
  const pieces = cut(x[d]!);
  if (index < -pieces.length || index >= pieces.length) {
    throw new OpError(`index ${index} is out of range: dimension ${d} (size ${x[d]}) is cut into ${pieces.length} piece(s)`, undefined, "index");
  }
  const piece = pieces[index < 0 ? index + pieces.length : index]!;
  if (piece.length === 0) throw new OpError(`piece ${index} of dimension ${d} is empty`, "TensorRT cannot build empty tensors", "index");
  return { dim: d, piece };
}

/** Output shape of a piece. */
export function pieceShape(x: Shape, sel: { dim: number; piece: Piece }): Shape {
  return x.map((v, i) => (i === sel.dim ? sel.piece.length : v));
}

/** The lowering: one slice. */
export function lowerPiece(ctx: LowerContext, sel: { dim: number; piece: Piece }): string {
  return ctx.main(rangeSlice(ctx.input(), ctx.inputShapes[0]!, sel.dim, sel.piece.start, sel.piece.length));
}

/** Pieces of `size` elements each (the last may be shorter). */
export function evenPieces(total: number, size: number): Piece[] {
  const out: Piece[] = [];
  for (let s = 0; s < total; s += size) out.push({ start: s, length: Math.min(size, total - s) });
  return out;
}
