// TensorRT primitives on tiny hand-computed tensors.
import { describe, expect, it } from "vitest";
import * as K from "../../src/simulate/kernels.js";
import { tensor, type Tensor } from "../../src/simulate/tensor.js";

const T = (shape: number[], v: number[]): Tensor => tensor(shape, Float32Array.from(v));
const F = (v: number[]) => Float32Array.from(v);
const arr = (t: Tensor) => [...t.data];
const close = (got: number[], want: number[]) => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 6));
};
const iota = (n: number, from = 0) => Array.from({ length: n }, (_, i) => i + from);
const conv = (o: Partial<K.ConvGeometry> & { kernel: [number, number] }): K.ConvGeometry => ({
  stride: [1, 1],
  pre: [0, 0],
  post: [0, 0],
  dilation: [1, 1],
  groups: 1,
  ...o,
});

describe("addConvolutionNd", () => {
  const x = T([1, 1, 3, 3], iota(9, 1));
  it("valid 2x2", () => {
    const y = K.convolution(x, 1, F([1, 1, 1, 1]), undefined, conv({ kernel: [2, 2] }));
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(arr(y)).toEqual([12, 16, 24, 28]);
  });
  it("stride, asymmetric pre/post padding, bias", () => {
    const y = K.convolution(x, 1, F([1, 1, 1, 1]), F([1]), conv({ kernel: [2, 2], stride: [2, 2], pre: [1, 1], post: [0, 0] }));
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(arr(y)).toEqual([2, 6, 12, 29]);
  });
  it("dilation", () => {
    const y = K.convolution(x, 1, F([1, 1, 1, 1]), undefined, conv({ kernel: [2, 2], dilation: [2, 2] }));
    expect(arr(y)).toEqual([1 + 3 + 7 + 9]);
  });
  it("groups: weights [K, C/groups, kh, kw]", () => {
    const y = K.convolution(T([1, 2, 1, 2], [1, 2, 3, 4]), 2, F([2, 3]), undefined, conv({ kernel: [1, 1], groups: 2 }));
    expect(arr(y)).toEqual([2, 4, 9, 12]);
  });
  it("cross-channel sum", () => {
    const y = K.convolution(T([1, 2, 1, 1], [1, 2]), 1, F([10, 100]), undefined, conv({ kernel: [1, 1] }));
    expect(arr(y)).toEqual([210]);
  });
});

describe("addDeconvolutionNd", () => {
  it("stride 1: scatters the kernel", () => {
    const y = K.deconvolution(T([1, 1, 1, 2], [1, 2]), 1, F([1, 10]), undefined, conv({ kernel: [1, 2] }));
    expect(y.shape).toEqual([1, 1, 1, 3]);
    expect(arr(y)).toEqual([1, 12, 20]);
  });
  it("stride 2, weights [C, K/groups, kh, kw], out = (in-1)s + d(k-1) + 1 - pre - post", () => {
    const y = K.deconvolution(T([1, 1, 2, 2], [1, 2, 3, 4]), 2, F([1, 1, 1, 1, 2, 2, 2, 2]), F([0, 1]), conv({ kernel: [2, 2], stride: [2, 2] }));
    expect(y.shape).toEqual([1, 2, 4, 4]);
    expect(arr(y).slice(0, 16)).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    expect(arr(y).slice(16, 20)).toEqual([3, 3, 5, 5]);
  });
  it("pre/post padding crop the output", () => {
    const y = K.deconvolution(
      T([1, 1, 2, 2], [1, 2, 3, 4]),
      1,
      F([1, 1, 1, 1]),
      undefined,
      conv({ kernel: [2, 2], stride: [2, 2], pre: [1, 1], post: [1, 0] }),
    );
    expect(y.shape).toEqual([1, 1, 2, 3]);
    expect(arr(y)).toEqual([1, 2, 2, 3, 4, 4]);
  });
  it("dilation", () => {
    const y = K.deconvolution(T([1, 1, 1, 1], [3]), 1, F([1, 2]), undefined, conv({ kernel: [1, 2], dilation: [1, 3] }));
    expect(arr(y)).toEqual([3, 0, 0, 6]);
  });
});

