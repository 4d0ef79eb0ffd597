import { describe, expect, it } from "vitest";
import { LowerContext } from "../../src/lower/context.js";
import { ValueIds } from "../../src/lower/values.js";
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
    expect(opErrorOf(conv_transpose2d, { out_channels: 2, kernel_size: 3, stride: [2, 1], output_padding: [1, 1] }, [[1, 4, 5, 5]]).param).toBe(
      "output_padding",
    );
  });

  it("channel errors name the parameter", () => {
    expect(opErrorOf(conv_transpose2d, { in_channels: 8, out_channels: 4, kernel_size: 2 }, [[1, 4, 5, 5]]).param).toBe("in_channels");
    expect(opErrorOf(conv_transpose2d, { out_channels: 3, kernel_size: 2, groups: 2 }, [[1, 4, 5, 5]]).param).toBe("groups");
  });

  describe("weights", () => {
    it("[in, out/groups, kh, kw] + bias", () => {
      expect(weightsOf(conv_transpose2d, { out_channels: 6, kernel_size: [2, 3], stride: 2, groups: 2 }, [[1, 4, 5, 5]])).toEqual({
        weight: [4, 3, 2, 3],
        bias: [6],
      });
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

  describe("lowering: strided and dilated runs undilated with a spread kernel (TensorRT-RTX has no strided dilated deconvolution)", () => {
    // in 4, out 2/groups 1, kernel 3x2, stride 2, dilation [2, 3] -> spread kernel 5x4
    function lower(params: Record<string, unknown>) {
      const p = conv_transpose2d.params.parse({ out_channels: 2, kernel_size: [3, 2], ...params });
      const wShape = [4, 2, 3, 2];
      const out = conv_transpose2d.inferShape([[1, 4, 5, 5]], p);
      const bound = [{ role: "weight", tensor: "up.weight", count: 48, shape: wShape }];
      const ctx = new LowerContext(new ValueIds(), "up", ["x"], [[1, 4, 5, 5]], out, bound as never);
      conv_transpose2d.lower!(ctx, p);
      return ctx.steps;
    }
    it("stride 2, dilation [2, 3]: dilatedKernel weights, kernel [5, 4], dilation 1", () => {
      const [w, layer] = lower({ stride: 2, dilation: [2, 3], bias: false });
      expect(w).toMatchObject({ kind: "weights", count: 4 * 2 * 5 * 4, call: { fn: "dilatedKernel" } });
      expect(w!.kind === "weights" && w!.call.args).toEqual({ weight: "up.weight", count: 48, kh: 3, kw: 2, dh: 2, dw: 3 });
      expect(layer).toMatchObject({ kind: "layer", call: { fn: "addDeconvolutionNd" } });
      if (layer!.kind !== "layer") throw new Error("layer expected");
      expect(layer!.call).toMatchObject({ args: { kernelSize: [5, 4] }, setters: { dilation: [1, 1] } });
    });
    it("dilation without stride keeps TensorRT's own dilation", () => {
      const [w, layer] = lower({ dilation: 2, bias: false });
      expect(w).toMatchObject({ kind: "weights", call: { fn: "weight" } });
      if (layer!.kind !== "layer") throw new Error("layer expected");
      expect(layer!.call).toMatchObject({ args: { kernelSize: [3, 2] }, setters: { dilation: [2, 2] } });
    });
  });
});
