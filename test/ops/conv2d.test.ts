import { describe, expect, it } from "vitest";
import { conv2d, convOutSize, resolveConvPadding } from "../../src/ops/conv2d.js";
import { casesFor, macsOf, opErrorOf, paramValidationTests, pytorchShapeTests, weightsOf } from "./helpers.js";

describe("conv2d", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(conv2d));

  describe("padding: same", () => {
    const same = casesFor("conv2d").filter((c) => c.same_padding);

    it("fixture covers even kernels and dilation", () => {
      expect(same.some((c) => c.params.kernel_size === 2 || c.params.kernel_size === 4)).toBe(true);
      expect(same.some((c) => c.params.dilation !== 1)).toBe(true);
    });

    // gen_shapes.py finds the per-side split that reproduces PyTorch's output values with F.pad + a valid conv.
    it.each(same.map((c) => [c.name, c] as const))("resolves %s like PyTorch (extra pad at the end)", (_n, c) => {
      expect(resolveConvPadding(conv2d.params.parse(c.params))).toEqual(c.same_padding);
    });

    it("puts the odd pixel at the bottom/right", () => {
      expect(resolveConvPadding(conv2d.params.parse({ out_channels: 1, kernel_size: [2, 4], padding: "same" }))).toEqual({
        top: 0,
        bottom: 1,
        left: 1,
        right: 2,
      });
    });

    it("rejects stride 2 with an OpError about padding", () => {
      expect(opErrorOf(conv2d, { out_channels: 4, kernel_size: 3, padding: "same", stride: 2 }, [[1, 3, 8, 8]]).param).toBe("padding");
    });
  });

  it("resolves int, pair, valid and per-side padding", () => {
    const r = (padding: unknown) => resolveConvPadding(conv2d.params.parse({ out_channels: 1, kernel_size: 3, padding }));
    expect(r(2)).toEqual({ top: 2, bottom: 2, left: 2, right: 2 });
    expect(r([1, 3])).toEqual({ top: 1, bottom: 1, left: 3, right: 3 });
    expect(r("valid")).toEqual({ top: 0, bottom: 0, left: 0, right: 0 });
    expect(r({ top: 1, bottom: 2, left: 3, right: 4 })).toEqual({ top: 1, bottom: 2, left: 3, right: 4 });
  });

  it("convOutSize follows PyTorch's formula", () => {
    expect(convOutSize(7, 1, 1, 3, 2, 1)).toBe(4);
    expect(convOutSize(8, 2, 2, 3, 1, 2)).toBe(8);
    expect(convOutSize(8, 1, 2, 3, 1, 1)).toBe(9);
  });

  it("channel errors name the parameter", () => {
    expect(opErrorOf(conv2d, { in_channels: 4, out_channels: 4, kernel_size: 3 }, [[1, 3, 8, 8]]).param).toBe("in_channels");
    expect(opErrorOf(conv2d, { out_channels: 8, kernel_size: 3, groups: 4 }, [[1, 6, 8, 8]]).param).toBe("groups");
    expect(opErrorOf(conv2d, { out_channels: 3, kernel_size: 3, groups: 2 }, [[1, 4, 8, 8]]).param).toBe("groups");
  });

  describe("weights", () => {
    it("grouped: [out, in/groups, kh, kw] + bias", () => {
      expect(weightsOf(conv2d, { out_channels: 8, kernel_size: [3, 5], padding: [1, 2], groups: 2 }, [[1, 4, 8, 8]])).toEqual({
        weight: [8, 2, 3, 5],
        bias: [8],
      });
    });
    it("depthwise without bias", () => {
      expect(weightsOf(conv2d, { out_channels: 16, kernel_size: 3, groups: 16, bias: false }, [[1, 16, 8, 8]])).toEqual({ weight: [16, 1, 3, 3] });
    });
  });

  describe("macs", () => {
    it("dense: N*Cout*Ho*Wo * Cin*kh*kw", () => {
      // [2, 3, 8, 8] -> [2, 16, 8, 8]; each output value takes 3*3*3 MACs.
      expect(macsOf(conv2d, { out_channels: 16, kernel_size: 3, padding: 1 }, [[2, 3, 8, 8]])).toBe(2 * 16 * 8 * 8 * 27);
    });
    it("grouped: only in/groups channels per output", () => {
      // [1, 8, 8, 8] -> [1, 16, 4, 4] with groups 8: 1 input channel per output value.
      expect(macsOf(conv2d, { out_channels: 16, kernel_size: 3, stride: 2, padding: 1, groups: 8 }, [[1, 8, 8, 8]])).toBe(16 * 4 * 4 * 9);
    });
    it("non-square kernel and stride", () => {
      // [1, 4, 10, 12], k [1, 3], s [2, 3], no padding -> [1, 6, 5, 4]
      expect(macsOf(conv2d, { out_channels: 6, kernel_size: [1, 3], stride: [2, 3] }, [[1, 4, 10, 12]])).toBe(6 * 5 * 4 * 4 * 3);
    });
  });

  describe("parameter validation", () =>
    paramValidationTests(conv2d, { out_channels: 4, kernel_size: 3 }, [
      { out_channels: 4, kernel_size: -1 },
      { out_channels: 4, kernel_size: 0 },
      { out_channels: 4, kernel_size: [3, -3] },
      { out_channels: 4, kernel_size: "3" },
      { out_channels: 4, kernel_size: [3] },
      { out_channels: 4, kernel_size: [3, 3, 3] },
      { out_channels: 4, kernel_size: 2.5 },
      { out_channels: "4", kernel_size: 3 },
      { out_channels: 0, kernel_size: 3 },
      { kernel_size: 3 },
      { out_channels: 4, kernel_size: 3, stride: 0 },
      { out_channels: 4, kernel_size: 3, padding: -1 },
      { out_channels: 4, kernel_size: 3, padding: "full" },
      { out_channels: 4, kernel_size: 3, padding: { top: 1, bottom: 1, left: 1 } },
      { out_channels: 4, kernel_size: 3, padding: { top: 1, bottom: 1, left: 1, right: 1, front: 1 } },
      { out_channels: 4, kernel_size: 3, padding: { top: -1, bottom: 1, left: 1, right: 1 } },
      { out_channels: 4, kernel_size: 3, dilation: 0 },
      { out_channels: 4, kernel_size: 3, groups: 0 },
      { out_channels: 4, kernel_size: 3, bias: "yes" },
      { out_channels: 4, kernel_size: 3, padding_mode: "reflect" },
    ]));
});
