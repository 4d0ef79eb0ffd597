import * as z from "zod";
import { net, type NetworkCall } from "../lower/catalog.js";
import { int, posInt, unionError } from "./params.js";
import { OpError, defineOp, normDim } from "./types.js";

const params = z.strictObject({
  dim: int,
  start: int.default(0),
  end: z.union([int, z.null()], { error: unionError("expected an integer or null (to the end)") }).default(null),
  step: posInt.default(1),
});

/** Python slice semantics: negative indices count from the end, out-of-range indices clamp. */
export function sliceRange(size: number, p: z.output<typeof params>): { start: number; end: number; length: number } {
  const clampIdx = (i: number) => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const start = clampIdx(p.start);
  const end = p.end === null ? size : clampIdx(p.end);
  const length = end > start ? Math.ceil((end - start) / p.step) : 0;
  return { start, end, length };
}

/** addSlice of `length` elements of dimension `dim` from `start` by `step`, the other dimensions whole. */
export function rangeSlice(input: string, shape: readonly number[], dim: number, start: number, length: number, step = 1): NetworkCall {
  return net.addSlice({
    input,
    start: shape.map((_v, i) => (i === dim ? start : 0)),
    size: shape.map((v, i) => (i === dim ? length : v)),
    stride: shape.map((_v, i) => (i === dim ? step : 1)),
  });
}

export const slice = defineOp({
  name: "slice",
  summary: "takes start:end:step along one dimension (Python slice semantics)",
  pytorch: {
    functions: ["torch.narrow", "operator.getitem"],
    methods: ["narrow"],
    note: "x[..., start:end:step]",
  },
  params,
  arity: { min: 1, max: 1 },
  dynamic: "none",
  inferShape([x], p) {
    const d = normDim(p.dim, x!.length);
    const r = sliceRange(x![d]!, p);
    if (r.length === 0) {
      throw new OpError(`slice ${p.start}:${p.end ?? ""}:${p.step} of dimension ${d} (size ${x![d]}) is empty`, "TensorRT cannot build empty tensors", "start");
    }
    const out = [...x!];
    out[d] = r.length;
    return out;
  },
  lower(ctx, p) {
    const x = ctx.inputShapes[0]!;
    const d = p.dim < 0 ? p.dim + x.length : p.dim;
    return ctx.main(rangeSlice(ctx.input(), x, d, sliceRange(x[d]!, p).start, ctx.outShape[d]!, p.step));
  },
  describe: (p) => `dim=${p.dim} ${p.start}:${p.end ?? ""}${p.step !== 1 ? `:${p.step}` : ""}`,
});
