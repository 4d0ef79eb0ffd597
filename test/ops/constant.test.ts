import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lowerSpecFile } from "../../src/lower/pipeline.js";
import { constant } from "../../src/ops/constant.js";
import { paramValidationTests, pytorchShapeTests, weightsOf } from "./helpers.js";
import { loweredSteps } from "./lowering.js";

function lowerSpec(layers: string): ReturnType<typeof lowerSpecFile> {
  const dir = mkdtempSync(join(tmpdir(), "trtgen-constant-"));
  const spec = join(dir, "spec.yaml");
  writeFileSync(spec, `name: c\ninputs:\n  - { name: x, shape: [2, 4, 8] }\nlayers:\n${layers}`);
  return lowerSpecFile(spec);
}

describe("constant", () => {
  describe("shape inference matches PyTorch", () => pytorchShapeTests(constant));

  it("reads one weight, value, of the given shape", () => {
    expect(weightsOf(constant, { shape: [1, 1, 8] }, [])).toEqual({ value: [1, 1, 8] });
  });

  it("lowers to addConstant of the file's tensor", () => {
    expect(loweredSteps(constant, { shape: [1, 1, 8] }, [], "cls_token")).toEqual([
      "cls_token_value = weight(cls_token.value, 8)",
      "cls_token: addConstant([1,1,8], cls_token_value) [1,1,8] -> out",
    ]);
  });

  it("takes no input, and the next layer defaults to reading it", () => {
    const { program, diags } = lowerSpec("  - { name: pos, op: constant, shape: [1, 4, 8] }\n  - { name: sum, op: add, inputs: [x, pos] }\noutputs: [sum]\n");
    expect(diags.hasErrors()).toBe(false);
    expect(program!.layers.map((l) => l.comment)).toEqual(["pos: constant, [1, 4, 8]", "sum: add, [2, 4, 8] + [1, 4, 8] -> [2, 4, 8]"]);
    const { diags: d2 } = lowerSpec("  - { name: pos, op: constant, shape: [1, 4, 8] }\n  - { name: sum, op: add, other: 1 }\noutputs: [sum]\n");
    expect(d2.hasErrors()).toBe(false);
  });

  it("an input given to it is an input-count error", () => {
    const { diags } = lowerSpec("  - { name: pos, op: constant, input: x, shape: [1, 4, 8] }\noutputs: [pos]\n");
    expect(diags.sorted().map((d) => d.code)).toContain("E0110");
  });

  describe("parameter validation", () =>
    paramValidationTests(constant, { shape: [1, 197, 64] }, [{}, { shape: [] }, { shape: [0, 3] }, { shape: 3 }, { shape: [1, 1, 1, 1, 1, 1, 1, 1, 1] }]));
});
