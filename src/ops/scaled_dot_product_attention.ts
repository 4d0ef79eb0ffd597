import { z } from "zod";
import { net, type LayerCall } from "../lower/catalog.js";
import type { LowerContext } from "../lower/context.js";
import { constantLimitProblem, shapeLimitProblem } from "../ir/limits.js";
import { broadcastShapes } from "./binary_common.js";
import { bool, num } from "./params.js";
import { OpError, defineOp, fmtShape } from "./types.js";

export interface AttentionParams {
  is_causal: boolean;
  scale?: number;
}

/** What the causal mask adds above the diagonal: a finite -inf (exp of it is 0 after the softmax's max). */
const MASKED = -3.4028234663852886e38;

/**
 * Throws when the attention scores [..., L, S] that the lowering computes are a tensor TensorRT cannot hold,
 * or, with `causal`, when the L × S mask it adds is past the limit on generated constants.
 */
export function checkScores(scoresShape: number[], causal = false): void {
  const problem = shapeLimitProblem(scoresShape);
  if (problem) {
    throw new OpError(
      `the attention scores (query @ keyᵀ) would have shape ${fmtShape(scoresShape)}: ${problem.reason}`,
      "the engine holds every query × key score of each head at once; shorten the sequences, or use a smaller batch or fewer heads",
    );
  }
  const [L, S] = scoresShape.slice(-2) as [number, number];
  const mask = causal ? constantLimitProblem(L * S, `the causal mask [${L}, ${S}]`) : undefined;
  if (mask) throw new OpError(mask.reason, mask.hint);
}

/**
 * softmax(q @ kᵀ * scale [+ causal mask]) @ v on tensors q [..., L, E], k [..., S, E] and
 * v [..., S, Ev] (leading dimensions broadcast; `shapes` gives q's and k's), giving `outShape`
 * [..., L, Ev]. The first layer (q @ kᵀ) is added through `first` (the op's main layer, or a helper).
 */
export function attend(
  ctx: LowerContext,
  [q, k, v]: [string, string, string],
  [qShape, kShape]: [number[], number[]],
  outShape: number[],
  scale: number,
  causal: boolean,
  first: (call: LayerCall, shape: number[]) => string,
): string {
  const r = qShape.length;
  const [L, S] = [qShape[r - 2]!, kShape[r - 2]!];
  const scoresShape = [...outShape.slice(0, -2), L, S];
  const ones = Array<number>(r).fill(1);
  const scores = first(net.addMatrixMultiply({ input0: q, op0: "kNONE", input1: k, op1: "kTRANSPOSE" }), scoresShape);
  const c = ctx.constantTensor([scale], ones, "scale");
  let logits = ctx.helper("scaled", net.addElementWise({ input1: scores, input2: c, op: "kPROD" }), scoresShape);
  if (causal) {
    // PyTorch's causal mask: query i sees keys j <= i (top-left aligned)
    const mask = Array.from({ length: L * S }, (_x, n) => (n % S <= Math.floor(n / S) ? 0 : MASKED));
    const m = ctx.constantTensor(mask, [...Array<number>(r - 2).fill(1), L, S], "causal_mask");
    logits = ctx.helper("masked", net.addElementWise({ input1: logits, input2: m, op: "kSUM" }), scoresShape);
  }
  const weights = ctx.helper("softmax", net.addSoftMax({ input: logits }, { axes: [r - 1] }), scoresShape);
  return ctx.helper("matmul", net.addMatrixMultiply({ input0: weights, op0: "kNONE", input1: v, op1: "kNONE" }), outShape);
}

export const scaled_dot_product_attention = defineOp<AttentionParams>({
  name: "scaled_dot_product_attention",
  summary: "softmax(q @ kᵀ * scale [+ causal mask]) @ v, no dropout",
  pytorch: { functions: ["torch.nn.functional.scaled_dot_product_attention"], note: "PyTorch 2.0+; no attn_mask, dropout_p 0" },
  params: z.strictObject({
    is_causal: bool.default(false),
    scale: num.refine((v) => v > 0, "expected a positive number").optional(),
  }) as z.ZodType<AttentionParams>,
  arity: { min: 3, max: 3 },
  inferShape([q, k, v], p) {
    for (const [name, s] of [
      ["query", q!],
      ["key", k!],
      ["value", v!],
    ] as const) {
      if (s.length < 2) throw new OpError(`${name} ${fmtShape(s)} needs at least 2 dimensions [..., L, E]`);
    }
    if (q!.length !== k!.length || q!.length !== v!.length) {
      throw new OpError(
        `query ${fmtShape(q!)}, key ${fmtShape(k!)} and value ${fmtShape(v!)} have different ranks`,
        "give all three the same rank (1s broadcast)",
      );
    }
    const r = q!.length;
    if (q![r - 1] !== k![r - 1]) throw new OpError(`query ${fmtShape(q!)} and key ${fmtShape(k!)} differ in the last (embedding) dimension`);
    if (k![r - 2] !== v![r - 2]) throw new OpError(`key ${fmtShape(k!)} and value ${fmtShape(v!)} differ in the sequence dimension (-2)`);
    const batch = broadcastShapes(broadcastShapes(q!.slice(0, -2), k!.slice(0, -2)), v!.slice(0, -2));
    checkScores([...batch, q![r - 2]!, k![r - 2]!], p.is_causal);
    return [...batch, q![r - 2]!, v![r - 1]!];
  },
  lower(ctx, p) {
    const [q, k] = ctx.inputShapes as [number[], number[]];
    const E = q[q.length - 1]!;
    return attend(ctx, [ctx.input(0), ctx.input(1), ctx.input(2)], [q, k], ctx.outShape, p.scale ?? 1 / Math.sqrt(E), p.is_causal, (call, shape) =>
      ctx.main(call, shape),
    );
  },
  describe: (p) => [p.is_causal ? "causal" : "", p.scale !== undefined ? `scale=${p.scale}` : ""].filter(Boolean).join(" "),
});