describe("addScale", () => {
  const x = T([1, 2, 1, 2], [1, 2, 1, 2]);
  it("kCHANNEL (x*scale + shift)^power", () => {
    const y = K.scale(x, "kCHANNEL", F([1, 2]), F([2, 3]), F([2, 1]), 1);
    expect(arr(y)).toEqual([9, 25, 5, 8]);
  });
  it("empty weights are the identity", () => expect(arr(K.scale(x, "kCHANNEL", undefined, undefined, undefined, 1))).toEqual([1, 2, 1, 2]));
  it("kUNIFORM", () => expect(arr(K.scale(x, "kUNIFORM", F([1]), F([-1]), undefined, 1))).toEqual([0, -1, 0, -1]));
  it("rejects a wrong coefficient count", () => expect(() => K.scale(x, "kCHANNEL", F([1, 2, 3]), undefined, undefined, 1)).toThrow(/3 values/));
});

describe("addActivation", () => {
  const f = (k: string, x: number, a = 0, b = 0) => K.activationFn(k, a, b)(x);
  it("documented formulas", () => {
    expect(f("kRELU", -1)).toBe(0);
    expect(f("kRELU", 2)).toBe(2);
    expect(f("kSIGMOID", 0)).toBe(0.5);
    expect(f("kTANH", 0.5)).toBeCloseTo(Math.tanh(0.5), 12);
    expect(f("kLEAKY_RELU", -2, 0.1)).toBeCloseTo(-0.2, 12);
    expect(f("kELU", -1, 2)).toBeCloseTo(2 * (Math.exp(-1) - 1), 12);
    expect(f("kELU", 3, 2)).toBe(3);
    expect(f("kSOFTPLUS", 1, 0.5, 2)).toBeCloseTo(0.5 * Math.log(Math.exp(2) + 1), 12);
    expect(f("kSOFTPLUS", 500, 1, 1)).toBeCloseTo(500, 9);
    expect(f("kCLIP", -3, -1, 2)).toBe(-1);
    expect(f("kCLIP", 5, -1, 2)).toBe(2);
    expect(f("kHARD_SIGMOID", 10, 0.2, 0.5)).toBe(1);
    expect(f("kHARD_SIGMOID", 0, 0.2, 0.5)).toBe(0.5);
    expect(f("kHARD_SIGMOID", -10, 0.2, 0.5)).toBe(0);
    expect(f("kGELU_ERF", 1)).toBeCloseTo(0.8413447460685429, 6);
    expect(f("kGELU_TANH", 1)).toBeCloseTo(0.8411919906082768, 6);
    expect(K.geluErf(-2)).toBeCloseTo(-0.04550026389635842, 6);
  });
  it("unknown kinds are refused", () => expect(() => K.activationFn("kFOO", 0, 0)).toThrow(/not simulated/));
});

describe("addPoolingNd", () => {
  it("kMAX window 2 stride 2", () => {
    const y = K.pooling(T([1, 1, 4, 4], iota(16)), "kMAX", { window: [2, 2], stride: [2, 2], pre: [0, 0], post: [0, 0], excludePadding: true });
    expect(arr(y)).toEqual([5, 7, 13, 15]);
  });
  const x = T([1, 1, 3, 3], iota(9, 1));
  const g = { window: [2, 2] as [number, number], stride: [2, 2] as [number, number], pre: [1, 1] as [number, number], post: [0, 0] as [number, number] };
  it("kAVERAGE excluding padding divides by the input elements in the window", () => {
    const y = K.pooling(x, "kAVERAGE", { ...g, excludePadding: true });
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(arr(y)).toEqual([1, 2.5, 5.5, 7]);
  });
  it("kAVERAGE including padding divides by the window size", () => {
    expect(arr(K.pooling(x, "kAVERAGE", { ...g, excludePadding: false }))).toEqual([0.25, 1.25, 2.75, 7]);
  });
  it("output size floors with explicit padding", () => {
    const y = K.pooling(T([1, 1, 5, 5], iota(25)), "kMAX", { window: [2, 2], stride: [2, 2], pre: [0, 0], post: [0, 0], excludePadding: true });
    expect(y.shape).toEqual([1, 1, 2, 2]);
  });
  it("kMAX ignores padding", () => {
    const y = K.pooling(T([1, 1, 1, 2], [-5, -3]), "kMAX", { window: [1, 2], stride: [1, 1], pre: [0, 1], post: [0, 1], excludePadding: true });
    expect(arr(y)).toEqual([-5, -3, -3]);
  });
});

