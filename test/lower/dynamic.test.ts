// Dynamic shapes (spec `profiles`): the IR's shapes at every profile point, and lowering
// that never writes an extent the profiles vary into the engine (src/lower/dynamic.ts).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatSummaryTable, summarize } from "../../src/ir/summary.js";
import { placeholders } from "../../src/lower/dynamic.js";
import { runPipeline } from "../../src/lower/pipeline.js";
import type { LayerStep, LoweredProgram } from "../../src/lower/types.js";

/** A spec with input x of `shape` in one profile of `range`, and these layers; `check`'s pipeline result. */
function pipeline(shape: number[], range: { min: number[]; opt: number[]; max: number[] }, layers: string, outputs: string) {
  const dir = mkdtempSync(join(tmpdir(), "trtgen-dyn-"));
  const spec = join(dir, "spec.yaml");
  const r = JSON.stringify(range).replace(/"/g, "");
  writeFileSync(spec, `name: d\ninputs:\n  - { name: x, shape: ${JSON.stringify(shape)} }\nprofiles:\n  - x: ${r}\nlayers:\n${layers}outputs: [${outputs}]\n`);
  return runPipeline(spec, { until: "graph" });
}

const batch = { min: [1, 4, 8, 8], opt: [4, 4, 8, 8], max: [8, 4, 8, 8] };
const hw = { min: [1, 3, 8, 8], opt: [2, 3, 16, 24], max: [2, 3, 32, 32] };

function layerSteps(p: LoweredProgram, layer: string): LayerStep[] {
  return p.layers.find((l) => l.layer === layer)!.steps.filter((s): s is LayerStep => s.kind === "layer");
}

describe("dynamic shapes", () => {
  it("infers every layer at each profile point, marks what varies and keeps static dims static", () => {
    const { graph, program, diags } = pipeline(
      [-1, 4, 8, 8],
      batch,
      "  - { name: c, op: conv2d, out_channels: 2, kernel_size: 3, stride: 2 }\n  - { name: f, op: flatten }\n",
      "f",
    );
    expect(diags.hasErrors()).toBe(false);
    expect(graph!.inputs[0]!.shape).toEqual([4, 4, 8, 8]); // profile 0's opt
    const f = graph!.nodes.find((n) => n.name === "f")!;
    expect(f.dynamic!.dims).toEqual([-1, 18]);
    expect(f.dynamic!.points).toEqual([
      [4, 18],
      [1, 18],
      [8, 18],
    ]);
    // check lowers a dynamic spec (whether a layer's lowering can leave its extents open is part of validating it)
    expect(program!.inputs[0]!.shape).toEqual([-1, 4, 8, 8]);
    expect(program!.outputs[0]!.shape).toEqual([-1, 18]);
    expect(program!.profiles).toEqual([{ inputs: [{ name: "x", ...batch }] }]);
    const table = formatSummaryTable(summarize(graph!));
    expect(table).toContain("[1..8, 2, 3, 3]");
    expect(table).toContain(
      "Profile 0 min: x [1, 4, 8, 8] -> f [1, 18]\nProfile 0 opt: x [4, 4, 8, 8] -> f [4, 18]\nProfile 0 max: x [8, 4, 8, 8] -> f [8, 18]",
    );
  });

  it("flatten and reshape use TensorRT's 0 (copy) and -1 (inferred) placeholders, never the batch", () => {
    const { program } = pipeline(
      [-1, 4, 8, 8],
      batch,
      "  - { name: f, op: flatten }\n  - { name: r, op: reshape, shape: [-1, 2, 128], input: x }\n  - { name: g, op: flatten, start_dim: 0, end_dim: 1, input: x }\n",
      "f, r, g",
    );
    expect(layerSteps(program!, "f")[0]!.call).toMatchObject({ fn: "addShuffle", setters: { reshapeDimensions: [0, 256] } });
    expect(layerSteps(program!, "r")[0]!.call).toMatchObject({ fn: "addShuffle", setters: { reshapeDimensions: [0, 2, 128] } });
    expect(layerSteps(program!, "g")[0]!.call).toMatchObject({ fn: "addShuffle", setters: { reshapeDimensions: [-1, 8, 8] } });
    expect(layerSteps(program!, "g")[0]!.outShape).toEqual([-1, 8, 8]);
  });

  it("a linear over a dynamic batch multiplies by a constant weight of its own shape", () => {
    const { program } = pipeline([-1, 16], { min: [1, 16], opt: [2, 16], max: [64, 16] }, "  - { name: fc, op: linear, out_features: 3 }\n", "fc");
    const steps = layerSteps(program!, "fc");
    expect(steps.map((s) => s.call.fn)).toEqual(["addConstant", "addMatrixMultiply", "addConstant", "addElementWise"]);
    expect(steps[0]!.call.args).toMatchObject({ dimensions: [3, 16] });
    expect(steps[2]!.call.args).toMatchObject({ dimensions: [1, 3] });
    expect(steps[3]!.outShape).toEqual([-1, 3]);
  });

  it("an upsample over a dynamic H and W resizes by its whole scales, not by output dimensions", () => {
    const { program } = pipeline([-1, 3, -1, -1], hw, "  - { name: up, op: upsample, scale_factor: 2 }\n", "up");
    expect(layerSteps(program!, "up")[0]!.call.setters).toMatchObject({ scales: [1, 1, 2, 2] });
    expect(layerSteps(program!, "up")[0]!.call.setters).not.toHaveProperty("outputDimensions");
  });

  it("global average pooling over a dynamic H and W is a reduce", () => {
    const { program, diags } = pipeline([-1, 3, -1, -1], hw, "  - { name: gap, op: adaptive_avg_pool2d, output_size: 1 }\n", "gap");
    expect(diags.hasErrors()).toBe(false);
    expect(layerSteps(program!, "gap")[0]!.call.fn).toBe("addReduce");
  });

  it("refuses a reshape of two varying dimensions to new places (E0603 at the layer, from check)", () => {
    const { diags } = pipeline([-1, 3, -1, -1], hw, "  - { name: g, op: flatten, start_dim: 0, end_dim: 1 }\n", "g");
    const d = diags.items.find((x) => x.code === "E0603");
    expect(d?.message).toContain("layer 'g' (flatten): 'g' reshapes to [-1, -1, -1], where more than one dimension varies");
    expect(d?.location?.line).toBe(7);
  });

  it("refuses a layer at the profile point where it is impossible, naming the point", () => {
    const { diags } = pipeline([-1, 4, 8, 8], batch, "  - { name: r, op: reshape, shape: [4, 256] }\n", "r");
    const d = diags.items.find((x) => x.code === "E0201");
    expect(d?.message).toContain("(at profile 0 min)");
  });

  it("refuses a layer whose output is past TensorRT's limits at one profile point only, naming the point", () => {
    const { diags } = pipeline([-1, 4, 8, 8], batch, "  - { name: up, op: upsample, scale_factor: 1200 }\n", "up");
    expect(diags.items.filter((x) => x.code === "E0203").map((x) => x.message)).toEqual([
      expect.stringContaining("layer 'up' (upsample) output shape at profile 0 max"),
    ]);
  });

  it("refuses an upsample whose fixed size cannot follow a dynamic height (E0204 at the parameter)", () => {
    const { diags } = pipeline([-1, 3, -1, -1], hw, "  - { name: up, op: upsample, size: [64, 64] }\n", "up");
    const d = diags.items.find((x) => x.code === "E0204");
    expect(d?.message).toContain("so TensorRT must resize by a scale, and a fixed 'size' is not a whole one");
    expect(d?.location?.col).toBeGreaterThan(20);
  });

  it("placeholders: static stays, a dimension equal to the input's at its index is 0, one other is -1", () => {
    expect(
      placeholders(
        [
          [2, 6, 5],
          [3, 6, 7],
        ],
        [
          [2, 3, 2, 5],
          [3, 3, 2, 7],
        ],
        "t",
      ),
    ).toEqual([0, 6, -1]);
    expect(() =>
      placeholders(
        [
          [4, 5],
          [6, 7],
        ],
        [
          [2, 2, 5],
          [3, 2, 7],
        ],
        "t",
      ),
    ).toThrow(/TensorRT's reshape can infer only one \(-1\)/);
  });
});
