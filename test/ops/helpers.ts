// Shared helpers for test/ops/*.test.ts: the PyTorch shape fixture
// (fixtures/shapes.json, written by fixtures/gen_shapes.py) and parameter checks.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LowerContext } from "../../src/lower/context.js";
import type { Step } from "../../src/lower/types.js";
import { ValueIds } from "../../src/lower/values.js";
import type { AnyOp } from "../../src/ops/index.js";
import { OpError, type Shape, type WeightReq } from "../../src/ops/types.js";

export interface ShapeCase {
  op: string;
  name: string;
  /** trtgen parameters as written in a spec. */
  params: Record<string, unknown>;
  inputs: Shape[];
  /** PyTorch's output shape, or null when PyTorch raises. */
  out: Shape | null;
  /** First line of PyTorch's error. */
  error?: string;
  /** Set where trtgen deliberately rejects what PyTorch accepts: the reason. */
  deliberate?: string;
  /** state_dict shapes of the PyTorch module (num_batches_tracked left out). */
  weights?: Record<string, Shape>;
  /** conv2d padding='same': the per-side padding that reproduces PyTorch's values. */
  same_padding?: { top: number; bottom: number; left: number; right: number };
}

interface Fixture {
  torch: string;
  cases: ShapeCase[];
}

export const fixture: Fixture = JSON.parse(readFileSync(new URL("./fixtures/shapes.json", import.meta.url), "utf8")) as Fixture;

export function casesFor(op: string): ShapeCase[] {
  return fixture.cases.filter((c) => c.op === op);
}

export type Outcome = { ok: true; shape: Shape; params: unknown } | { ok: false; stage: "params" | "inferShape"; message: string };

/** Parses the parameters and infers the shape like the passes do; OpError and schema failures become `ok: false`. */
export function evaluate(op: AnyOp, params: unknown, inputs: Shape[]): Outcome {
  const parsed = op.params.safeParse(params);
  if (!parsed.success) return { ok: false, stage: "params", message: parsed.error.issues.map((i) => i.message).join("; ") };
  try {
    return { ok: true, shape: op.inferShape(inputs, parsed.data), params: parsed.data };
  } catch (e) {
    if (e instanceof OpError) return { ok: false, stage: "inferShape", message: e.message };
    throw e;
  }
}

/** Infers the shape, failing the test on any error. */
export function infer(op: AnyOp, params: unknown, inputs: Shape[]): Shape {
  const r = evaluate(op, params, inputs);
  if (!r.ok) throw new Error(`${op.name} ${JSON.stringify(params)} on ${JSON.stringify(inputs)}: ${r.stage}: ${r.message}`);
  return r.shape;
}

export function weightShapes(reqs: WeightReq[]): Record<string, Shape> {
  return Object.fromEntries(reqs.map((w) => [w.role, w.shape]));
}

/** Weight requirements for a case, parameters parsed. */
export function weightsOf(op: AnyOp, params: unknown, inputs: Shape[]): Record<string, Shape> {
  const p = op.params.parse(params);
  const out = op.inferShape(inputs, p);
  return weightShapes(op.weights!(inputs, p, out));
}

export function macsOf(op: AnyOp, params: unknown, inputs: Shape[]): number {
  const p = op.params.parse(params);
  return op.macs!(inputs, p, op.inferShape(inputs, p));
}

function label(c: ShapeCase): string {
  const what = c.deliberate ? "rejected deliberately" : c.out ? `→ [${c.out.join(", ")}]` : "PyTorch raises";
  return `${c.name}: ${JSON.stringify(c.params)} on ${JSON.stringify(c.inputs)} ${what}`;
}

/**
 * One test per fixture case of the op: same output shape as PyTorch, an error
 * (schema or OpError) where PyTorch raises or where trtgen deliberately
 * rejects, and the weight shapes of the module's state_dict.
 */
