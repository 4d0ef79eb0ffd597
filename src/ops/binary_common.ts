import * as z from "zod";
import { net } from "../lower/catalog.js";
import type { LowerContext } from "../lower/context.js";
import { num } from "./params.js";
import { OpError, defineOp, fmtShape, type OpDef, type PytorchRef, type Shape } from "./types.js";

/** NumPy/PyTorch broadcasting: align trailing dims; each pair equal or one of them 1. */
export function broadcastShapes(a: Shape, b: Shape): Shape {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new OpError(
        `shapes ${fmtShape(a)} and ${fmtShape(b)} do not broadcast: dimension ${i} is ${da} vs ${db}`,
        "each dimension must be equal or 1 (aligned from the right)",
      );
    }
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** The two inputs of a broadcasting op at the output's rank: TensorRT broadcasts only between equal ranks, so lower-rank operands get leading 1s. */
export function equalRanks(ctx: LowerContext): [string, string] {
  const rank = ctx.outShape.length;
  return ctx.inputs.map((t, i) => {
    const s = ctx.inputShapes[i]!;
    return s.length < rank ? ctx.reshape(t, [...Array<number>(rank - s.length).fill(1), ...s], `broadcast${i}`) : t;
  }) as [string, string];
}

/** The output shape of a tensor–tensor (broadcast) or tensor–scalar op; `param` names the scalar parameter. */
export function operandShape(inputs: Shape[], scalar: number | undefined, param: string): Shape {
  if (inputs.length === 2) {
    if (scalar !== undefined) {
      throw new OpError(`has two tensor inputs and a scalar '${param}'`, `use either 'inputs: [a, b]' or one input with '${param}: <number>'`, param);
    }
    return broadcastShapes(inputs[0]!, inputs[1]!);
  }
  if (scalar === undefined) throw new OpError("needs a second operand", `give 'inputs: [a, b]' or '${param}: <number>'`);
  return [...inputs[0]!];
}

export interface BinaryParams {
  other?: number;
  alpha?: number;
}

/** add/sub/mul/div/maximum/minimum: tensor–tensor with broadcasting (`inputs: [a, b]`) or tensor–scalar (`other: 2`). */
export function binaryOp(def: {
  name: string;
  summary: string;
  pytorch: PytorchRef;
  alpha: boolean;
  trt: "kSUM" | "kSUB" | "kPROD" | "kDIV" | "kMAX" | "kMIN";
}): OpDef<BinaryParams> {
  const base = { other: num.optional() };
  const params = def.alpha ? z.strictObject({ ...base, alpha: num.default(1) }) : z.strictObject(base);
  return defineOp<BinaryParams>({
    name: def.name,
    summary: def.summary,
    pytorch: def.pytorch,
    params: params as z.ZodType<BinaryParams>,
    arity: { min: 1, max: 2 },
    dynamic: "any",
    inferShape: (inputs, p) => operandShape(inputs, p.other, "other"),
    lower(ctx, p) {
      const op = def.trt;
      const rank = ctx.outShape.length;
      const ones = (n: number) => Array<number>(n).fill(1);
      const alpha = p.alpha ?? 1;
      if (ctx.inputs.length === 1) {
        const c = ctx.constantTensor([p.other! * alpha], ones(rank), "other");
        return ctx.main(net.addElementWise({ input1: ctx.input(), input2: c, op }));
      }
      const [a, b] = equalRanks(ctx);
      let rhs = b;
      if (alpha !== 1) {
        const c = ctx.constantTensor([alpha], ones(rank), "alpha");
        const bShape = [...ones(rank - ctx.inputShapes[1]!.length), ...ctx.inputShapes[1]!];
        rhs = ctx.helper("alpha_mul", net.addElementWise({ input1: b, input2: c, op: "kPROD" }), bShape);
      }
      return ctx.main(net.addElementWise({ input1: a, input2: rhs, op }));
    },
    describe(p) {
      const parts: string[] = [];
      if (p.other !== undefined) parts.push(`other=${p.other}`);
      if (p.alpha !== undefined && p.alpha !== 1) parts.push(`alpha=${p.alpha}`);
      return parts.join(" ");
    },
  });
}
