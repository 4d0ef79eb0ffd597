import { describe, expect, it } from "vitest";
import { conv_transpose2d, deconvOutSize } from "../../src/ops/conv_transpose2d.js";
import { macsOf, opErrorOf, paramValidationTests, pytorchShapeTests, weightsOf } from "./helpers.js";

describe("conv_transpose2d", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(conv_transpose2d));

  it("deconvOutSize follows PyTorch's formula", () => {
    // (in - 1)*s - 2p + d*(k - 1) + op + 1
    expect(deconvOutSize(5, 3, 2, 1, 1, 1)).toBe(10);
    expect(deconvOutSize(5, 4, 2, 1, 0, 1)).toBe(10);
    expect(deconvOutSize(5, 3, 1, 1, 0, 2)).toBe(7);
  });

  it("output_padding >= stride (and >= dilation) is an OpError on output_padding", () => {
    expect(opErrorOf(conv_transpose2d, { out_channels: 2, kernel_size: 3, stride: 2, output_padding: 2 }, [[1, 4, 5, 5]]).param).toBe("output_padding");
    expect(opErrorOf(conv_transpose2d, { out_channels: 2, kernel_size: 3, stride: [2, 1], output_padding: [1, 1] }, [[1, 4, 5, 5]]).param).toBe("output_padding");
  });

  it("channel errors name the parameter", () => {
    expect(opErrorOf(conv_transpose2d, { in_channels: 8, out_channels: 4, kernel_size: 2 }, [[1, 4, 5, 5]]).param).toBe("in_channels");
    expect(opErrorOf(conv_transpose2d, { out_channels: 3, kernel_size: 2, groups: 2 }, [[1, 4, 5, 5]]).param).toBe("groups");
  });

  describe("weights", () => {
    it("[in, out/groups, kh, kw] + bias", () => {
      expect(weightsOf(conv_transpose2d, { out_channels: 6, kernel_size: [2, 3], stride: 2, groups: 2 }, [[1, 4, 5, 5]])).toEqual({ weight: [4, 3, 2, 3], bias: [6] });
    });
    it("without bias", () => {
      expect(weightsOf(conv_transpose2d, { out_channels: 6, kernel_size: 2, bias: false }, [[1, 4, 5, 5]])).toEqual({ weight: [4, 6, 2, 2] });
    });
  });

  it("macs: every input value meets out/groups * kh * kw weights", () => {
    expect(macsOf(conv_transpose2d, { out_channels: 6, kernel_size: [2, 3], stride: 2, groups: 2 }, [[1, 4, 5, 5]])).toBe(4 * 5 * 5 * 3 * 2 * 3);
  });

  describe("parameter validation", () =>
    paramValidationTests(conv_transpose2d, { out_channels: 4, kernel_size: 3, stride: 2, output_padding: 1 }, [
      { out_channels: 4, kernel_size: -2 },
      { out_channels: 4, kernel_size: 0 },
      { out_channels: 4, kernel_size: "2" },
      { out_channels: 4, kernel_size: 2, output_padding: -1 },
      { out_channels: 4, kernel_size: 2, padding: "same" },
      { out_channels: 4, kernel_size: 2, stride: [2, 0] },
      { out_channels: 4, kernel_size: 2, groups: 1.5 },
      { out_channels: 4, kernel_size: 2, bias: 1 },
      { kernel_size: 2 },
    ]));
});
