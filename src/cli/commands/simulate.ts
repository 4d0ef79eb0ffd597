import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { lowerSpecFile } from "../../lower/pipeline.js";
import type { LoweredProgram } from "../../lower/types.js";
import {
  SimError,
  compare,
  executeProgram,
  isDir,
  readF32Shaped,
  safeFilePart,
  unflatten,
  writeF32,
  type Comparison,
  type Tensor,
} from "../../simulate/index.js";
import { scaledAtol } from "../../simulate/tolerance.js";
import { printDiagnostics } from "../output.js";

export interface SimulateArgs {
  spec: string;
  wts: string;
  allowShortHex?: boolean;
  input: string[];
  /** Dynamic inputs' shapes, `NAME=AxBx...`. */
  shape?: string[];
  expect?: string[];
  output?: string[];
  atol: number;
  rtol: number;
  /** k of docs/numerics.md's scaled term. */
  scaleTol: number;
  trace?: string;
}

class Usage extends Error {}

const g = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v));
const shapeStr = (s: readonly number[]) => `[${s.join(", ")}]`;

interface RefJson {
  inputs?: { name: string; file: string }[];
  outputs?: { name: string; file: string }[];
  layers?: { name: string; file: string }[];
}

/** reference.json of a `trtgen-export reference` folder, when there is one. */
function refJson(dir: string): RefJson | undefined {
  const p = join(dir, "reference.json");
  if (!existsSync(p)) return undefined;
  try {
    return JSON.parse(readFileSync(p, "utf8")) as RefJson;
  } catch (e) {
    throw new SimError(`cannot read '${p}': ${(e as Error).message}`);
  }
}

/**
 * Maps files to names: `NAME=FILE`, plain files in order, or one reference
 * folder (input.bin / input_<name>.bin, output.bin / output_<name>.bin, or the
 * files its reference.json names).
 */
function resolveFiles(values: string[], names: string[], kind: "input" | "output", option: string, allowNewDir: boolean): Map<string, string> {
  const out = new Map<string, string>();
  const list = names.map((n) => `'${n}'`).join(", ");
  const dirFile = (dir: string, name: string): string => {
    const ref = refJson(dir);
    const entry = (kind === "input" ? ref?.inputs : ref?.outputs)?.find((e) => e.name === name);
    if (entry) return join(dir, entry.file);
    return join(dir, names.length === 1 ? `${kind}.bin` : `${kind}_${safeFilePart(name)}.bin`);
  };
  if (values.length === 1 && !names.some((n) => values[0]!.startsWith(`${n}=`))) {
    const v = values[0]!;
    if (isDir(v) || (allowNewDir && names.length > 1)) {
      const owner = new Map<string, string>();
      for (const n of names) {
        const file = dirFile(v, n);
        const other = owner.get(file);
        // file names keep [A-Za-z0-9_.-] of the name: 'a/b' and 'a_b' would share one file
        if (other !== undefined) {
          throw new Usage(
            `${kind}s '${other}' and '${n}' would both use the file '${file}'; name each file: ${option} '${other}=FILE1' ${option} '${n}=FILE2'`,
          );
        }
        owner.set(file, n);
        out.set(n, file);
      }
      return out;
    }
  }
  const positional: string[] = [];
  for (const v of values) {
    const eq = v.indexOf("=");
    const name = eq > 0 ? v.slice(0, eq) : undefined;
    if (name !== undefined && names.includes(name)) {
      if (out.has(name)) throw new Usage(`${option} names ${kind} '${name}' twice`);
      out.set(name, v.slice(eq + 1));
    } else positional.push(v);
  }
  const rest = names.filter((n) => !out.has(n));
  if (positional.length > rest.length) {
    throw new Usage(`${option} gives ${values.length} files but the spec has ${names.length} ${kind}${names.length === 1 ? "" : "s"} (${list})`);
  }
  positional.forEach((p, i) => out.set(rest[i]!, p));
  if (kind === "output" && allowNewDir) {
    const owner = new Map<string, string>();
    for (const [n, file] of out) {
      const other = owner.get(resolve(file));
      if (other !== undefined) throw new Usage(`${option} writes outputs '${other}' and '${n}' to the same file '${file}'`);
      owner.set(resolve(file), n);
    }
  }
  return out;
}

