import { describe, expect, it } from "vitest";
import { softplus } from "../../src/ops/softplus.js";
import { paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("softplus", () => {
  // beta: 0 is rejected deliberately (PyTorch divides by zero); the fixture marks it.
  describe("shape inference matches PyTorch", () => pytorchShapeTests(softplus));

  it("defaults to PyTorch's beta 1, threshold 20", () => {
    expect(softplus.params.parse({})).toEqual({ beta: 1, threshold: 20 });
  });

  describe("parameter validation", () =>
    paramValidationTests(softplus, { beta: 2, threshold: 10 }, [{ beta: 0 }, { beta: "2" }, { threshold: -Infinity }, { threshold: [20] }]));
});
