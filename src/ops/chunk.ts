import * as z from "zod";
import { posInt } from "./params.js";
import { evenPieces, lowerPiece, pickPiece, pieceParams, pieceShape } from "./piece_common.js";
import { defineOp } from "./types.js";

const params = z.strictObject({ chunks: posInt, ...pieceParams });

/** PyTorch's chunks: ceil(size / chunks) elements each, the last shorter; there may be fewer than `chunks`. */
const select = (x: number[], p: z.output<typeof params>) => pickPiece(x, p.dim, p.index, (n) => evenPieces(n, Math.ceil(n / p.chunks)));

export const chunk = defineOp({
  name: "chunk",
  summary: "piece `index` of torch.chunk(input, chunks, dim) (ceil(size / chunks) elements each, the last shorter)",
  pytorch: { functions: ["torch.chunk"], methods: ["chunk"], note: "one layer per used piece: `q, k, v = x.chunk(3)` gives three layers with index 0, 1, 2" },
  params,
  arity: { min: 1, max: 1 },
  dynamic: "none",
  inferShape: ([x], p) => pieceShape(x!, select(x!, p)),
  lower: (ctx, p) => lowerPiece(ctx, select(ctx.inputShapes[0]!, p)),
  describe: (p) => `${p.chunks} chunks dim=${p.dim} [${p.index}]`,
});
