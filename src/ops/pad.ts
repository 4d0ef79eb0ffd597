import * as z from "zod";
import { builder, net } from "../lower/catalog.js";
import { int, num } from "./params.js";
import { OpError, defineOp, fmtShape } from "./types.js";

/** PyTorch's mode → the ISliceLayer mode that reads outside the input the same way. */
const MODES = { reflect: "kSliceReflect", replicate: "kSliceClamp", circular: "kSliceWrap" } as const;

const params = z.strictObject({
  pad: z.array(int, { error: "expected a list of paddings [last_left, last_right, next_left, next_right, ...]" }).min(2),
  mode: z.enum(["constant", "reflect", "replicate", "circular"], { error: "expected 'constant', 'reflect', 'replicate' or 'circular'" }).default("constant"),
  value: num.default(0),
});

/** Per dimension of a rank-`rank` tensor: the elements added before and after (negative crops). */
function perDim(rank: number, pad: readonly number[]): { pre: number[]; post: number[] } {
  const pre = Array<number>(rank).fill(0);
  const post = Array<number>(rank).fill(0);
  for (let k = 0; 2 * k < pad.length; k++) {
    pre[rank - 1 - k] = pad[2 * k]!;
    post[rank - 1 - k] = pad[2 * k + 1]!;
  }
  return { pre, post };
}

export const pad = defineOp({
  name: "pad",
  summary: "pads (or crops, with negative sizes) the last dimensions: constant, reflect, replicate or circular",
  pytorch: {
    functions: ["torch.nn.functional.pad"],
    // their constructor arguments are not the parameters: python/trtgen_export/draft/modules.py
    note: "nn.ZeroPad2d, nn.ConstantPad1d/2d/3d, nn.ReflectionPad1d/2d/3d, nn.ReplicationPad1d/2d/3d",
  },
  params,
  arity: { min: 1, max: 1 },
  dynamic: "none",
  inferShape([x], p) {
    const rank = x!.length;
    const k = p.pad.length / 2;
    if (p.pad.length % 2 !== 0) throw new OpError(`pad has ${p.pad.length} entries; expected pairs (before, after) per dimension`, undefined, "pad");
    if (k > rank) throw new OpError(`pad has ${k} pairs but the input has only ${rank} dimensions`, undefined, "pad");
    if (p.mode !== "constant") {
      if (k > 3 || (rank !== k + 1 && rank !== k + 2)) {
        throw new OpError(
          `mode '${p.mode}' pads the last 1 to 3 dimensions of a tensor with 1 or 2 more; got ${k} pair(s) for rank ${rank}`,
          "PyTorch accepts 2-D to 5-D inputs here (e.g. 2 pairs for [N, C, H, W])",
          "pad",
        );
      }
      if (p.value !== 0) throw new OpError(`mode '${p.mode}' takes no value`, undefined, "value");
    }
    const { pre, post } = perDim(rank, p.pad);
    return x!.map((n, d) => {
      const size = n + pre[d]! + post[d]!;
      if (size <= 0) throw new OpError(`padding ${pre[d]}, ${post[d]} leaves dimension ${d} (size ${n}) empty`, "TensorRT cannot build empty tensors", "pad");
      for (const side of [pre[d]!, post[d]!]) {
        if (p.mode === "reflect" && side >= n) {
          throw new OpError(`reflect padding ${side} of dimension ${d} must be less than its size ${n}`, undefined, "pad");
        }
        // PyTorch wraps around the cropped dimension (what remains after negative padding)
        const kept = n + Math.min(pre[d]!, 0) + Math.min(post[d]!, 0);
        if (p.mode === "circular" && side > kept) {
          throw new OpError(
            `circular padding ${side} of dimension ${d} is larger than its ${kept === n ? "size" : "size after cropping"} ${kept} (it would wrap around more than once)`,
            undefined,
            "pad",
          );
        }
      }
      return size;
    });
  },
  lower(ctx, p) {
    const { pre } = perDim(ctx.outShape.length, p.pad);
    const start = pre.map((v) => (v === 0 ? 0 : -v)); // no -0 in the emitted dims
    const size = ctx.outShape;
    if (p.mode === "constant") return ctx.main(builder.fillSlice({ input: ctx.input(), start, size, value: p.value }));
    const stride = size.map(() => 1);
    const { post } = perDim(size.length, p.pad);
    if (p.mode !== "circular" || [...pre, ...post].every((v) => v >= 0)) {
      return ctx.main(net.addSlice({ input: ctx.input(), start, size, stride }, { mode: MODES[p.mode] }));
    }
    // circular with negative sizes wraps around the cropped tensor: crop first, then wrap
    const x = ctx.inputShapes[0]!;
    const kept = x.map((n, d) => n + Math.min(pre[d]!, 0) + Math.min(post[d]!, 0));
    const cropped = ctx.helper("crop", net.addSlice({ input: ctx.input(), start: pre.map((v) => Math.max(-v, 0)), size: kept, stride }), kept);
    const wrapStart = pre.map((v) => (v > 0 ? -v : 0));
    return ctx.main(net.addSlice({ input: cropped, start: wrapStart, size, stride }, { mode: "kSliceWrap" }));
  },
  describe: (p) => `${fmtShape(p.pad)} ${p.mode}${p.mode === "constant" && p.value !== 0 ? ` value=${p.value}` : ""}`,
});
