// Stages every network that a real TensorRT must build: the committed generated/
// examples and every simulation fixture (test/simulate/fixtures), each in its own
// folder with its C++ sources, weights and — where PyTorch references exist —
// input/expected files, plus manifest.json with what `trtgen check` infers for the
// engine's I/O tensors. test/realtrt/run.py builds and checks them (CI: TensorRT-RTX,
// CPU-only; the GPU machine: TensorRT 10.6/8.6 with --verify). The folder is
// self-contained so it can be carried to a machine without Node.js.
//
// usage: node test/realtrt/prepare.mjs OUT_DIR [--only REGEX]
// (needs `npm run build`: it uses trtgen's compiled modules in dist/)
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generate, writeFolder } from "../../dist/emit/emit.js";
import { summarize } from "../../dist/ir/summary.js";
import { loadGraph } from "../../dist/passes/index.js";
import { fixtureRuns } from "../support/fixture_io.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const FIXTURES = join(ROOT, "test/simulate/fixtures");

function fail(msg) {
  process.stderr.write(`prepare: ${msg}\n`);
  process.exit(1);
}

const args = process.argv.slice(2);
let out;
let only;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--only") only = new RegExp(args[++i] ?? fail("--only needs a regular expression"));
  else if (!out) out = resolve(args[i]);
  else fail(`unexpected argument '${args[i]}'`);
}
if (!out) fail("usage: node test/realtrt/prepare.mjs OUT_DIR [--only REGEX]");

/** Engine I/O as trtgen check infers it: inputs as declared, outputs float32 (NetworkBuilder::output casts). */
function inferredIO(spec, wts) {
  const { graph, diags } = loadGraph(spec, { wts });
  if (!graph || diags.hasErrors())
    fail(
      `${relative(ROOT, spec)} does not pass trtgen check:\n${diags
        .sorted()
        .map((d) => `  ${d.message}`)
        .join("\n")}`,
    );
  const s = summarize(graph);
  // dynamic shapes: -1 where a dimension varies (the engine's and the network's I/O shapes)
  const dims = (r) => (r.outputRange ? r.outputRange.map(([lo, hi]) => (lo === hi ? lo : -1)) : r.outputShape);
  const rows = new Map(s.rows.map((r) => [r.name, r]));
  return {
    plugins: graph.nodes.filter((n) => n.op.name === "custom" && n.params.plugin !== undefined).map((n) => n.name),
    inputs: s.rows.filter((r) => r.op === "input").map((r) => ({ name: r.name, dtype: r.details, shape: dims(r) })),
    outputs: s.outputs.map((o) => ({ name: o.name, dtype: "float32", shape: dims(rows.get(o.name)) })),
  };
}

// Cases: [name, spec, wts | undefined, committed generated folder | undefined, reference folder | undefined]
const cases = [];
const examples = readdirSync(join(ROOT, "examples"))
  .filter((e) => existsSync(join(ROOT, "examples", e, "spec.yaml")))
  .sort();
const fixtures = readdirSync(FIXTURES)
  .filter((f) => existsSync(join(FIXTURES, f, "spec.yaml")))
  .sort();
const sameFile = (a, b) => existsSync(a) && existsSync(b) && readFileSync(a).equals(readFileSync(b));
for (const e of examples) {
  const spec = join(ROOT, "examples", e, "spec.yaml");
  const wts = join(ROOT, "examples", e, `${e}.wts`);
  // an example's PyTorch reference is the fixture example_<name> made from the same spec and weights
  const ref = join(FIXTURES, `example_${e}`);
  const hasRef = sameFile(spec, join(ref, "spec.yaml")) && sameFile(wts, join(ref, "model.wts"));
  cases.push({ name: e, spec, wts: existsSync(wts) ? wts : undefined, generated: join(ROOT, "generated", e), ref: hasRef ? ref : undefined });
}
const covered = new Set(cases.filter((c) => c.ref).map((c) => c.ref));
for (const f of fixtures) {
  const dir = join(FIXTURES, f);
  if (covered.has(dir)) continue;
  cases.push({ name: f, spec: join(dir, "spec.yaml"), wts: join(dir, "model.wts"), ref: dir });
}

/** Seeded standard normal float32 values (mulberry32 + Box-Muller): calibration samples. */
function normals(count, seed) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const v = new Float32Array(count);
  for (let i = 0; i < count; i++) v[i] = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return v;
}

