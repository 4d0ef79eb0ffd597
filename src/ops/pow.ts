import * as z from "zod";
import { net } from "../lower/catalog.js";
import type { LowerContext } from "../lower/context.js";
import { equalRanks, operandShape } from "./binary_common.js";
import { num } from "./params.js";
import { defineOp } from "./types.js";

export interface PowParams {
  exponent?: number;
}

// TensorRT documents kPOW for no negative base and TensorRT-RTX gives NaN
// there whatever the exponent (exp(b * log(a))), where PyTorch gives (-a)^b
// for an integer b. Every lowering below therefore raises |a| only, and puts
// the sign back where the exponent is an odd integer (docs/spec.md, `pow`).

/** A constant broadcasting against every tensor of the output's rank. */
const scalar = (ctx: LowerContext, v: number, suffix: string) =>
  ctx.constantTensor(
    [v],
    ctx.outShape.map(() => 1),
    suffix,
  );

/** x ** e for a number e: PyTorch's own special cases (x*x, x*x*x, 1/x, sqrt, ...), else |x| ** e with the sign of an odd e. */
function powScalar(ctx: LowerContext, e: number): string {
  const x = ctx.input();
  const shape = ctx.outShape;
  const mul = (suffix: string, a: string, b: string) => ctx.helper(suffix, net.addElementWise({ input1: a, input2: b, op: "kPROD" }), shape);
  const unary = (suffix: string, input: string, operation: "kRECIP" | "kNEG") => ctx.helper(suffix, net.addUnary({ input, operation }), shape);
  switch (e) {
    case 1:
      return ctx.main(net.addIdentity({ input: x }));
    case 2:
      return ctx.main(net.addElementWise({ input1: x, input2: x, op: "kPROD" }));
    case 3:
      return mul("cube", ctx.main(net.addElementWise({ input1: x, input2: x, op: "kPROD" })), x);
    case -1:
      return ctx.main(net.addUnary({ input: x, operation: "kRECIP" }));
    case -2:
      return unary("recip", ctx.main(net.addElementWise({ input1: x, input2: x, op: "kPROD" })), "kRECIP");
    case 0.5:
      return ctx.main(net.addUnary({ input: x, operation: "kSQRT" }));
    case -0.5:
      return unary("recip", ctx.main(net.addUnary({ input: x, operation: "kSQRT" })), "kRECIP");
  }
  const c = scalar(ctx, e, "exponent");
  if (!Number.isInteger(e)) {
    // a negative base gives NaN in both
    return ctx.main(net.addElementWise({ input1: x, input2: c, op: "kPOW" }));
  }
  const magnitude = ctx.helper("pow", net.addElementWise({ input1: ctx.main(net.addUnary({ input: x, operation: "kABS" })), input2: c, op: "kPOW" }), shape);
  if (e % 2 === 0) return magnitude;
  const negative = ctx.helper("is_negative", net.addElementWise({ input1: x, input2: scalar(ctx, 0, "zero"), op: "kLESS" }), shape);
  return ctx.helper("select", net.addSelect({ condition: negative, thenInput: unary("neg", magnitude, "kNEG"), elseInput: magnitude }), shape);
}

/** a ** b for two tensors: |a| ** b; for a < 0, negated where b is an odd integer, NaN (sqrt(a)) where b is not an integer. */
function powTensors(ctx: LowerContext): string {
  const [a, b] = equalRanks(ctx);
  const rank = ctx.outShape.length;
  const [aShape, bShape] = ctx.inputShapes.map((s) => [...Array<number>(rank - s.length).fill(1), ...s]) as [number[], number[]];
  const out = ctx.outShape;
  const abs = ctx.main(net.addUnary({ input: a, operation: "kABS" }), aShape);
  const magnitude = ctx.helper("pow", net.addElementWise({ input1: abs, input2: b, op: "kPOW" }), out);
  const floorB = ctx.helper("floor", net.addUnary({ input: b, operation: "kFLOOR" }), bShape);
  const isInteger = ctx.helper("is_integer", net.addElementWise({ input1: floorB, input2: b, op: "kEQUAL" }), bShape);
  const halfB = ctx.helper("half", net.addElementWise({ input1: b, input2: scalar(ctx, 0.5, "one_half"), op: "kPROD" }), bShape);
  const floorHalf = ctx.helper("floor_half", net.addUnary({ input: halfB, operation: "kFLOOR" }), bShape);
  const isEven = ctx.helper("is_even", net.addElementWise({ input1: floorHalf, input2: halfB, op: "kEQUAL" }), bShape);
  const negated = ctx.helper("neg", net.addUnary({ input: magnitude, operation: "kNEG" }), out);
  const signed = ctx.helper("signed", net.addSelect({ condition: isEven, thenInput: magnitude, elseInput: negated }), out);
  const nan = ctx.helper("nan", net.addUnary({ input: a, operation: "kSQRT" }), aShape);
  const negativeBase = ctx.helper("negative_base", net.addSelect({ condition: isInteger, thenInput: signed, elseInput: nan }), out);
  const isNegative = ctx.helper("is_negative", net.addElementWise({ input1: a, input2: scalar(ctx, 0, "zero"), op: "kLESS" }), aShape);
  return ctx.helper("select", net.addSelect({ condition: isNegative, thenInput: negativeBase, elseInput: magnitude }), out);
}

export const pow = defineOp<PowParams>({
  name: "pow",
  summary: "a ** exponent for a number, or a ** b with broadcasting",
  pytorch: { functions: ["torch.pow", "operator.pow"], methods: ["pow"] },
  params: z.strictObject({
    exponent: num.refine((v) => v !== 0, "exponent 0 gives a constant 1: leave the layer out").optional(),
  }) as z.ZodType<PowParams>,
  arity: { min: 1, max: 2 },
  dynamic: "any",
  inferShape: (inputs, p) => operandShape(inputs, p.exponent, "exponent"),
  lower: (ctx, p) => (ctx.inputs.length === 2 ? powTensors(ctx) : powScalar(ctx, p.exponent!)),
  describe: (p) => (p.exponent !== undefined ? `exponent=${p.exponent}` : ""),
});