describe("addPaddingNd", () => {
  it("zeros before/after the last two dims", () => {
    const y = K.padding(T([1, 1, 2, 2], [1, 2, 3, 4]), [1, 0], [0, 1]);
    expect(y.shape).toEqual([1, 1, 3, 3]);
    expect(arr(y)).toEqual([0, 0, 0, 1, 2, 0, 3, 4, 0]);
  });
  it("negative amounts crop", () => {
    expect(arr(K.padding(T([1, 1, 2, 2], [1, 2, 3, 4]), [0, -1], [0, 0]))).toEqual([2, 4]);
  });
});

describe("NetworkBuilder::argmax", () => {
  it("the index of the largest value along an axis, kept as size 1, the first of equal ones", () => {
    const y = K.argmax(T([2, 3], [1, 5, 5, 7, -1, 2]), 1);
    expect(y.shape).toEqual([2, 1]);
    expect(arr(y)).toEqual([1, 0]);
    expect(arr(K.argmax(T([2, 3], [1, 5, 5, 7, -1, 2]), 0))).toEqual([1, 0, 0]);
    expect(() => K.argmax(T([2], [1, 2]), 1)).toThrow(/out of range/);
  });
});

describe("addElementWise", () => {
  it("broadcasts equal-rank dims of 1", () => {
    const y = K.elementwise(T([1, 2, 1], [10, 20]), T([1, 1, 3], [1, 2, 3]), "kSUM");
    expect(y.shape).toEqual([1, 2, 3]);
    expect(arr(y)).toEqual([11, 12, 13, 21, 22, 23]);
  });
  it("kSUB, kPROD, kDIV", () => {
    expect(arr(K.elementwise(T([2], [6, 8]), T([1], [2]), "kSUB"))).toEqual([4, 6]);
    expect(arr(K.elementwise(T([2], [6, 8]), T([2], [2, 3]), "kPROD"))).toEqual([12, 24]);
    expect(arr(K.elementwise(T([1], [6]), T([2], [2, 4]), "kDIV"))).toEqual([3, 1.5]);
  });
  it("kMAX, kMIN; kPOW is NaN for every negative base (an integer exponent too)", () => {
    expect(arr(K.elementwise(T([3], [-1, 2, 5]), T([1], [2]), "kMAX"))).toEqual([2, 2, 5]);
    expect(arr(K.elementwise(T([3], [-1, 2, 5]), T([1], [2]), "kMIN"))).toEqual([-1, 2, 2]);
    expect(arr(K.elementwise(T([4], [0, 2, 4, -2]), T([4], [3, -1, 0.5, 2]), "kPOW"))).toEqual([0, 0.5, 2, NaN]);
  });
  it("refuses different ranks and incompatible dims", () => {
    expect(() => K.elementwise(T([2], [1, 2]), T([1, 2], [1, 2]), "kSUM")).toThrow(/ranks/);
    expect(() => K.elementwise(T([2], [1, 2]), T([3], [1, 2, 3]), "kSUM")).toThrow(/broadcast/);
  });
  it("kGREATER, kLESS, kEQUAL give bool tensors (0/1), broadcasting", () => {
    const g = K.elementwise(T([1, 4], [-1, 0.5, 1, 2]), T([1, 1], [0.5]), "kGREATER");
    expect(g.bool).toBe(true);
    expect(g.shape).toEqual([1, 4]);
    expect(arr(g)).toEqual([0, 0, 1, 1]);
    expect(arr(K.elementwise(T([1, 4], [-1, 0.5, 1, 2]), T([1, 1], [0.5]), "kLESS"))).toEqual([1, 0, 0, 0]);
    expect(arr(K.elementwise(T([1, 4], [-1, 0.5, 1, 2]), T([1, 1], [0.5]), "kEQUAL"))).toEqual([0, 1, 0, 0]);
    expect(K.elementwise(T([1], [1]), T([1], [1]), "kSUM").bool).toBeUndefined();
  });
  it("arithmetic and activations refuse bool tensors", () => {
    const b = K.elementwise(T([2], [1, 2]), T([1], [1]), "kGREATER");
    expect(() => K.elementwise(b, T([1], [1]), "kSUM")).toThrow(/bool/);
    expect(() => K.map(b, K.activationFn("kRELU", 0, 0))).toThrow(/bool/);
  });
});

