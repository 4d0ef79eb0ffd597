import { describe, expect, it } from "vitest";
import { LowerContext } from "../../src/lower/context.js";
import { ValueIds } from "../../src/lower/values.js";
import { softplus } from "../../src/ops/softplus.js";
import { loweredSteps, paramValidationTests, pytorchShapeTests } from "./helpers.js";

const lowered = (params: Record<string, unknown>) => loweredSteps(softplus, params, [[1, 3, 4, 5]], "sp");

describe("softplus", () => {
  // beta: 0 is rejected deliberately (PyTorch divides by zero); the fixture marks it.
  describe("shape inference matches PyTorch", () => pytorchShapeTests(softplus));

  it("defaults to PyTorch's beta 1, threshold 20", () => {
    expect(softplus.params.parse({})).toEqual({ beta: 1, threshold: 20 });
  });

  it("lowers to kSOFTPLUS, then x where x * beta > threshold (a select on kGREATER)", () => {
    expect(lowered({ beta: 2, threshold: 1 })).toEqual([
      "sp: addActivation(x, kSOFTPLUS)",
      "sp_beta = constant([[2]])",
      "sp/beta: addConstant(1,1,1,1, sp_beta)",
      "sp/scaled: addElementWise(x, sp_beta_out, kPROD)",
      "sp_threshold = constant([[1]])",
      "sp/threshold: addConstant(1,1,1,1, sp_threshold)",
      "sp/above: addElementWise(sp_scaled_out, sp_threshold_out, kGREATER)",
      "sp/select: addSelect(sp_above_out, x, sp_out) -> out",
    ]);
  });

  it("beta 1 compares x itself; a negative beta needs no special case (x * beta is compared)", () => {
    expect(lowered({ threshold: 0.5 }).filter((s) => s.includes("addElementWise"))).toEqual(["sp/above: addElementWise(x, sp_threshold_out, kGREATER)"]);
    expect(lowered({ beta: -1.5, threshold: 0.5 })).toContain("sp_beta = constant([[-1.5]])");
  });

  it("a negative beta is -softplus_|beta|(-x): kSOFTPLUS never gets a negative alpha or beta", () => {
    // TensorRT 10.6 merged kSOFTPLUS(alpha = beta = -1) into kSOFTPLUS(1, 1) on the same input.
    const steps = lowered({ beta: -2, threshold: 20 });
    expect(steps.slice(0, 3)).toEqual(["sp/neg_input: addUnary(x, kNEG)", "sp: addActivation(sp_neg_input_out, kSOFTPLUS)", "sp/neg: addUnary(sp_out, kNEG)"]);
    expect(steps.at(-1)).toBe("sp/select: addSelect(sp_above_out, x, sp_neg_out) -> out");
    const ids = new ValueIds();
    const ctx = new LowerContext(ids, "sp", ["x"], [[1, 3, 4, 5]], [1, 3, 4, 5], []);
    softplus.lower!(ctx, softplus.params.parse({ beta: -2 }));
    for (const s of ctx.steps) {
      if (s.kind === "layer" && s.call.fn === "addActivation") expect(s.call).toEqual(expect.objectContaining({ setters: { alpha: 0.5, beta: 2 } }));
    }
  });

  describe("parameter validation", () =>
    paramValidationTests(softplus, { beta: 2, threshold: 10 }, [{ beta: 0 }, { beta: "2" }, { threshold: -Infinity }, { threshold: [20] }]));
});
