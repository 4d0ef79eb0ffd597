import { describe, expect, it } from "vitest";
import { avg_pool2d } from "../../src/ops/avg_pool2d.js";
import { infer, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("avg_pool2d", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(avg_pool2d));

  it("ceil_mode examples", () => {
    expect(infer(avg_pool2d, { kernel_size: 2, stride: 2, padding: 1, ceil_mode: true }, [[1, 1, 6, 6]])).toEqual([1, 1, 4, 4]);
    expect(infer(avg_pool2d, { kernel_size: 3, stride: 2, padding: 1, ceil_mode: true }, [[1, 1, 5, 5]])).toEqual([1, 1, 3, 3]);
    // the third window would start at 2*3 - 1 = 5, past input + padding -> dropped
    expect(infer(avg_pool2d, { kernel_size: 2, stride: 3, padding: 1, ceil_mode: true }, [[1, 1, 4, 4]])).toEqual([1, 1, 2, 2]);
  });

  it("padding more than half the kernel names the parameter", () => {
    expect(opErrorOf(avg_pool2d, { kernel_size: 3, padding: 2 }, [[1, 1, 8, 8]]).param).toBe("padding");
  });

  describe("parameter validation", () =>
    paramValidationTests(avg_pool2d, { kernel_size: 3, stride: 2, padding: 1, ceil_mode: true, count_include_pad: false, divisor_override: 9 }, [
      { kernel_size: -2 },
      { kernel_size: 0 },
      { kernel_size: [2] },
      { kernel_size: 2, divisor_override: 0 },
      { kernel_size: 2, count_include_pad: 0 },
      { kernel_size: 2, dilation: 2 },
      { kernel_size: 2, padding: [1, -1] },
    ]));
});
