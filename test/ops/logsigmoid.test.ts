import { describe, expect, it } from "vitest";
import { LowerContext } from "../../src/lower/context.js";
import { ValueIds } from "../../src/lower/values.js";
import type { Step } from "../../src/lower/types.js";
import { logsigmoid } from "../../src/ops/logsigmoid.js";
import { softplus } from "../../src/ops/softplus.js";
import { expectRejected, infer, pytorchShapeTests } from "./helpers.js";

function lowered(lower: (ctx: LowerContext) => string): string[] {
  const ids = new ValueIds();
  const ctx = new LowerContext(ids, "ls", ["x"], [[1, 3, 4, 5]], [1, 3, 4, 5], []);
  const out = lower(ctx);
  const show = (s: Step) =>
    s.kind === "layer" ? `${s.name}: ${s.call.fn}(${Object.values(s.call.args).map(String).join(", ")})${s.out === out ? " -> out" : ""}` : s.kind;
  return ctx.steps.map((s) => show(s).replace(/%(\d+)/g, (_m, n: string) => ids.hints[Number(n)]!));
}

describe("logsigmoid", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(logsigmoid));

  it("keeps the input shape, any rank", () => {
    expect(infer(logsigmoid, {}, [[3]])).toEqual([3]);
    expect(infer(logsigmoid, {}, [[2, 3, 4, 5, 6]])).toEqual([2, 3, 4, 5, 6]);
  });

  it("takes no parameters", () => {
    expectRejected(logsigmoid, { beta: -1 });
  });

  it("is softplus with beta -1, threshold 20 (x itself where -x > 20, so no exp overflow)", () => {
    const viaSoftplus = lowered((ctx) => softplus.lower!(ctx, { beta: -1, threshold: 20 }));
    expect(lowered((ctx) => logsigmoid.lower!(ctx, {}))).toEqual(viaSoftplus);
    expect(viaSoftplus).toContain("ls/above: addElementWise(ls_scaled_out, ls_threshold_out, kGREATER)");
  });
});
