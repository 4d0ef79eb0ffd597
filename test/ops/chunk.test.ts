import { describe, expect, it } from "vitest";
import { chunk } from "../../src/ops/chunk.js";
import { infer, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";
import { lowerOp } from "./lowering.js";

describe("chunk", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(chunk));

  it("chunks of ceil(size / chunks), the last shorter", () => {
    expect([0, 1, 2].map((index) => infer(chunk, { chunks: 3, dim: 1, index }, [[1, 7]]))).toEqual([
      [1, 3],
      [1, 3],
      [1, 1],
    ]);
  });

  it("an index past the chunks PyTorch makes is an error on index", () => {
    expect(opErrorOf(chunk, { chunks: 4, dim: 1, index: 3 }, [[1, 6]]).param).toBe("index");
  });

  it("lowers to one slice of the piece", () => {
    const { layers } = lowerOp(chunk, { chunks: 3, dim: -1, index: -1 }, [[2, 4, 9]]);
    expect(layers.map((l) => [l.call.fn, l.call.args])).toEqual([["addSlice", { input: "x0", start: [0, 0, 6], size: [2, 4, 3], stride: [1, 1, 1] }]]);
  });

  describe("parameter validation", () =>
    paramValidationTests(chunk, { chunks: 3, dim: -1, index: 0 }, [{}, { chunks: 3 }, { chunks: 0, index: 0 }, { chunks: 2, index: 0.5 }]));
});
