// Where a simulation fixture (test/simulate/fixtures/<case>/, written by make_refs.py)
// keeps its PyTorch references: io.json maps each input and output tensor name to a
// raw little-endian float32 file; without io.json the network has one input and one
// output, in input.bin and output.bin.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * @param {string} dir fixture folder
 * @param {string[]} inputs the network's input names, in spec order
 * @param {string[]} outputs the network's output names, in spec order
 * @returns {{ inputs: Record<string, string>, outputs: Record<string, string>, fp16Unverifiable?: string }}
 *   tensor name → absolute file; fp16Unverifiable: why an FP16 engine cannot match the references
 */
export function fixtureIO(dir, inputs, outputs) {
  const runs = fixtureRuns(dir, inputs, outputs);
  if (runs.length !== 1 || runs[0].shapes) throw new Error(`${dir}: a dynamic-shape fixture has one reference per run: use fixtureRuns`);
  return runs[0];
}

/**
 * The fixture's references as runs: one for a static network; for a dynamic-shape one
 * (io.json `runs`), one per shape it was run at.
 * @param {string} dir fixture folder
 * @param {string[]} inputs the network's input names, in spec order
 * @param {string[]} outputs the network's output names, in spec order
 * @returns {{ label?: string, profile?: number, shapes?: Record<string, number[]>, inputs: Record<string, string>,
 *   outputs: Record<string, string>, fp16Unverifiable?: string }[]}
 *   label: the run's name (e.g. min); profile: the optimization profile its shapes are in;
 *   shapes: each dynamic input's shape there
 */
export function fixtureRuns(dir, inputs, outputs) {
  const io = existsSync(join(dir, "io.json"))
    ? JSON.parse(readFileSync(join(dir, "io.json"), "utf8"))
    : inputs.length === 1 && outputs.length === 1
      ? { inputs: { [inputs[0]]: "input.bin" }, outputs: { [outputs[0]]: "output.bin" } }
      : undefined;
  if (!io) throw new Error(`${dir}: a network with ${inputs.length} inputs and ${outputs.length} outputs needs io.json`);
  if (!io.runs) return [checkRun(dir, io, inputs, outputs)];
  return io.runs.map((r) => ({ label: r.label, profile: r.profile, shapes: r.shapes, ...checkRun(dir, r, inputs, outputs) }));
}

function checkRun(dir, io, inputs, outputs) {
  for (const [kind, names] of [
    ["inputs", inputs],
    ["outputs", outputs],
  ]) {
    const got = Object.keys(io[kind] ?? {});
    if (got.length !== names.length || names.some((n) => !got.includes(n))) {
      throw new Error(`${dir}: references name ${kind} [${got.join(", ")}], the network has [${names.join(", ")}]`);
    }
  }
  const abs = (m) => Object.fromEntries(Object.entries(m).map(([n, f]) => [n, join(dir, f)]));
  const out = { inputs: abs(io.inputs), outputs: abs(io.outputs) };
  if (typeof io.fp16_unverifiable === "string") out.fp16Unverifiable = io.fp16_unverifiable;
  return out;
}