describe("addSelect", () => {
  const cond = K.elementwise(T([1, 3], [-1, 0, 1]), T([1, 1], [0]), "kGREATER");
  it("picks then where the condition is true, else elsewhere, broadcasting all three", () => {
    expect(arr(K.select(cond, T([1, 3], [10, 20, 30]), T([1, 3], [-10, -20, -30])))).toEqual([-10, -20, 30]);
    const y = K.select(cond, T([1, 1], [7]), T([2, 3], [1, 2, 3, 4, 5, 6]));
    expect(y.shape).toEqual([2, 3]);
    expect(arr(y)).toEqual([1, 2, 7, 4, 5, 7]);
  });
  it("needs a bool condition of broadcastable shape", () => {
    expect(() => K.select(T([1, 3], [0, 0, 1]), T([1, 3], [1, 2, 3]), T([1, 3], [4, 5, 6]))).toThrow(/condition must be a bool/);
    expect(() => K.select(cond, T([1, 2], [1, 2]), T([1, 3], [4, 5, 6]))).toThrow(/broadcast/);
  });
});

describe("addShuffle", () => {
  const x = T([1, 2, 3], iota(6));
  it("first transpose, then reshape", () => {
    const y = K.shuffle(x, [0, 2, 1], [1, 6], undefined);
    expect(y.shape).toEqual([1, 6]);
    expect(arr(y)).toEqual([0, 3, 1, 4, 2, 5]);
  });
  it("reshape 0 copies, -1 infers", () => expect(K.shuffle(x, undefined, [0, -1], undefined).shape).toEqual([1, 6]));
  it("second transpose", () => expect(arr(K.shuffle(x, undefined, [1, 3, 2], [0, 2, 1]))).toEqual([0, 2, 4, 1, 3, 5]));
});

describe("addResize", () => {
  const x = T([1, 1, 1, 2], [0, 1]);
  const r = (o: Partial<K.ResizeOptions>) => arr(K.resize(x, { mode: "linear", outShape: [1, 1, 1, 4], transform: "kHALF_PIXEL", rounding: "kFLOOR", ...o }));
  it("nearest, asymmetric, floor", () => expect(r({ mode: "nearest", transform: "kASYMMETRIC" })).toEqual([0, 0, 1, 1]));
  it("linear, half pixel (clamped at the edges)", () => close(r({}), [0, 0.25, 0.75, 1]));
  it("linear, asymmetric", () => close(r({ transform: "kASYMMETRIC" }), [0, 0.5, 1, 1]));
  it("linear, align corners", () => close(r({ transform: "kALIGN_CORNERS", outShape: [1, 1, 1, 3] }), [0, 0.5, 1]));
  it("resizes both spatial dims", () => {
    const y = K.resize(T([1, 1, 2, 2], [1, 2, 3, 4]), { mode: "nearest", outShape: [1, 1, 4, 4], transform: "kASYMMETRIC", rounding: "kFLOOR" });
    expect(arr(y)).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  });

  // TensorRT maps by the length ratio in/out (NvInfer.h ResizeCoordinateTransformation).
  // PyTorch's scale_factor maps by 1/scale instead; the cases below are where the two differ.
  it("nearest 5 -> 6 samples at x * 5/6 (PyTorch's scale_factor 1.3 gives 0, 0, 1, 2, 3, 3)", () => {
    const y = K.resize(T([1, 5], iota(5)), { mode: "nearest", outShape: [1, 6], transform: "kASYMMETRIC", rounding: "kFLOOR" });
    expect(arr(y)).toEqual([0, 0, 1, 2, 3, 4]);
  });
  it("linear half pixel 5 -> 7 samples at (x + 0.5) * 5/7 - 0.5 (PyTorch's scale_factor 1.5 gives 0, 0.5, 1.1667, ...)", () => {
    const y = K.resize(T([1, 5], iota(5)), { mode: "linear", outShape: [1, 7], transform: "kHALF_PIXEL", rounding: "kFLOOR" });
    close(arr(y), [0, 4 / 7, 9 / 7, 2, 19 / 7, 24 / 7, 4]);
  });
  it("linear asymmetric 3 -> 4 samples at x * 3/4", () => {
    const y = K.resize(T([1, 3], iota(3)), { mode: "linear", outShape: [1, 4], transform: "kASYMMETRIC", rounding: "kFLOOR" });
    close(arr(y), [0, 0.75, 1.5, 2]);
  });
  it("downscaling by the ratio too: linear half pixel 8 -> 6", () => {
    const y = K.resize(T([1, 8], iota(8)), { mode: "linear", outShape: [1, 6], transform: "kHALF_PIXEL", rounding: "kFLOOR" });
    close(arr(y), [1 / 6, 1.5, 2.8333333, 4.1666667, 5.5, 6.8333333]);
  });
});

