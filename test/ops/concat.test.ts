import { describe, expect, it } from "vitest";
import { concat } from "../../src/ops/concat.js";
import { infer, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("concat", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(concat));

  it("concatenates along positive and negative dims", () => {
    expect(
      infer(concat, { dim: 1 }, [
        [1, 2, 4, 4],
        [1, 3, 4, 4],
        [1, 5, 4, 4],
      ]),
    ).toEqual([1, 10, 4, 4]);
    expect(
      infer(concat, { dim: -1 }, [
        [1, 2, 4, 4],
        [1, 2, 4, 1],
      ]),
    ).toEqual([1, 2, 4, 5]);
    expect(
      infer(concat, { dim: -4 }, [
        [1, 2, 4, 4],
        [3, 2, 4, 4],
      ]),
    ).toEqual([4, 2, 4, 4]);
  });

  it("hints at dim 1 when the default dim 0 meets differing channels", () => {
    expect(
      opErrorOf(concat, {}, [
        [1, 2, 4, 4],
        [1, 3, 4, 4],
      ]).hint,
    ).toMatch(/dim: 1/);
    // not when dim is already 1 and the batch differs
    expect(
      opErrorOf(concat, { dim: 1 }, [
        [1, 2, 4, 4],
        [2, 3, 4, 4],
      ]).hint,
    ).toBeUndefined();
  });

  it("a bad dim names the parameter", () => {
    expect(
      opErrorOf(concat, { dim: 4 }, [
        [1, 2, 4, 4],
        [1, 3, 4, 4],
      ]).param,
    ).toBe("dim");
  });

  describe("parameter validation", () => paramValidationTests(concat, { dim: 1 }, [{ dim: "1" }, { dim: 1.5 }, { dim: [1] }, { axis: 1 }]));
});
