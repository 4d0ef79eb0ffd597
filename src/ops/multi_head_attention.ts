import * as z from "zod";
import { net } from "../lower/catalog.js";
import type { LowerContext } from "../lower/context.js";
import { bool, posInt } from "./params.js";
import { attend, checkScores } from "./scaled_dot_product_attention.js";
import { OpError, defineOp, fmtShape } from "./types.js";

export interface MultiHeadAttentionParams {
  embed_dim: number;
  num_heads: number;
  bias: boolean;
  kdim?: number;
  vdim?: number;
  batch_first: boolean;
  use_separate_proj_weight: boolean;
}

const ROLES = ["query", "key", "value"] as const;
const PROJ = ["q", "k", "v"] as const;

/** The tensor input (0..2) each of query, key and value reads: one input is all three, two are query and key = value. */
const source = (n: number, i: number): number => Math.min(i, n - 1);

/** kdim and vdim, defaulting to embed_dim as PyTorch's do. */
const dims = (p: MultiHeadAttentionParams): [number, number, number] => [p.embed_dim, p.kdim ?? p.embed_dim, p.vdim ?? p.embed_dim];

export const multi_head_attention = defineOp<MultiHeadAttentionParams>({
  name: "multi_head_attention",
  summary: "torch.nn.MultiheadAttention in eval mode: out_proj(softmax(q kᵀ / √d) v per head) of the projected query, key and value; the attention output only",
  pytorch: {
    modules: ["torch.nn.MultiheadAttention"],
    note: "inputs [query] (self-attention), [query, key = value] or [query, key, value]; no masks, add_bias_kv or add_zero_attn; the attention weights output is not computed",
  },
  params: z.strictObject({
    embed_dim: posInt,
    num_heads: posInt,
    bias: bool.default(true),
    kdim: posInt.optional(),
    vdim: posInt.optional(),
    batch_first: bool.default(false),
    use_separate_proj_weight: bool.default(false),
  }) as z.ZodType<MultiHeadAttentionParams>,
  arity: { min: 1, max: 3 },
  dynamic: "none",
  inferShape(inputs, p) {
    const [E, kdim, vdim] = dims(p);
    if (E % p.num_heads !== 0) throw new OpError(`embed_dim ${E} is not divisible by num_heads ${p.num_heads}`, undefined, "num_heads");
    if ((kdim !== E || vdim !== E) && !p.use_separate_proj_weight) {
      throw new OpError(
        `kdim ${kdim} / vdim ${vdim} differ from embed_dim ${E}, so the projections cannot be one packed in_proj_weight`,
        "set use_separate_proj_weight: true (PyTorch then stores q_proj_weight, k_proj_weight and v_proj_weight)",
        "use_separate_proj_weight",
      );
    }
    const shapes = [0, 1, 2].map((i) => inputs[source(inputs.length, i)]!);
    const [q, k, v] = shapes as [number[], number[], number[]];
    const layout = q.length === 2 ? "[L, E] (unbatched)" : p.batch_first ? "[N, L, E] (batch_first)" : "[L, N, E]";
    for (const [i, s] of shapes.entries()) {
      const want = [E, kdim, vdim][i]!;
      if ((s.length !== 2 && s.length !== 3) || s.length !== q.length || s[s.length - 1] !== want) {
        throw new OpError(
          `${ROLES[i]} ${fmtShape(s)} does not fit: expected ${layout} with ${i === 0 ? "embed_dim" : i === 1 ? "kdim" : "vdim"} ${want} last, of the query's rank`,
          inputs.length < 3 && i > 0
            ? `this layer has ${inputs.length} input(s): ${inputs.length === 1 ? "key and value are the query" : "value is the key"}`
            : undefined,
        );
      }
    }
    const seq = q.length === 3 && p.batch_first ? 1 : 0;
    if (k[seq] !== v[seq]) throw new OpError(`key ${fmtShape(k)} and value ${fmtShape(v)} differ in the sequence length`);
    if (q.length === 3 && (q[1 - seq] !== k[1 - seq] || k[1 - seq] !== v[1 - seq])) {
      throw new OpError(`query ${fmtShape(q)}, key ${fmtShape(k)} and value ${fmtShape(v)} differ in the batch size`);
    }
    checkScores([q.length === 3 ? q[1 - seq]! : 1, p.num_heads, q[seq]!, k[seq]!]);
    return [...q];
  },
  weightRoles: [
    { role: "in_proj_weight", shape: "[3 * embed_dim, embed_dim]", unless: "use_separate_proj_weight" },
    { role: "q_proj_weight", shape: "[embed_dim, embed_dim]", if: "use_separate_proj_weight" },
    { role: "k_proj_weight", shape: "[embed_dim, kdim]", if: "use_separate_proj_weight" },
    { role: "v_proj_weight", shape: "[embed_dim, vdim]", if: "use_separate_proj_weight" },
    { role: "in_proj_bias", shape: "[3 * embed_dim]", if: "bias" },
    { role: "out_proj.weight", shape: "[embed_dim, embed_dim]" },
    { role: "out_proj.bias", shape: "[embed_dim]", if: "bias" },
  ],
  weights(_in, p) {
    const [E, kdim, vdim] = dims(p);
    const w = (role: string, shape: number[], labels?: (string | undefined)[]) => ({ role, shape, labels });
    return [
      ...(p.use_separate_proj_weight
        ? [w("q_proj_weight", [E, E], ["out", "in"]), w("k_proj_weight", [E, kdim], ["out", "in"]), w("v_proj_weight", [E, vdim], ["out", "in"])]
        : [w("in_proj_weight", [3 * E, E], ["out", "in"])]),
      ...(p.bias ? [w("in_proj_bias", [3 * E], ["out"])] : []),
      w("out_proj.weight", [E, E], ["out", "in"]),
      ...(p.bias ? [w("out_proj.bias", [E], ["out"])] : []),
    ];
  },
  macs(inputs, p) {
    const [E, kdim, vdim] = dims(p);
    const [q, k] = [inputs[0]!, inputs[source(inputs.length, 1)]!];
    const seq = q.length === 3 && p.batch_first ? 1 : 0;
    const N = q.length === 3 ? q[1 - seq]! : 1;
    const [L, S] = [q[seq]!, k[seq]!];
    // the q, k and v projections, q kᵀ and softmax(...) v over all heads, out_proj
    return N * (L * E * E + S * E * (kdim + vdim) + 2 * L * S * E + L * E * E);
  },
  lower(ctx, p) {
    const [E, kdim, vdim] = dims(p);
    const H = p.num_heads;
    const d = E / H;
    const n = ctx.inputs.length;
    const rank = ctx.outShape.length;
    // each input as [N, L, features]
    const batched = ctx.inputShapes.map((s, i) => toBatchFirst(ctx, p, ctx.input(i), s, i));
    const split = (x: string, shape: number[], suffix: string) => {
      const [N, L] = shape as [number, number];
      const heads = [N, L, shape[2]! / d, d];
      return ctx.helper(suffix, net.addShuffle({ input: x }, { reshapeDimensions: heads, secondTranspose: [0, 2, 1, 3] }), [N, heads[2]!, L, d]);
    };
    let first = true; // the first projection is the spec layer's main layer
    const matmul = (suffix: string, x: string, w: string, outShape: number[]) => {
      const call = net.addMatrixMultiply({ input0: x, op0: "kNONE", input1: w, op1: "kTRANSPOSE" });
      const t = first ? ctx.main(call, outShape) : ctx.helper(suffix, call, outShape);
      first = false;
      return t;
    };
    const constant = (role: string, shape: number[]) => ctx.helper(role, net.addConstant({ dimensions: shape, weights: ctx.weight(role) }), shape);
    const bias = p.bias ? constant("in_proj_bias", [1, 1, 3 * E]) : null;
    const packed = p.use_separate_proj_weight ? null : constant("in_proj_weight", [1, 3 * E, E]);
    let heads: string[];
    if (packed !== null && n === 1) {
      // self-attention: one [N, L, 3E] projection, split into the q, k and v heads
      const [x, shape] = batched[0]!;
      const [N, L] = shape as [number, number];
      let qkv = matmul("qkv", x, packed, [N, L, 3 * E]);
      if (bias !== null) qkv = ctx.helper("qkv_bias", net.addElementWise({ input1: qkv, input2: bias, op: "kSUM" }), [N, L, 3 * E]);
      const all = split(qkv, [N, L, 3 * E], "qkv_heads");
      heads = PROJ.map((v, i) =>
        ctx.helper(`${v}_heads`, net.addSlice({ input: all, start: [0, i * H, 0, 0], size: [N, H, L, d], stride: [1, 1, 1, 1] }), [N, H, L, d]),
      );
    } else {
      heads = PROJ.map((v, i) => {
        const [x, shape] = batched[source(n, i)]!;
        const [N, L] = shape as [number, number];
        const inF = [E, kdim, vdim][i]!;
        const w =
          packed !== null
            ? ctx.helper(`${v}_proj_weight`, net.addSlice({ input: packed, start: [0, i * E, 0], size: [1, E, E], stride: [1, 1, 1] }), [1, E, E])
            : constant(`${v}_proj_weight`, [1, E, inF]);
        let y = matmul(`${v}_proj`, x, w, [N, L, E]);
        if (bias !== null) {
          const b = ctx.helper(`${v}_proj_bias`, net.addSlice({ input: bias, start: [0, 0, i * E], size: [1, 1, E], stride: [1, 1, 1] }), [1, 1, E]);
          y = ctx.helper(`${v}_add_bias`, net.addElementWise({ input1: y, input2: b, op: "kSUM" }), [N, L, E]);
        }
        return split(y, [N, L, E], `${v}_heads`);
      });
    }
    const [, qShape] = batched[0]!;
    const [N, L] = qShape as [number, number];
    const S = batched[source(n, 1)]![1][1]!;
    const attn = attend(
      ctx,
      heads as [string, string, string],
      [
        [N, H, L, d],
        [N, H, S, d],
      ],
      [N, H, L, d],
      1 / Math.sqrt(d),
      false,
      (call, shape) => ctx.helper("scores", call, shape),
    );
    const merged = ctx.helper("merge_heads", net.addShuffle({ input: attn }, { firstTranspose: [0, 2, 1, 3], reshapeDimensions: [N, L, E] }), [N, L, E]);
    let out = matmul("out_proj", merged, constant("out_proj.weight", [1, E, E]), [N, L, E]);
    if (p.bias) out = ctx.helper("out_proj_add_bias", net.addElementWise({ input1: out, input2: constant("out_proj.bias", [1, 1, E]), op: "kSUM" }), [N, L, E]);
    if (rank === 2) return ctx.reshape(out, ctx.outShape, "unbatched");
    return p.batch_first ? out : ctx.helper("seq_first", net.addShuffle({ input: out }, { firstTranspose: [1, 0, 2] }), ctx.outShape);
  },
  describe: (p) =>
    [
      `heads=${p.num_heads}`,
      p.kdim !== undefined ? `kdim=${p.kdim}` : "",
      p.vdim !== undefined ? `vdim=${p.vdim}` : "",
      p.batch_first ? "batch_first" : "",
      p.bias ? "" : "bias=false",
    ]
      .filter(Boolean)
      .join(" "),
});

/** An input as [N, L, features]: unbatched [L, F] gets N = 1, sequence-first [L, N, F] is transposed. */
function toBatchFirst(ctx: LowerContext, p: MultiHeadAttentionParams, x: string, s: number[], i: number): [string, number[]] {
  if (s.length === 2) {
    const shape = [1, ...s];
    return [ctx.reshape(x, shape, `${ROLES[i]}_batched`), shape];
  }
  if (p.batch_first) return [x, s];
  const shape = [s[1]!, s[0]!, s[2]!];
  return [ctx.helper(`${ROLES[i]}_batch_first`, net.addShuffle({ input: x }, { firstTranspose: [1, 0, 2] }), shape), shape];
}