describe("addConcatenation", () => {
  it("along axis 1", () => {
    const y = K.concatenation([T([2, 1], [1, 2]), T([2, 2], [3, 4, 5, 6])], 1);
    expect(y.shape).toEqual([2, 3]);
    expect(arr(y)).toEqual([1, 3, 4, 2, 5, 6]);
  });
});

describe("addMatrixMultiply", () => {
  it("kNONE x kTRANSPOSE", () => {
    const y = K.matrixMultiply(T([1, 2], [1, 2]), "kNONE", T([3, 2], [1, 0, 0, 1, 1, 1]), "kTRANSPOSE");
    expect(y.shape).toEqual([1, 3]);
    expect(arr(y)).toEqual([1, 2, 3]);
  });
  it("kTRANSPOSE x kNONE", () => {
    expect(arr(K.matrixMultiply(T([2, 1], [1, 2]), "kTRANSPOSE", T([2, 1], [3, 4]), "kNONE"))).toEqual([11]);
  });
  it("broadcasts leading dims", () => {
    const y = K.matrixMultiply(T([2, 1, 2], [1, 2, 3, 4]), "kNONE", T([1, 2, 1], [10, 1]), "kNONE");
    expect(y.shape).toEqual([2, 1, 1]);
    expect(arr(y)).toEqual([12, 34]);
  });
});

