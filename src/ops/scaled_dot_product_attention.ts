import * as z from "zod";
import { net, type LayerCall } from "../lower/catalog.js";
import type { LowerContext } from "../lower/context.js";
import { shapeLimitProblem } from "../ir/limits.js";
import { broadcastShapes } from "./binary_common.js";
import { bool, num } from "./params.js";
import { OpError, defineOp, fmtShape, product } from "./types.js";

export interface AttentionParams {
  is_causal: boolean;
  scale?: number;
}

/** What the causal mask puts above the diagonal: a finite -inf (exp of it is 0 after the softmax's max). */
const MASKED = -3.4028234663852886e38;
/** The causal mask's index split (see attend); sequences of up to CAUSAL_BASE × 2048 positions compare exactly in FP16. */
const CAUSAL_BASE = 64;
const MAX_CAUSAL_LENGTH = CAUSAL_BASE * 2048;

/**
 * Throws when the attention scores [..., L, S] that the lowering computes are a tensor TensorRT cannot hold,
 * or, with `causal`, when a sequence is longer than the mask's positions can be compared.
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
  if (causal && Math.max(L, S) > MAX_CAUSAL_LENGTH) {
    throw new OpError(
      `a causal mask over ${Math.max(L, S)} positions: trtgen builds it from positions compared exactly in FP16, up to ${MAX_CAUSAL_LENGTH}`,
      "shorten the sequences",
    );
  }
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
    // PyTorch's causal mask: query i sees keys j <= i (top-left aligned). Built in the network from
    // index vectors of L and S values, not as an L × S constant (2^30 values for 32768 tokens): key j
    // is hidden where j - i > 0, computed as BASE (j_hi - i_hi) + (j_lo - i_lo) for i = BASE i_hi + i_lo,
    // whose parts stay exact in FP16 (integers up to 2048) and whose sign rounding cannot change
    const lead = Array<number>(r - 2).fill(1);
    const index = (n: number, part: (i: number) => number) => Array.from({ length: n }, (_x, i) => part(i));
    const hi = (i: number) => Math.floor(i / CAUSAL_BASE);
    const lo = (i: number) => i % CAUSAL_BASE;
    const maskShape = [...lead, L, S];
    const ew = (suffix: string, a: string, b: string, op: "kSUB" | "kPROD" | "kSUM" | "kGREATER") =>
      ctx.helper(suffix, net.addElementWise({ input1: a, input2: b, op }), maskShape);
    const dHi = ew(
      "causal_hi",
      ctx.constantTensor(index(S, hi), [...lead, 1, S], "causal_key_hi"),
      ctx.constantTensor(index(L, hi), [...lead, L, 1], "causal_query_hi"),
      "kSUB",
    );
    const dLo = ew(
      "causal_lo",
      ctx.constantTensor(index(S, lo), [...lead, 1, S], "causal_key_lo"),
      ctx.constantTensor(index(L, lo), [...lead, L, 1], "causal_query_lo"),
      "kSUB",
    );
    const offset = ew("causal_offset", ew("causal_hi_scaled", dHi, ctx.constantTensor([CAUSAL_BASE], ones, "causal_base"), "kPROD"), dLo, "kSUM");
    const after = ew("causal_after", offset, ctx.constantTensor([0], ones, "causal_zero"), "kGREATER");
    const hidden = ctx.constantTensor([MASKED], ones, "causal_hidden");
    logits = ctx.helper("masked", net.addSelect({ condition: after, thenInput: hidden, elseInput: logits }), scoresShape);
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
  dynamic: "none",
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
  macs([q, k], _p, out) {
    // q kᵀ: L × S dot products of E values; the weights times v: L × Ev dot products of S values (per batch)
    const [E, S] = [q![q!.length - 1]!, k![k!.length - 2]!];
    return product(out.slice(0, -1)) * S * E + product(out) * S;
  },
  describe: (p) => [p.is_causal ? "causal" : "", p.scale !== undefined ? `scale=${p.scale}` : ""].filter(Boolean).join(" "),
});