export function runSimulate(a: SimulateArgs): number {
  try {
    return simulate(a);
  } catch (e) {
    if (e instanceof Usage) {
      process.stderr.write(`trtgen: ${e.message}\nRun 'trtgen simulate --help' for usage.\n`);
      return 2;
    }
    if (e instanceof SimError) {
      process.stderr.write(`trtgen simulate: error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

function simulate(a: SimulateArgs): number {
  if (!(a.atol >= 0) || !(a.rtol >= 0) || !(a.scaleTol >= 0) || !Number.isFinite(a.atol + a.rtol + a.scaleTol))
    throw new Usage("--atol, --rtol and --scale-tol must be non-negative numbers");
  const { program, diags, weights } = lowerSpecFile(a.spec, { wts: a.wts, wtsValues: true, allowShortHex: a.allowShortHex });
  if (!program) {
    printDiagnostics(diags);
    return 1;
  }
  printDiagnostics(diags); // warnings
  const inputNames = program.inputs.map((i) => i.name);
  const outputNames = program.outputs.map((o) => o.name);
  const inputFiles = resolveFiles(a.input, inputNames, "input", "--input", false);
  const missing = inputNames.filter((n) => !inputFiles.has(n));
  if (missing.length > 0)
    throw new Usage(
      `--input is missing a file for input${missing.length > 1 ? "s" : ""} ${missing.map((n) => `'${n}'`).join(", ")} (give NAME=FILE or one file per input in spec order)`,
    );
  const expectFiles = a.expect?.length ? resolveFiles(a.expect, outputNames, "output", "--expect", false) : undefined;
  const outputFiles = a.output?.length ? resolveFiles(a.output, outputNames, "output", "--output", true) : undefined;

  const shapes = runShapes(program, a.shape ?? []);
  const inputs = new Map<string, Float32Array>();
  for (const i of program.inputs) inputs.set(i.name, readF32Shaped(inputFiles.get(i.name)!, shapes.get(i.name)!, `input file for '${i.name}'`));
  const t0 = performance.now();
  const result = executeProgram(program, weights ?? new Map(), inputs, shapes);
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(`simulated ${program.name}: ${program.layers.length} layers in ${seconds.toFixed(2)} s\n`);

  if (outputFiles) {
    for (const [name, path] of outputFiles) {
      if (outputFiles.size > 1 && a.output!.length === 1) mkdirSync(join(path, ".."), { recursive: true });
      const t = result.outputs.get(name)!;
      writeF32(path, t.data, `output file for '${name}'`);
      process.stdout.write(`wrote ${path}: ${name} ${shapeStr(t.shape)} float32\n`);
    }
  }

  let failed = false;
  if (expectFiles) {
    for (const o of program.outputs) {
      const path = expectFiles.get(o.name);
      if (path === undefined) continue;
      const t = result.outputs.get(o.name)!;
      const ref = readF32Shaped(path, t.shape, `expected output for '${o.name}'`);
      const atol = scaledAtol(a.atol, a.scaleTol, o.depth, ref);
      const c = compare(t.data, ref, atol, a.rtol);
      process.stdout.write(
        `${o.name} ${shapeStr(t.shape)}: max abs error ${g(c.maxAbs)}, max rel error ${g(c.maxRel)}, atol ${g(atol)} at depth ${o.depth}${describe(c, t, ref)}\n`,
      );
      if (c.violations > 0) failed = true;
    }
  } else if (!outputFiles) {
    for (const [name, t] of result.outputs) process.stdout.write(`${name} ${shapeStr(t.shape)}: ${stats(t.data)}\n`);
  }

  if (a.trace !== undefined && trace(a.trace, program, result.layers, a)) failed = true;
  return failed ? 1 : 0;
}

/**
 * Every input's shape to run at: a static input's own; a dynamic one's from `--shape NAME=AxBx...`,
 * which must lie within one of the profiles, else the first profile's opt.
 */
function runShapes(program: LoweredProgram, args: string[]): Map<string, number[]> {
  const dynamic = program.inputs.filter((i) => i.shape.includes(-1));
  const given = new Map<string, number[]>();
  for (const arg of args) {
    const input = dynamic.find((i) => arg.startsWith(`${i.name}=`));
    if (!input) {
      throw new Usage(
        dynamic.length === 0
          ? `--shape only applies to dynamic inputs; every input of ${program.name} has a static shape`
          : `--shape '${arg}': expected NAME=AxBx... for a dynamic input (${dynamic.map((i) => `'${i.name}'`).join(", ")})`,
      );
    }
    if (given.has(input.name)) throw new Usage(`--shape gives input '${input.name}' twice`);
    const text = arg.slice(input.name.length + 1);
    if (!/^[1-9]\d{0,9}(x[1-9]\d{0,9})*$/.test(text))
      throw new Usage(`--shape ${arg}: expected positive whole numbers separated by 'x', e.g. ${input.name}=1x3x224x224`);
    given.set(input.name, text.split("x").map(Number));
  }
  const shapes = new Map(program.inputs.map((i) => [i.name, i.shape]));
  if (dynamic.length === 0) return shapes;
  const inRange = (p: LoweredProgram["profiles"][number]) =>
    p.inputs.every((r) => {
      const s = given.get(r.name) ?? program.profiles[0]!.inputs.find((x) => x.name === r.name)!.opt;
      return s.length === r.min.length && s.every((d, j) => d >= r.min[j]! && d <= r.max[j]!);
    });
  if (!program.profiles.some(inRange)) {
    const ranges = program.profiles.map((p, k) => `profile ${k}: ${p.inputs.map((r) => `'${r.name}' ${shapeStr(r.min)}..${shapeStr(r.max)}`).join(", ")}`);
    throw new Usage(
      `--shape ${[...given].map(([n, s]) => `${n}=${s.join("x")}`).join(" ")} is within no optimization profile (${ranges.join("; ")}); inputs not given run at profile 0's opt`,
    );
  }
  for (const i of dynamic) shapes.set(i.name, given.get(i.name) ?? program.profiles[0]!.inputs.find((r) => r.name === i.name)!.opt);
  return shapes;
}

function describe(c: Comparison, t: Tensor, ref: Float32Array): string {
  if (c.violations === 0) return " — ok";
  return ` — FAIL: ${c.violations} of ${c.count} values exceed atol + rtol·|expected|; worst at ${shapeStr(unflatten(c.worst, t.shape))}: got ${g(t.data[c.worst]!)}, expected ${g(ref[c.worst]!)}`;
}

function stats(d: Float32Array): string {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of d) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return `min ${g(min)}, max ${g(max)}, mean ${g(sum / d.length)}`;
}

