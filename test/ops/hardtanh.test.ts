import { describe, expect, it } from "vitest";
import { hardtanh } from "../../src/ops/hardtanh.js";
import { paramValidationTests, pytorchShapeTests } from "./helpers.js";

describe("hardtanh", () => {
  // The fixture uses F.hardtanh, which (like trtgen) accepts min_val == max_val;
  // nn.Hardtanh's constructor additionally asserts max_val > min_val.
  describe("shape inference matches PyTorch", () => pytorchShapeTests(hardtanh));

  it("defaults to [-1, 1]", () => {
    expect(hardtanh.params.parse({})).toEqual({ min_val: -1, max_val: 1 });
  });

  describe("parameter validation", () =>
    paramValidationTests(hardtanh, { min_val: 0, max_val: 6 }, [{ min_val: 2, max_val: 1 }, { min_val: 2 }, { max_val: "6" }, { min: 0, max: 6 }]));
});
