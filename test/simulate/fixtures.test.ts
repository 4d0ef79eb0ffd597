// Simulation of the lowered TensorRT calls vs PyTorch references written by
// fixtures/make_refs.py (PYTHONPATH=python /usr/bin/python3 test/simulate/fixtures/make_refs.py).
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lowerSpecFile } from "../../src/lower/pipeline.js";
import { compare, executeProgram, readF32, unflatten } from "../../src/simulate/index.js";
import { fixtureRuns } from "../support/fixture_io.mjs";

const DIR = join(import.meta.dirname, "fixtures");
const cases = readdirSync(DIR)
  .filter((d) => existsSync(join(DIR, d, "spec.yaml")))
  .sort();

describe("simulate matches PyTorch", () => {
  it("has fixtures", () => expect(cases.length).toBeGreaterThanOrEqual(30));

  // every case as emit generates it, and the batch-norm cases also as `emit --fold-bn` does
  const runs = [...cases.map((c) => [c, false] as const), ...cases.filter((c) => /batchnorm|resnet/.test(c)).map((c) => [c, true] as const)];
  for (const [c, foldBn] of runs) {
    it(`${c}${foldBn ? " (--fold-bn)" : ""}`, () => {
      const d = join(DIR, c);
      const { program, diags, weights } = lowerSpecFile(join(d, "spec.yaml"), { wts: join(d, "model.wts"), wtsValues: true, foldBn });
      expect(diags.errorCount).toBe(0);
      // a dynamic-shape fixture: one run per shape (io.json `runs`), the lowered calls unchanged
      const runs = fixtureRuns(
        d,
        program!.inputs.map((i) => i.name),
        program!.outputs.map((o) => o.name),
      );
      for (const io of runs) {
        const inputs = new Map(Object.entries(io.inputs).map(([name, file]) => [name, readF32(file, `input ${name}`)]));
        const r = executeProgram(program!, weights!, inputs, new Map(Object.entries(io.shapes ?? {})));
        expect([...r.outputs.keys()].sort()).toEqual(Object.keys(io.outputs).sort());
        for (const [name, file] of Object.entries(io.outputs)) {
          const out = r.outputs.get(name)!;
          const ref = readF32(file, `expected ${name}`);
          expect(out.data.length, `${io.label ?? ""} ${name}`).toBe(ref.length);
          const cmp = compare(out.data, ref, 1e-4, 1e-4);
          const where =
            cmp.worst >= 0 ? ` worst at [${unflatten(cmp.worst, out.shape).join(", ")}]: got ${out.data[cmp.worst]}, expected ${ref[cmp.worst]}` : "";
          expect(cmp.violations, `${io.label ? `run ${io.label}, ` : ""}output ${name}: max abs ${cmp.maxAbs}${where}`).toBe(0);
        }
      }
    });
  }
});
