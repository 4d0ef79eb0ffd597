import * as z from "zod";
import { net } from "../lower/catalog.js";
import { dimList, intOrList, unionError } from "./params.js";
import { OpError, defineOp, fmtShape, normDim, product } from "./types.js";

const params = z.strictObject({
  shifts: intOrList("a shift"),
  dims: z.union([dimList, z.null()], { error: unionError("expected a dimension index, a list of them, or null (the flattened tensor)") }).default(null),
});

/** Per dimension of the (flattened when dims is null) input: the first element read, the shift taken modulo the size. */
function rolledStart(shape: readonly number[], p: z.output<typeof params>): number[] {
  const start = shape.map(() => 0);
  (p.dims ?? [0]).forEach((d, i) => {
    const dim = normDim(d, shape.length, "dims");
    const n = shape[dim]!;
    start[dim] = (((start[dim]! - p.shifts[i]!) % n) + n) % n;
  });
  return start;
}

export const roll = defineOp({
  name: "roll",
  summary: "rolls elements along dimensions (those pushed past the end come back at the start); dims null rolls the flattened tensor",
  pytorch: { functions: ["torch.roll"], methods: ["roll"] },
  params,
  arity: { min: 1, max: 1 },
  dynamic: "none",
  inferShape([x], p) {
    if (p.dims === null) {
      if (p.shifts.length !== 1) throw new OpError(`without dims, shifts must be one value, got ${fmtShape(p.shifts)}`, undefined, "shifts");
    } else {
      if (p.dims.length !== p.shifts.length) {
        throw new OpError(`shifts has ${p.shifts.length} entries but dims has ${p.dims.length}`, "give one shift per dimension", "shifts");
      }
      p.dims.forEach((d) => normDim(d, x!.length, "dims"));
    }
    return [...x!];
  },
  lower(ctx, p) {
    // one slice in wrap mode: out[i] = x[(i - shift) mod n]
    const shape = p.dims === null ? [product(ctx.outShape)] : ctx.outShape;
    const input = p.dims === null ? ctx.reshape(ctx.input(), shape, "flatten") : ctx.input();
    const call = net.addSlice({ input, start: rolledStart(shape, p), size: shape, stride: shape.map(() => 1) }, { mode: "kSliceWrap" });
    if (p.dims !== null) return ctx.main(call);
    return ctx.reshape(ctx.helper("roll", call, shape), ctx.outShape, "unflatten");
  },
  describe: (p) => `shifts=${fmtShape(p.shifts)}${p.dims ? ` dims=${fmtShape(p.dims)}` : ""}`,
});