describe("addSoftMax / addReduce / addSlice / addParametricReLU", () => {
  it("softmax over one axis", () => {
    close(arr(K.softmax(T([1, 2], [0, Math.log(3)]), 1)), [0.25, 0.75]);
    close(arr(K.softmax(T([2, 1], [0, Math.log(3)]), 0)), [0.25, 0.75]);
  });
  it("reduce kSUM keepDims / kAVG", () => {
    const x = T([2, 3], iota(6, 1));
    const s = K.reduce(x, "kSUM", 2, true);
    expect(s.shape).toEqual([2, 1]);
    expect(arr(s)).toEqual([6, 15]);
    const m = K.reduce(x, "kAVG", 1, false);
    expect(m.shape).toEqual([3]);
    expect(arr(m)).toEqual([2.5, 3.5, 4.5]);
    expect(arr(K.reduce(x, "kAVG", 3, false))).toEqual([3.5]);
  });
  it("slice start/size/stride", () => {
    const y = K.slice(T([1, 1, 4, 4], iota(16)), [0, 0, 1, 0], [1, 1, 2, 2], [1, 1, 2, 3]);
    expect(arr(y)).toEqual([4, 7, 12, 15]);
    expect(() => K.slice(T([4], iota(4)), [2], [2], [2])).toThrow(/outside/);
  });
  it("slice strides 0 (repeat) and negative (reverse)", () => {
    expect(arr(K.slice(T([1, 3], [1, 2, 3]), [0, 0], [2, 3], [0, 1]))).toEqual([1, 2, 3, 1, 2, 3]);
    expect(arr(K.slice(T([4], iota(4)), [3], [4], [-1]))).toEqual([3, 2, 1, 0]);
  });
  it("gather along an axis, indices repeated", () => {
    const y = K.gatherAxis(T([2, 3], iota(6)), T([4], [2, 0, 2, 1]), 1);
    expect(y.shape).toEqual([2, 4]);
    expect(arr(y)).toEqual([2, 0, 2, 1, 5, 3, 5, 4]);
    expect(() => K.gatherAxis(T([2, 3], iota(6)), T([1], [3]), 1)).toThrow(/out of range/);
  });
  it("slice sample modes map out-of-bounds coordinates", () => {
    const x = T([4], [10, 11, 12, 13]);
    // coordinates -3 .. 6
    expect(arr(K.slice(x, [-3], [10], [1], "wrap"))).toEqual([11, 12, 13, 10, 11, 12, 13, 10, 11, 12]);
    expect(arr(K.slice(x, [-3], [10], [1], "clamp"))).toEqual([10, 10, 10, 10, 11, 12, 13, 13, 13, 13]);
    expect(arr(K.slice(x, [-3], [10], [1], "reflect"))).toEqual([13, 12, 11, 10, 11, 12, 13, 12, 11, 10]);
    expect(arr(K.slice(x, [-3], [10], [1], "fill", 0.5))).toEqual([0.5, 0.5, 0.5, 10, 11, 12, 13, 0.5, 0.5, 0.5]);
    expect(arr(K.slice(T([1], [7]), [-2], [5], [1], "reflect"))).toEqual([7, 7, 7, 7, 7]);
    expect(() => K.slice(x, [-1], [2], [1])).toThrow(/outside/);
  });
  it("parametric ReLU broadcasts the slope", () => {
    expect(arr(K.parametricRelu(T([1, 2, 1, 2], [-1, 1, -2, 2]), T([1, 2, 1, 1], [0.5, 3])))).toEqual([-0.5, 1, -6, 2]);
  });
});

describe("NetworkBuilder::normalization", () => {
  it("normalizes over the masked axes with the biased variance, then scale and bias broadcast", () => {
    // rows [1, 2, 3] and [10, 10, 16]: mean 2 / 12, variance 2/3 / 8
    const x = T([2, 3], [1, 2, 3, 10, 10, 16]);
    const y = K.normalization(x, T([1, 3], [1, 2, 3]), T([1, 1], [0.5]), 0b10, 0);
    const s = Math.sqrt(2 / 3);
    close(arr(y), [-1 / s + 0.5, 0.5, 3 / s + 0.5, -2 / Math.sqrt(8) + 0.5, (2 * -2) / Math.sqrt(8) + 0.5, (3 * 4) / Math.sqrt(8) + 0.5]);
  });
  it("eps is added to the variance; several axes together", () => {
    const y = K.normalization(T([1, 2, 2], [0, 2, 0, 2]), T([1, 1, 1], [1]), T([1, 1, 1], [0]), 0b110, 3);
    close(arr(y), [-0.5, 0.5, -0.5, 0.5]);
  });
  it("refuses scale or bias of another rank or that does not broadcast, and an empty mask", () => {
    const x = T([2, 3], iota(6));
    expect(() => K.normalization(x, T([3], [1, 1, 1]), T([1, 1], [0]), 0b10, 1e-5)).toThrow(/scale \[3\] does not broadcast/);
    expect(() => K.normalization(x, T([1, 1], [1]), T([1, 2], [0, 0]), 0b10, 1e-5)).toThrow(/bias \[1, 2\] does not broadcast/);
    expect(() => K.normalization(x, T([1, 1], [1]), T([1, 1], [0]), 0, 1e-5)).toThrow(/names no dimension/);
  });
});
