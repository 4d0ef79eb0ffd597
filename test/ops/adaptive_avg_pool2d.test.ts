import { describe, expect, it } from "vitest";
import { adaptive_avg_pool2d } from "../../src/ops/adaptive_avg_pool2d.js";
import { infer, paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("adaptive_avg_pool2d", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(adaptive_avg_pool2d));

  it("null keeps that input size", () => {
    expect(infer(adaptive_avg_pool2d, { output_size: [null, 2] }, [[1, 4, 7, 9]])).toEqual([1, 4, 7, 2]);
    expect(infer(adaptive_avg_pool2d, { output_size: [3, null] }, [[1, 4, 7, 9]])).toEqual([1, 4, 3, 9]);
  });

  describe("parameter validation", () =>
    paramValidationTests(adaptive_avg_pool2d, { output_size: [null, 1] }, [
      {},
      { output_size: 0 },
      { output_size: -1 },
      { output_size: [1] },
      { output_size: [1, 2, 3] },
      { output_size: "1" },
      { output_size: null },
      { output_size: [1, -1] },
    ]));
});
