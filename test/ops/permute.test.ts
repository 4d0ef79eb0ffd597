import { describe, expect, it } from "vitest";
import { permute } from "../../src/ops/permute.js";
import { infer, opErrorOf, paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("permute", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(permute));

  it("reorders dims, negative included", () => {
    expect(infer(permute, { dims: [0, 2, 3, 1] }, [[2, 3, 4, 5]])).toEqual([2, 4, 5, 3]);
    expect(infer(permute, { dims: [-1, 0, 1] }, [[2, 3, 4]])).toEqual([4, 2, 3]);
  });

  it("errors name the parameter", () => {
    expect(opErrorOf(permute, { dims: [0, 1] }, [[2, 3, 4]]).param).toBe("dims");
    expect(opErrorOf(permute, { dims: [0, 2, -1] }, [[2, 3, 4]]).param).toBe("dims");
    expect(opErrorOf(permute, { dims: [0, 1, 3] }, [[2, 3, 4]]).param).toBe("dims");
  });

  describe("parameter validation", () =>
    paramValidationTests(permute, { dims: [0, 2, 3, 1] }, [{}, { dims: [] }, { dims: [0, 1.5] }, { dims: "0231" }, { dims: 1 }]));
});
