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
  const io = existsSync(join(dir, "io.json"))
    ? JSON.parse(readFileSync(join(dir, "io.json"), "utf8"))
    : inputs.length === 1 && outputs.length === 1
      ? { inputs: { [inputs[0]]: "input.bin" }, outputs: { [outputs[0]]: "output.bin" } }
      : undefined;
  if (!io) throw new Error(`${dir}: a network with ${inputs.length} inputs and ${outputs.length} outputs needs io.json`);
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
