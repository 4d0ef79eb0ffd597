import { describe, expect, it } from "vitest";
import { LowerContext } from "../../src/lower/context.js";
import { ValueIds } from "../../src/lower/values.js";
import type { LayerStep } from "../../src/lower/types.js";
import { FULL_SCAN_MAX, firstScaleMismatch, upsample } from "../../src/ops/upsample.js";
import { infer, paramValidationTests, pytorchShapeTests } from "./helpers.js";

/** upsample.inexact for the parameters on an input shape (undefined: TensorRT equals PyTorch). */
function inexact(params: Record<string, unknown>, x: number[]) {
  const p = upsample.params.parse(params);
  return upsample.inexact!([x], p, upsample.inferShape([x], p));
}

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

  describe("TensorRT maps by in/out: scale_factor is exact only where that equals PyTorch's 1/scale", () => {
    it("accepts integral scales, scales with in × scale whole, size, and align_corners", () => {
      expect(inexact({ scale_factor: 2 }, [1, 3, 5, 7])).toBeUndefined();
      expect(inexact({ scale_factor: 3, mode: "bilinear" }, [1, 3, 5, 7])).toBeUndefined();
      expect(inexact({ scale_factor: 1.5, mode: "bilinear" }, [1, 3, 4, 6])).toBeUndefined();
      expect(inexact({ scale_factor: [0.75, 2.5], mode: "bilinear" }, [1, 3, 8, 2])).toBeUndefined();
      expect(inexact({ size: [7, 4], mode: "bilinear" }, [1, 3, 5, 3])).toBeUndefined();
      expect(inexact({ scale_factor: 1.5, mode: "bilinear", align_corners: true }, [1, 3, 5, 3])).toBeUndefined();
      // 10 * 1.1 is 11.000000000000002 in double precision, but 1/1.1 and 10/11 are the same float32
      expect(inexact({ scale_factor: 1.1, mode: "bilinear" }, [1, 3, 10, 10])).toBeUndefined();
    });

    it("rejects bilinear where in × scale is not whole, on the scale_factor parameter", () => {
      const r = inexact({ scale_factor: 1.5, mode: "bilinear" }, [1, 3, 5, 4]);
      expect(r?.param).toBe("scale_factor");
      expect(r?.reason).toMatch(/^height 5 × 1.5 = 7.5 is not whole: .* \(5\/7\)$/);
      expect(r?.hint).toMatch(/^use 'size: \[7, 6\]'/);
      // 100 * 1.15 is 114.99999999999999: PyTorch floors it to 114 rows, sampled 1/1.15 apart
      expect(inexact({ scale_factor: 1.15, mode: "bilinear" }, [1, 3, 100, 20])?.reason).toMatch(
        /height 100 × 1.15 = 114.99999999999999 \(in double precision\) is not whole/,
      );
    });

    it("nearest: rejected only where the two mappings pick different rows", () => {
      // floor(o / 1.5) and floor(o * 5/7) pick the same rows (and floor(o * 3/4) the same columns)
      expect(inexact({ scale_factor: 1.5 }, [1, 3, 5, 3])).toBeUndefined();
      expect(firstScaleMismatch(true, 5, 6, 1.3)).toBe(5); // floor(5 / 1.3) = 3, floor(5 * 5/6) = 4
      expect(inexact({ scale_factor: [1.3, 2] }, [1, 3, 5, 3])?.reason).toMatch(/^height 5 × 1.3 = 6.5 is not whole/);
    });

    it("a single input row or column samples the same pixel either way", () => {
      expect(firstScaleMismatch(false, 1, 1, 1.5)).toBe(-1);
      expect(firstScaleMismatch(false, 5, 7, 1.5)).toBe(1);
    });

    it("axes past FULL_SCAN_MAX are compared at their two ends (scanning all of 2^30 took half a minute)", () => {
      // scales 1 and 2 map exactly while float32 holds the source index (up to 2^24)
      expect(firstScaleMismatch(true, 2 ** 24, 2 ** 24, 1)).toBe(-1);
      expect(firstScaleMismatch(false, 2 ** 24, 2 ** 24, 1)).toBe(-1);
      expect(firstScaleMismatch(true, 2 ** 30, 2 ** 30, 1)).toBeGreaterThanOrEqual(2 ** 30 - FULL_SCAN_MAX / 2);
      expect(firstScaleMismatch(true, 2 ** 23, 2 ** 24, 2)).toBe(-1);
      // past 2^24 float32 rounds PyTorch's source index: a mismatch, found in the last indices
      const at = firstScaleMismatch(true, 2 ** 29, 2 ** 30, 2);
      expect(at).toBeGreaterThanOrEqual(2 ** 30 - FULL_SCAN_MAX / 2);
      expect(firstScaleMismatch(true, 2 ** 29, 2 ** 30, 2.0000001)).toBeGreaterThanOrEqual(0);
    });
  });

  it("lowers to setOutputDimensions with PyTorch's size, never setScales", () => {
    // TensorRT's setScales would size 10 × float(0.7) = 6.9999999 down to 6 rows; PyTorch makes 7
    const p = upsample.params.parse({ scale_factor: 0.7, mode: "bilinear" });
    const out = upsample.inferShape([[1, 3, 10, 10]], p);
    expect(out).toEqual([1, 3, 7, 7]);
    const ctx = new LowerContext(new ValueIds(), "up", ["x"], [[1, 3, 10, 10]], out, []);
    upsample.lower!(ctx, p);
    expect((ctx.steps[0] as LayerStep).call.setters).toEqual({
      resizeMode: "kResizeLinear",
      outputDimensions: [1, 3, 7, 7],
      coordinateTransformation: "kHALF_PIXEL",
      nearestRounding: undefined,
    });
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
