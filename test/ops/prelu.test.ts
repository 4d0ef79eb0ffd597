import { describe, expect, it } from "vitest";
import { prelu } from "../../src/ops/prelu.js";
import { opErrorOf, paramValidationTests, pytorchShapeTests, weightsOf } from "./helpers.js";

describe("prelu", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(prelu));

  it("weight is [num_parameters]", () => {
    expect(weightsOf(prelu, {}, [[1, 3, 4, 4]])).toEqual({ weight: [1] });
    expect(weightsOf(prelu, { num_parameters: 3 }, [[1, 3, 4, 4]])).toEqual({ weight: [3] });
  });

  it("channel mismatch names num_parameters", () => {
    expect(opErrorOf(prelu, { num_parameters: 4 }, [[1, 3, 4, 4]]).param).toBe("num_parameters");
  });

  describe("parameter validation", () =>
    paramValidationTests(prelu, { num_parameters: 3 }, [
      { num_parameters: 0 },
      { num_parameters: -3 },
      { num_parameters: 1.5 },
      { num_parameters: "3" },
      { init: 0.25 },
    ]));
});
