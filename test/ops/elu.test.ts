import { describe, expect, it } from "vitest";
import { elu } from "../../src/ops/elu.js";
import { paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("elu", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(elu));

  it("defaults alpha to 1", () => {
    expect(elu.params.parse({})).toEqual({ alpha: 1 });
  });

  describe("parameter validation", () => paramValidationTests(elu, { alpha: 0.5 }, [{ alpha: "1" }, { alpha: NaN }, { inplace: false }]));
});
