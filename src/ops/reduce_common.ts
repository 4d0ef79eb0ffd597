import * as z from "zod";
import { net } from "../lower/catalog.js";
import { bool, dimList } from "./params.js";
import { OpError, defineOp, fmtShape, normDim, type OpDef, type PytorchRef } from "./types.js";

export interface ReduceParams {
  dim: number[];
  keepdim: boolean;
}

export function reduceOp(def: { name: string; summary: string; pytorch: PytorchRef; trt: "kAVG" | "kSUM" | "kMAX" | "kMIN" }): OpDef<ReduceParams> {
  return defineOp<ReduceParams>({
    name: def.name,
    summary: def.summary,
    pytorch: def.pytorch,
    params: z.strictObject({ dim: dimList, keepdim: bool.default(false) }) as z.ZodType<ReduceParams>,
    arity: { min: 1, max: 1 },
    dynamic: "any",
    inferShape([x], p) {
      const dims = p.dim.map((d) => normDim(d, x!.length));
      if (new Set(dims).size !== dims.length) throw new OpError(`dim ${fmtShape(p.dim)} repeats a dimension`, undefined, "dim");
      if (p.keepdim) return x!.map((v, i) => (dims.includes(i) ? 1 : v));
      return x!.filter((_v, i) => !dims.includes(i));
    },
    lower(ctx, p) {
      const rank = ctx.inputShapes[0]!.length;
      const axes = p.dim.map((d) => (d < 0 ? d + rank : d));
      return ctx.main(net.addReduce({ input: ctx.input(), operation: def.trt, reduceAxes: axes, keepDimensions: p.keepdim }));
    },
    describe: (p) => `dim=${fmtShape(p.dim)}${p.keepdim ? " keepdim" : ""}`,
  });
}
