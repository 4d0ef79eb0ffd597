import { describe, expect, it } from "vitest";
import { clamp } from "../../src/ops/clamp.js";
import { expectAccepted, paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("clamp", () => {
  // min > max is rejected deliberately (torch.clamp silently returns max); the fixture marks it.
  describe("shape inference matches PyTorch", () => pytorchShapeTests(clamp));

  it("either bound alone is enough", () => {
    expectAccepted(clamp, { min: 0 });
    expectAccepted(clamp, { max: 0 });
    expect(clamp.params.parse({ min: 1, max: 1 })).toEqual({ min: 1, max: 1 });
  });

  describe("parameter validation", () =>
    paramValidationTests(clamp, { min: 0, max: 6 }, [{}, { min: 1, max: 0 }, { min: "0" }, { max: null }, { min_val: 0 }]));
});