/** Compares every spec layer that has a per-layer reference; reports the first that diverges. Returns true on divergence. */
function trace(dir: string, program: LoweredProgram, layers: Map<string, Tensor>, tol: Pick<SimulateArgs, "atol" | "rtol" | "scaleTol">): boolean {
  if (!isDir(dir)) throw new SimError(`--trace '${dir}' is not a folder (expected the output of 'trtgen-export reference --per-layer')`);
  const ref = refJson(dir);
  const files = new Map<string, string>();
  for (const l of ref?.layers ?? []) files.set(l.name, join(dir, l.file));
  let checked = 0;
  let missing = 0;
  for (const l of program.layers) {
    const path = files.get(l.layer) ?? join(dir, `layer_${safeFilePart(l.layer)}.bin`);
    if (!existsSync(path)) {
      missing++;
      continue;
    }
    const t = layers.get(l.layer)!;
    let refData: Float32Array;
    try {
      refData = readF32Shaped(path, t.shape, `reference for layer '${l.layer}'`);
    } catch (e) {
      if (!(e instanceof SimError)) throw e;
      process.stdout.write(`trace: first divergence at layer '${l.layer}' (${l.op}): ${e.message}\n`);
      return true;
    }
    checked++;
    const c = compare(t.data, refData, scaledAtol(tol.atol, tol.scaleTol, l.depth, refData), tol.rtol);
    if (c.violations > 0) {
      process.stdout.write(
        `trace: first divergence at layer '${l.layer}' (${l.op}) after ${checked - 1} matching layer${checked === 2 ? "" : "s"}: max abs error ${g(c.maxAbs)}, max rel error ${g(c.maxRel)}${describe(c, t, refData)}\n`,
      );
      return true;
    }
  }
  if (checked === 0) throw new SimError(`--trace '${dir}' has no layer_<name>.bin file for any of the spec's ${program.layers.length} layers`);
  process.stdout.write(`trace: all ${checked} layers with a reference match${missing ? ` (${missing} without a reference file)` : ""}\n`);
  return false;
}
