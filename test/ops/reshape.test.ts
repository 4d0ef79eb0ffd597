import { describe, expect, it } from "vitest";
import { reshape } from "../../src/ops/reshape.js";
import { infer, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("reshape", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(reshape));

  it("infers the -1 dimension", () => {
    expect(infer(reshape, { shape: [2, -1] }, [[2, 3, 4, 5]])).toEqual([2, 60]);
    expect(infer(reshape, { shape: [-1, 3, 20] }, [[2, 3, 4, 5]])).toEqual([2, 3, 20]);
  });

  it("errors name the parameter", () => {
    expect(opErrorOf(reshape, { shape: [-1, -1] }, [[2, 3]]).param).toBe("shape");
    expect(opErrorOf(reshape, { shape: [4, -1] }, [[2, 3]]).param).toBe("shape");
    expect(opErrorOf(reshape, { shape: [7] }, [[2, 3]]).param).toBe("shape");
  });

  describe("parameter validation", () =>
    paramValidationTests(reshape, { shape: [1, -1] }, [
      {},
      { shape: [] },
      { shape: [0, -1] },
      { shape: [-2, 3] },
      { shape: [1.5] },
      { shape: "1,-1" },
      { shape: 6 },
    ]));
});
