import { describe, expect, it } from "vitest";
import { upsample } from "../../src/ops/upsample.js";
import { infer, paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("upsample", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(upsample));

  it("non-integer scale_factor floors like PyTorch", () => {
    expect(infer(upsample, { scale_factor: 1.5 }, [[1, 3, 5, 7]])).toEqual([1, 3, 7, 10]);
    expect(infer(upsample, { scale_factor: [0.5, 2.5] }, [[1, 3, 5, 7]])).toEqual([1, 3, 2, 17]);
    // 100 * 1.15 = 114.99999999999999 in double precision; PyTorch floors that to 114 too (fixture)
    expect(infer(upsample, { scale_factor: 1.15 }, [[1, 3, 100, 20]])).toEqual([1, 3, 114, 23]);
  });

  it("size sets H and W", () => {
    expect(infer(upsample, { size: 10 }, [[1, 3, 5, 7]])).toEqual([1, 3, 10, 10]);
    expect(infer(upsample, { size: [4, 9], mode: "bilinear" }, [[1, 3, 5, 7]])).toEqual([1, 3, 4, 9]);
  });

  describe("parameter validation", () =>
    paramValidationTests(upsample, { scale_factor: 2, mode: "bilinear", align_corners: false }, [
      {},
      { size: 4, scale_factor: 2 },
      { scale_factor: 0 },
      { scale_factor: -2 },
      { scale_factor: "2" },
      { size: 0 },
      { size: [4] },
      { size: 2.5 },
      { scale_factor: 2, mode: "bicubic" },
      { scale_factor: 2, align_corners: true },
      { scale_factor: 2, mode: "bilinear", align_corners: "yes" },
    ]));
});