const CALIB_SAMPLES = 32;
/**
 * An INT8 calibration set (run.py --precisions int8) for an example with one float32 input: the
 * PyTorch reference input (when there is one) and seeded standard normal samples -- the
 * distribution the references' inputs are drawn from -- as calib/calib_NNN.bin. Returns the
 * folder, relative to the case, or undefined for other networks (several inputs, another
 * dtype, a dynamic shape).
 */
function stageCalibration(dir, inputs, verify) {
  // a dynamic input (-1 in its shape) has no one sample size: no set
  if (inputs.length !== 1 || inputs[0].dtype !== "float32" || inputs[0].shape.some((d) => d < 0)) return undefined;
  const count = inputs[0].shape.reduce((n, d) => n * d, 1);
  const ref = verify?.inputs && Object.values(verify.inputs)[0];
  mkdirSync(join(dir, "calib"), { recursive: true });
  for (let k = 0; k < CALIB_SAMPLES; k++) {
    const file = join(dir, "calib", `calib_${String(k).padStart(3, "0")}.bin`);
    if (k === 0 && ref) cpSync(join(dir, ref), file);
    else writeFileSync(file, Buffer.from(normals(count, 1000 + k).buffer));
  }
  return "calib";
}

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "cases"), { recursive: true });
const manifest = { cases: [] };
const stems = new Map();
for (const c of cases) {
  if (only && !only.test(c.name)) continue;
  const dir = join(out, "cases", c.name);
  const src = join(dir, "src");
  if (c.generated) {
    if (!existsSync(c.generated)) fail(`${relative(ROOT, c.generated)} is missing: run npm run regen`);
    cpSync(c.generated, src, { recursive: true });
  } else {
    const r = await generate({ spec: c.spec, wts: c.wts });
    if (!r.files)
      fail(
        `cannot emit ${relative(ROOT, c.spec)}:\n${r.diags
          .sorted()
          .map((d) => `  ${d.message}`)
          .join("\n")}`,
      );
    writeFolder(src, r.files, r.diags);
    if (r.diags.hasErrors()) fail(`cannot write ${src}`);
  }
  const cmake = readFileSync(join(src, "CMakeLists.txt"), "utf8");
  const stem = /^project\((\S+)_trt /m.exec(cmake)?.[1];
  if (!stem) fail(`${src}/CMakeLists.txt has no project(<stem>_trt ...)`);
  if (stems.has(stem)) fail(`cases ${stems.get(stem)} and ${c.name} both build targets named ${stem}_*: rename one network`);
  stems.set(stem, c.name);
  const { plugins, ...io } = inferredIO(c.spec, c.wts);
  const entry = { name: c.name, stem, spec: relative(ROOT, c.spec), plugins, io };
  if (c.wts) {
    cpSync(c.wts, join(dir, "model.wts"));
    entry.wts = "model.wts";
  }
  if (c.ref) {
    // PyTorch references: raw little-endian float32, one file per input and output; a
    // dynamic-shape network has them per run shape (verify.runs: the runs in profile 0,
    // where the builder's execution context runs; each verified with --shape)
    const runs = fixtureRuns(
      c.ref,
      io.inputs.map((t) => t.name),
      io.outputs.map((t) => t.name),
    ).filter((r) => (r.profile ?? 0) === 0);
    const staged = runs.map((refs, k) => {
      const v = { inputs: {}, expected: {} };
      if (refs.label !== undefined) Object.assign(v, { label: refs.label, shapes: refs.shapes });
      if (refs.fp16Unverifiable) v.fp16_unverifiable = refs.fp16Unverifiable;
      const prefix = runs.length > 1 || refs.shapes ? `${k}.` : "";
      for (const [kind, key] of [
        ["inputs", "inputs"],
        ["outputs", "expected"],
      ]) {
        for (const [name, file] of Object.entries(refs[kind])) {
          const local = `${kind === "inputs" ? "input" : "expected"}.${prefix}${Object.keys(v[key]).length}.bin`;
          cpSync(file, join(dir, local));
          v[key][name] = local;
        }
      }
      return v;
    });
    entry.verify = staged.length === 1 && !staged[0].shapes ? staged[0] : { runs: staged };
  }
  if (c.generated) {
    const calib = stageCalibration(dir, io.inputs, entry.verify);
    if (calib) entry.calib = calib;
  }
  manifest.cases.push(entry);
}
writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
process.stdout.write(
  `prepare: ${manifest.cases.length} networks staged in ${out} (${manifest.cases.filter((c) => c.verify).length} with PyTorch references)\n`,
);
