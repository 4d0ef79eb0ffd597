// Simulation of the lowered TensorRT calls vs PyTorch references written by
// fixtures/make_refs.py (PYTHONPATH=python /usr/bin/python3 test/simulate/fixtures/make_refs.py).
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compare, executeProgram, loadWeights, lowerSpec, readF32, unflatten } from "../../src/simulate/index.js";

const DIR = join(import.meta.dirname, "fixtures");
const cases = readdirSync(DIR).filter((d) => existsSync(join(DIR, d, "spec.yaml"))).sort();

describe("simulate matches PyTorch", () => {
  it("has fixtures", () => expect(cases.length).toBeGreaterThanOrEqual(30));

  // every case as emit generates it, and the batch-norm cases also as `emit --fold-bn` does
  const runs = [...cases.map((c) => [c, false] as const), ...cases.filter((c) => /batchnorm|resnet/.test(c)).map((c) => [c, true] as const)];
  for (const [c, foldBn] of runs) {
    it(`${c}${foldBn ? " (--fold-bn)" : ""}`, () => {
      const d = join(DIR, c);
      const input = readF32(join(d, "input.bin"), "input");
      const { program, diags } = lowerSpec(join(d, "spec.yaml"), join(d, "model.wts"), foldBn);
      expect(diags.errorCount).toBe(0);
      const r = executeProgram(program!, loadWeights(program!, join(d, "model.wts")), new Map([[program!.inputs[0]!.name, input]]));
      expect(r.outputs.size).toBe(1);
      const [out] = [...r.outputs.values()];
      const ref = readF32(join(d, "output.bin"), "expected");
      expect(out!.data.length).toBe(ref.length);
      const cmp = compare(out!.data, ref, 1e-4, 1e-4);
      const where = cmp.worst >= 0 ? ` worst at [${unflatten(cmp.worst, out!.shape).join(", ")}]: got ${out!.data[cmp.worst]}, expected ${ref[cmp.worst]}` : "";
      expect(cmp.violations, `max abs ${cmp.maxAbs}${where}`).toBe(0);
    });
  }
});

