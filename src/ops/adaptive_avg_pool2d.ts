import * as z from "zod";
import { net } from "../lower/catalog.js";
import type { LowerContext } from "../lower/context.js";
import { posInt, unionError } from "./params.js";
import { defineOp, requireRank } from "./types.js";

const size = z.union([posInt, z.null()]);
const params = z.strictObject({
  output_size: z.union([posInt, z.tuple([size, size])], { error: unionError("expected a positive integer or [h, w] (null keeps that input size)") }),
});

export function adaptiveOutHW(h: number, w: number, p: z.output<typeof params>): [number, number] {
  const o = p.output_size;
  if (typeof o === "number") return [o, o];
  return [o[0] ?? h, o[1] ?? w];
}

export const adaptive_avg_pool2d = defineOp({
  name: "adaptive_avg_pool2d",
  summary: "2-D adaptive average pooling to a fixed output size",
  pytorch: { modules: ["torch.nn.AdaptiveAvgPool2d"], functions: ["torch.nn.functional.adaptive_avg_pool2d"] },
  params,
  arity: { min: 1, max: 1 },
  // a dynamic H or W: only the global average (a reduce) holds for every extent
  dynamic({ inputs: [x], out }) {
    if (x![2] !== -1 && x![3] !== -1) return undefined;
    if (out[2] === 1 && out[3] === 1) return undefined;
    return {
      reason: `the input's ${x![2] === -1 ? "height" : "width"} varies, and adaptive pooling to a size other than 1×1 needs it at build time (its windows depend on it)`,
      hint: "use output_size: 1 (global average pooling), or give H and W static sizes",
      param: "output_size",
    };
  },
  inferShape([x], p) {
    requireRank(x!, 4, "N, C, H, W");
    const [n, c, h, w] = x as [number, number, number, number];
    const [oh, ow] = adaptiveOutHW(h, w, p);
    return [n, c, oh, ow];
  },
  lower(ctx) {
    const [n, c, h, w] = ctx.inputShapes[0] as [number, number, number, number];
    const [oh, ow] = [ctx.outShape[2]!, ctx.outShape[3]!];
    if (oh === 1 && ow === 1) {
      return ctx.main(net.addReduce({ input: ctx.input(), operation: "kAVG", reduceAxes: [2, 3], keepDimensions: true }));
    }
    if (h % oh === 0 && w % ow === 0) {
      // uniform windows: a plain average pooling
      const k = [h / oh, w / ow];
      return ctx.main(net.addPoolingNd({ input: ctx.input(), type: "kAVERAGE", windowSize: k }, { stride: k }));
    }
    // PyTorch windows [floor(i*I/O), ceil((i+1)*I/O)) differ in size: average each
    // window's rows, then each window's columns (exact: windows are rectangles).
    let x = ctx.inputs[0]!;
    x = adaptiveAxis(ctx, x, [n, c, h, w], 2, oh);
    x = adaptiveAxis(ctx, x, [n, c, oh, w], 3, ow);
    return x;
  },
  describe(p) {
    const o = p.output_size;
    return `out=${typeof o === "number" ? o : `${o[0] ?? "-"}x${o[1] ?? "-"}`}`;
  },
});

function adaptiveAxis(ctx: LowerContext, x: string, shape: number[], axis: number, out: number): string {
  const size = shape[axis]!;
  if (size === out) return x;
  const parts: string[] = [];
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * size) / out);
    const end = Math.ceil(((i + 1) * size) / out);
    const sliceShape = shape.map((d, j) => (j === axis ? end - start : d));
    const meanShape = shape.map((d, j) => (j === axis ? 1 : d));
    const s = ctx.helper(
      `axis${axis}_${i}`,
      net.addSlice({ input: x, start: shape.map((_d, j) => (j === axis ? start : 0)), size: sliceShape, stride: shape.map(() => 1) }),
      sliceShape,
    );
    parts.push(ctx.helper(`axis${axis}_${i}_mean`, net.addReduce({ input: s, operation: "kAVG", reduceAxes: [axis], keepDimensions: true }), meanShape));
  }
  const outShape = shape.map((d, j) => (j === axis ? out : d));
  return ctx.helper(`axis${axis}`, net.addConcatenation({ inputs: parts }, { axis }), outShape);
}
