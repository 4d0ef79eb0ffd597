import { describe, expect, it } from "vitest";
import { max_pool2d } from "../../src/ops/max_pool2d.js";
import { poolOutSize } from "../../src/ops/pool_common.js";
import { casesFor, infer, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("max_pool2d", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(max_pool2d));

  it("the sweep includes ceil_mode cases where PyTorch drops a last window starting in the padding", () => {
    const dropped = casesFor("max_pool2d").filter((c) => {
      const p = c.params as { kernel_size: number; stride: number; padding: number; dilation?: number; ceil_mode: boolean };
      if (!c.name.startsWith("sweep") || !p.ceil_mode || c.out === null) return false;
      const n = c.inputs[0]![2]!;
      const naive = Math.ceil((n + 2 * p.padding - (p.dilation ?? 1) * (p.kernel_size - 1) - 1) / p.stride) + 1;
      return naive !== c.out[2];
    });
    expect(dropped.length).toBeGreaterThan(5);
  });

  it("ceil_mode examples", () => {
    // 6, k2 s2 p1: windows start at -1, 1, 3, 5 -> 4 (the last starts inside the input)
    expect(infer(max_pool2d, { kernel_size: 2, stride: 2, padding: 1, ceil_mode: true }, [[1, 1, 6, 6]])).toEqual([1, 1, 4, 4]);
    // 5, k3 s2 p1: ceil(4/2)+1 = 3, last window starts at 3 < 5 + 1
    expect(infer(max_pool2d, { kernel_size: 3, stride: 2, padding: 1, ceil_mode: true }, [[1, 1, 5, 5]])).toEqual([1, 1, 3, 3]);
    // 4, k2 s3 p1: ceil(4/3)+1 = 3 windows, but the third would start at 6 - 1 = 5 >= 4 + 1... dropped
    expect(poolOutSize(4, 2, 3, 1, 1, true)).toBe(2);
    expect(poolOutSize(4, 2, 3, 1, 1, false)).toBe(2);
    expect(poolOutSize(1, 2, 2, 1, 1, true)).toBe(1);
    expect(poolOutSize(7, 2, 2, 0, 1, true)).toBe(4);
    expect(poolOutSize(7, 2, 2, 0, 1, false)).toBe(3);
  });

  it("padding more than half the kernel names the parameter", () => {
    expect(opErrorOf(max_pool2d, { kernel_size: 2, padding: 2 }, [[1, 1, 8, 8]]).param).toBe("padding");
    // PyTorch compares with kernel_size / 2, not with the dilated kernel.
    expect(opErrorOf(max_pool2d, { kernel_size: 2, dilation: 3, padding: 2 }, [[1, 1, 8, 8]]).param).toBe("padding");
  });

  it("stride defaults to kernel_size", () => {
    expect(infer(max_pool2d, { kernel_size: [2, 3] }, [[1, 1, 8, 9]])).toEqual([1, 1, 4, 3]);
  });

  describe("parameter validation", () =>
    paramValidationTests(max_pool2d, { kernel_size: 3, stride: 2, padding: 1, dilation: 1, ceil_mode: true }, [
      { kernel_size: -3 },
      { kernel_size: 0 },
      { kernel_size: [2, -2] },
      { kernel_size: "3" },
      { kernel_size: 3, stride: 0 },
      { kernel_size: 3, padding: -1 },
      { kernel_size: 3, ceil_mode: "true" },
      { kernel_size: 3, return_indices: true },
      { stride: 2 },
    ]));
});