export function pytorchShapeTests(op: AnyOp): void {
  const cases = casesFor(op.name);

  it(`has PyTorch fixture cases (torch ${fixture.torch})`, () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [label(c), c] as const))("%s", (_label, c) => {
    expect(c.inputs.length).toBeGreaterThanOrEqual(op.arity.min);
    expect(c.inputs.length).toBeLessThanOrEqual(op.arity.max);
    const r = evaluate(op, c.params, c.inputs);
    if (c.out === null || c.deliberate) {
      expect(r, c.deliberate ?? `PyTorch: ${c.error}`).toMatchObject({ ok: false });
      return;
    }
    if (!r.ok) throw new Error(`PyTorch gives [${c.out.join(", ")}] but trtgen fails in ${r.stage}: ${r.message}`);
    expect(r.shape).toEqual(c.out);
    if (op.describe) expect(typeof op.describe(r.params)).toBe("string");
    if (op.weights) {
      expect(c.weights, "fixture should record the state_dict").toBeDefined();
      expect(weightShapes(op.weights(c.inputs, r.params, r.shape))).toEqual(c.weights);
    }
  });
}

/** Asserts the schema rejects the parameters. */
export function expectRejected(op: AnyOp, params: unknown): void {
  const r = op.params.safeParse(params);
  expect(r.success, `${op.name} should reject ${JSON.stringify(params)}`).toBe(false);
}

/** Asserts the schema accepts the parameters. */
export function expectAccepted(op: AnyOp, params: unknown): void {
  const r = op.params.safeParse(params);
  if (!r.success) throw new Error(`${op.name} should accept ${JSON.stringify(params)}: ${r.error.message}`);
}

/**
 * Common parameter validation: `valid` is accepted, an unknown parameter is
 * rejected, and each of `invalid` (wrong types, out of range values) is rejected.
 */
export function paramValidationTests(op: AnyOp, valid: Record<string, unknown>, invalid: Record<string, unknown>[]): void {
  it("accepts valid parameters", () => expectAccepted(op, valid));
  it("rejects an unknown parameter", () => expectRejected(op, { ...valid, bogus_param: 1 }));
  it.each(invalid.map((p) => [JSON.stringify(p), p] as const))("rejects %s", (_s, p) => expectRejected(op, p));
}

/** The OpError that inferShape throws for these (schema-valid) parameters; fails if none. */
export function opErrorOf(op: AnyOp, params: unknown, inputs: Shape[]): OpError {
  const p = op.params.parse(params);
  try {
    op.inferShape(inputs, p);
  } catch (e) {
    if (e instanceof OpError) return e;
    throw e;
  }
  throw new Error(`${op.name} ${JSON.stringify(params)} on ${JSON.stringify(inputs)} should throw an OpError`);
}

/**
 * The steps an op lowers to for layer `layer` on inputs named x, y, ... as `fn(args)` strings
 * (value ids shown by their name hints): weights steps by their NetworkBuilder call, layers by
 * name, the layer's output marked `-> out`.
 */
export function loweredSteps(op: AnyOp, params: unknown, inputShapes: Shape[], layer = "l"): string[] {
  const ids = new ValueIds();
  const p = op.params.parse(params);
  const names = inputShapes.map((_s, i) => "xyzw"[i]!);
  const ctx = new LowerContext(ids, layer, names, inputShapes, op.inferShape(inputShapes, p), []);
  const out = op.lower!(ctx, p);
  const show = (s: Step) =>
    s.kind === "weights"
      ? `${s.var} = ${s.call.fn}(${JSON.stringify(Object.values(s.call.args))})`
      : s.kind === "layer"
        ? `${s.name}: ${s.call.fn}(${Object.values(s.call.args).map(String).join(", ")})${s.out === out ? " -> out" : ""}`
        : "snippet";
  return ctx.steps.map((s) => show(s).replace(/%(\d+)/g, (_m, n: string) => ids.hints[Number(n)]!));
}

/** The tests of a value-by-value op without parameters lowered to one addUnary. */
export function unaryOpTests(op: AnyOp, operation: string): void {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(op));

  it("keeps the input shape, any rank", () => {
    expect(infer(op, {}, [[3]])).toEqual([3]);
    expect(infer(op, {}, [[2, 3, 4, 5, 6]])).toEqual([2, 3, 4, 5, 6]);
  });

  it("takes no parameters", () => {
    expectRejected(op, { out: null });
    expectRejected(op, { alpha: 1 });
  });

  it(`lowers to one addUnary(${operation})`, () => {
    expect(loweredSteps(op, {}, [[1, 3, 4, 5]])).toEqual([`l: addUnary(x, ${operation}) -> out`]);
  });
}
