import * as z from "zod";
import { net } from "../lower/catalog.js";
import { broadcastShapes } from "./binary_common.js";
import { OpError, defineOp, fmtShape, product, type Shape } from "./types.js";

/** The operands as matrices (a 1-D a is a row [1, k], a 1-D b a column [k, 1]), the result before 1-D squeezing, and the result. */
function plan(a: Shape, b: Shape): { a2: Shape; b2: Shape; full: Shape; out: Shape } {
  if (a.length === 1 && b.length === 1) {
    throw new OpError(
      `two 1-D operands ${fmtShape(a)} and ${fmtShape(b)} give a 0-d dot product, which trtgen does not produce`,
      "reshape one to [1, k] (op: reshape) and the result back",
    );
  }
  const a2 = a.length === 1 ? [1, a[0]!] : a;
  const b2 = b.length === 1 ? [b[0]!, 1] : b;
  const k = a2[a2.length - 1]!;
  if (b2[b2.length - 2] !== k) {
    throw new OpError(
      `the inner dimensions differ: ${fmtShape(a)} @ ${fmtShape(b)} multiplies ${k} columns by ${b2[b2.length - 2]} rows`,
      "the last dimension of the first operand must equal the second-to-last of the second",
    );
  }
  const batch = broadcastShapes(a2.slice(0, -2), b2.slice(0, -2));
  const full = [...batch, a2[a2.length - 2]!, b2[b2.length - 1]!];
  const out = full.filter((_d, i) => !(a.length === 1 && i === full.length - 2) && !(b.length === 1 && i === full.length - 1));
  return { a2, b2, full, out };
}

export const matmul = defineOp({
  name: "matmul",
  summary: "matrix product with torch.matmul's rules: batch dimensions broadcast, a 1-D operand is a vector",
  pytorch: { functions: ["torch.matmul", "torch.bmm", "operator.matmul"], methods: ["matmul", "bmm"] },
  params: z.strictObject({}),
  arity: { min: 2, max: 2 },
  dynamic: "any",
  inferShape([a, b]) {
    return plan(a!, b!).out;
  },
  macs([a], _p, out) {
    return product(out) * a![a!.length - 1]!;
  },
  lower(ctx) {
    // TensorRT multiplies operands of equal rank (batch dimensions of 1 broadcast):
    // lower-rank operands and vectors are reshaped with 1s, and the result back
    const { a2, b2, full, out } = plan(ctx.inputShapes[0]!, ctx.inputShapes[1]!);
    const ones = (n: number) => Array<number>(n).fill(1);
    const [a, b] = [a2, b2].map((s, i) => {
      const padded = [...ones(full.length - s.length), ...s];
      return padded.join() === ctx.inputShapes[i]!.join() ? ctx.input(i) : ctx.reshape(ctx.input(i), padded, `operand${i}`);
    }) as [string, string];
    const y = ctx.main(net.addMatrixMultiply({ input0: a, op0: "kNONE", input1: b, op1: "kNONE" }), full);
    return out.length === full.length ? y : ctx.reshape(y, out, "squeeze");
  },
});
