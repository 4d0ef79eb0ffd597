import * as z from "zod";
import { nonNegInt, posInt, unionError } from "./params.js";
import { evenPieces, lowerPiece, pickPiece, pieceParams, pieceShape, type Piece } from "./piece_common.js";
import { OpError, defineOp, fmtShape } from "./types.js";

const params = z.strictObject({
  split_size_or_sections: z.union([posInt, z.array(nonNegInt).min(1)], { error: unionError("expected a positive piece size or a list of section sizes") }),
  ...pieceParams,
});

function sections(total: number, sizes: number[]): Piece[] {
  const sum = sizes.reduce((a, b) => a + b, 0);
  if (sum !== total)
    throw new OpError(`sections ${fmtShape(sizes)} add up to ${sum}, but the dimension has size ${total}`, undefined, "split_size_or_sections");
  let start = 0;
  return sizes.map((length) => {
    const piece = { start, length };
    start += length;
    return piece;
  });
}

const select = (x: number[], p: z.output<typeof params>) => {
  const s = p.split_size_or_sections;
  return pickPiece(x, p.dim, p.index, (n) => (typeof s === "number" ? evenPieces(n, s) : sections(n, s)));
};

export const split = defineOp({
  name: "split",
  summary: "piece `index` of torch.split(input, split_size_or_sections, dim): pieces of one size (the last shorter) or of the listed sizes",
  pytorch: { functions: ["torch.split"], methods: ["split"], note: "one layer per used piece, like chunk" },
  params,
  arity: { min: 1, max: 1 },
  dynamic: "none",
  inferShape: ([x], p) => pieceShape(x!, select(x!, p)),
  lower: (ctx, p) => lowerPiece(ctx, select(ctx.inputShapes[0]!, p)),
  describe: (p) => `${JSON.stringify(p.split_size_or_sections)} dim=${p.dim} [${p.index}]`,
});
