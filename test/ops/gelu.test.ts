import { describe, expect, it } from "vitest";
import { gelu } from "../../src/ops/gelu.js";
import { paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("gelu", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(gelu));

  it("defaults to the exact (erf) form", () => {
    expect(gelu.params.parse({})).toEqual({ approximate: "none" });
  });

  describe("parameter validation", () =>
    paramValidationTests(gelu, { approximate: "tanh" }, [{ approximate: "sigmoid" }, { approximate: true }, { approximate: null }]));
});
