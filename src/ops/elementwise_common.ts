import * as z from "zod";
import { net, type CATALOG, type EnumValue } from "../lower/catalog.js";
import type { LowerContext } from "../lower/context.js";
import { defineOp, type OpDef, type PytorchRef } from "./types.js";

type ActivationType = EnumValue<typeof CATALOG.network.addActivation.args.type>;
type UnaryOperation = EnumValue<typeof CATALOG.network.addUnary.args.operation>;

/** `addUnary(x, operation)`, as the main layer. */
export function unary(ctx: LowerContext, operation: UnaryOperation): string {
  return ctx.main(net.addUnary({ input: ctx.input(), operation }));
}

/** `addActivation(x, kind)` with optional alpha/beta, as the main layer. */
export function activation(ctx: LowerContext, kind: ActivationType, alpha?: number, beta?: number): string {
  return ctx.main(net.addActivation({ input: ctx.input(), type: kind }, { alpha, beta }));
}

/** x * f(x) where f is an activation: the activation is the main layer, the product a helper. */
export function gated(ctx: LowerContext, kind: ActivationType, alpha?: number, beta?: number): string {
  const f = activation(ctx, kind, alpha, beta);
  return ctx.helper("mul", net.addElementWise({ input1: ctx.input(), input2: f, op: "kPROD" }), ctx.outShape);
}

/** An op applied value by value: the output has the input's shape. */
export function unaryOp<S extends z.ZodType>(def: {
  name: string;
  summary: string;
  pytorch: PytorchRef;
  /** The row of the generated activations table of docs/spec.md: the lowering in one markdown line. */
  activationDoc?: string;
  params?: S;
  describe?: (p: z.output<S>) => string;
  lower: (ctx: LowerContext, p: z.output<S>) => string;
}): OpDef<z.output<S>> {
  return defineOp({
    name: def.name,
    summary: def.summary,
    pytorch: def.pytorch,
    ...(def.activationDoc !== undefined ? { doc: { table: "activations" as const, lowering: def.activationDoc } } : {}),
    params: (def.params ?? z.strictObject({})) as z.ZodType<z.output<S>>,
    arity: { min: 1, max: 1 },
    dynamic: "any",
    inferShape: ([x]) => [...x!],
    ...(def.describe ? { describe: def.describe } : {}),
    lower: def.lower,
  });
}
