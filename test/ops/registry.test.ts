// Everything an op must have, for every registered op (the list in docs/contributing.md):
// its file, registration, tests, PyTorch shape cases, numeric coverage by the simulator,
// ops.json (drafting by the Python exporter) and docs. Each failure names the op and the file.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { OPS } from "../../src/ops/index.js";
import { opsJsonText, opsManifest, rewriteRegions, specMdRegions } from "../../src/ops/manifest.js";
import { casesFor, fixture } from "./helpers.js";

const ROOT = join(import.meta.dirname, "..", "..");
const names = [...OPS.keys()];
/** Ops exempt from a rule, with the reason. */
const EXEMPT: Record<string, Record<string, string>> = {
  custom: {
    shapes: "a custom layer's output shape is given, not inferred",
    simulated: "a custom layer is C++ the simulator cannot run (examples/custom_layers is built by test/realtrt)",
    drafted: "the exporter writes custom layers for whatever trtgen does not cover",
  },
  constant: {
    drafted: "a parameter used as data, not a module or function: the exporter drafts it from the parameters a model reads (python/trtgen_export/draft/)",
  },
};
const applies = (rule: string) => names.filter((n) => !EXEMPT[n]?.[rule]);

/** Files under src/ops that are not ops. */
const NOT_OPS = new Set(["index.ts", "types.ts", "params.ts", "manifest.ts", "TEMPLATE.ts"]);

/** Ops used in the specs the simulator checks against PyTorch (test/simulate/fixtures, all_ops included). */
function simulatedOps(): Set<string> {
  const dir = join(ROOT, "test", "simulate", "fixtures");
  const ops = new Set<string>();
  for (const d of readdirSync(dir)) {
    const spec = join(dir, d, "spec.yaml");
    if (!existsSync(spec)) continue;
    for (const l of (parse(readFileSync(spec, "utf8")) as { layers: { op: string }[] }).layers) ops.add(l.op);
  }
  return ops;
}

describe("every registered op has everything docs/contributing.md lists", () => {
  it.each(names)("%s: src/ops/<op>.ts exists and defines it", (name) => {
    const file = join(ROOT, "src", "ops", `${name}.ts`);
    expect(existsSync(file), `op '${name}': missing src/ops/${name}.ts`).toBe(true);
    expect(readFileSync(file, "utf8"), `op '${name}': src/ops/${name}.ts does not define name "${name}"`).toContain(`name: "${name}"`);
  });

  it("every op file under src/ops is registered in src/ops/index.ts", () => {
    const files = readdirSync(join(ROOT, "src", "ops")).filter((f) => f.endsWith(".ts") && !f.endsWith("_common.ts") && !NOT_OPS.has(f));
    const unregistered = files.filter((f) => !OPS.has(f.replace(/\.ts$/, ""))).map((f) => `src/ops/${f}`);
    expect(unregistered, `op files not registered in src/ops/index.ts: ${unregistered.join(", ")}`).toEqual([]);
  });

  it.each(names)("%s: declares whether it takes dynamic dimensions (OpDef.dynamic)", (name) => {
    const d = OPS.get(name)!.dynamic as unknown;
    expect(d === "any" || d === "none" || typeof d === "function", `op '${name}': 'dynamic' must be "any", "none" or a check function`).toBe(true);
  });

  it("docs/spec.md's Dynamic shapes section lists the static-only ops (dynamic: none) exactly", () => {
    const docs = readFileSync(join(ROOT, "docs", "spec.md"), "utf8");
    const bullet = /- \*\*static only\*\*: ([\s\S]*?)\n\n/.exec(docs);
    expect(bullet, "docs/spec.md has no '**static only**' bullet").not.toBeNull();
    const listed = [...bullet![1]!.matchAll(/`([a-z_0-9]+)`/g)].map((m) => m[1]!);
    const attention = ["scaled_dot_product_attention", "multi_head_attention"];
    const none = names.filter((n) => OPS.get(n)!.dynamic === "none" && !attention.includes(n));
    expect(listed.sort()).toEqual(none.sort());
  });

  it.each(names)("%s: has test/ops/<op>.test.ts", (name) => {
    expect(existsSync(join(ROOT, "test", "ops", `${name}.test.ts`)), `op '${name}': missing test/ops/${name}.test.ts`).toBe(true);
  });

  it.each(applies("shapes"))("%s: has PyTorch shape cases (test/ops/fixtures/shapes.json)", (name) => {
    expect(
      casesFor(name).length,
      `op '${name}': no case in test/ops/fixtures/shapes.json; add one to test/ops/fixtures/gen_shapes.py and run it`,
    ).toBeGreaterThan(0);
  });

  it("the shape fixture only names registered ops", () => {
    expect([...new Set(fixture.cases.map((c) => c.op))].filter((o) => !OPS.has(o))).toEqual([]);
  });

  const simulated = simulatedOps();
  it.each(applies("simulated"))("%s: is simulated against PyTorch (examples/all_ops or a test/simulate/fixtures case)", (name) => {
    expect(
      simulated.has(name),
      `op '${name}': in no spec under test/simulate/fixtures; add it to examples/all_ops/spec.yaml and rerun test/simulate/fixtures/make_refs.py`,
    ).toBe(true);
  });

  const opsJson = JSON.parse(readFileSync(join(ROOT, "python", "trtgen_export", "ops.json"), "utf8")) as ReturnType<typeof opsManifest>;
  it.each(names)("%s: is in python/trtgen_export/ops.json", (name) => {
    expect(
      opsJson.ops.some((o) => o.name === name),
      `op '${name}': missing from python/trtgen_export/ops.json; run npm run regen`,
    ).toBe(true);
  });

  it.each(applies("drafted"))("%s: names the PyTorch modules, functions or methods the exporter drafts it from", (name) => {
    const ref = OPS.get(name)!.pytorch;
    const count = (ref.modules?.length ?? 0) + (ref.functions?.length ?? 0) + (ref.methods?.length ?? 0);
    expect(count, `op '${name}': src/ops/${name}.ts has no pytorch.modules/functions/methods, so trtgen-export cannot draft it`).toBeGreaterThan(0);
  });

  const specMd = readFileSync(join(ROOT, "docs", "spec.md"), "utf8");
  it.each(names)("%s: is documented in docs/spec.md", (name) => {
    expect(specMd, `op '${name}': not in the generated op table of docs/spec.md; run npm run regen`).toContain(`| \`${name}\` |`);
    expect(specMd, `op '${name}': docs/spec.md has no section or table row for it`).toMatch(
      new RegExp(`(#### \`${name}\`|\\| \`${name}\` \\| [^\\n]*\\| [^\\n]*\\| [^\\n]*\\|\\n)`),
    );
  });

  it.each(names.filter((n) => OPS.get(n)!.weights))("%s: declares its weight roles as data, as weights() returns them", (name) => {
    const op = OPS.get(name)!;
    expect(op.weightRoles, `op '${name}': weights() without weightRoles in src/ops/${name}.ts`).toBeDefined();
    for (const c of casesFor(name).filter((c) => c.out !== null && !c.deliberate)) {
      const p = op.params.parse(c.params) as Record<string, unknown>;
      const got = op.weights!(c.inputs, p, c.out!).map((w) => w.role);
      const declared = op
        .weightRoles!.filter((w) => (w.if === undefined || p[w.if] === true) && (w.unless === undefined || p[w.unless] !== true))
        .map((w) => w.role);
      expect(got, `op '${name}' case '${c.name}'`).toEqual(declared);
    }
  });
});

describe("generated from the registry (npm run regen rewrites them)", () => {
  it("python/trtgen_export/ops.json is up to date", () => {
    expect(readFileSync(join(ROOT, "python", "trtgen_export", "ops.json"), "utf8")).toBe(opsJsonText());
  });

  it("the op tables of docs/spec.md are up to date", () => {
    const text = readFileSync(join(ROOT, "docs", "spec.md"), "utf8");
    expect(text).toBe(rewriteRegions(text, specMdRegions()));
  });

  it("ops.json is sorted by op name and every op lists its parameters", () => {
    const m = opsManifest();
    expect(m.ops.map((o) => o.name)).toEqual([...names].sort());
    expect(m.ops.find((o) => o.name === "conv2d")!.params.find((p) => p.name === "stride")).toMatchObject({ required: false, default: 1 });
  });

  it("a missing marked region is a clear error", () => {
    expect(() => rewriteRegions("no markers", { "op-index": "x" })).toThrow(/docs\/spec.md: the marked region 'op-index' is missing/);
  });
});

describe("the hand-written parameter tables of docs/spec.md agree with the registry", () => {
  const text = readFileSync(join(ROOT, "docs", "spec.md"), "utf8");
  // `#### \`op\` — ...` sections and the parameter table that follows each
  const sections = [...text.matchAll(/^#### `(\w+)`[^\n]*\n\n\| parameter \| type \| default \| meaning \|\n\|---\|---\|---\|---\|\n((?:\|[^\n]*\n)+)/gm)];
  const opsJson = opsManifest().ops;

  it("finds the tables", () => expect(sections.length).toBeGreaterThan(10));

  it.each(sections.map((m) => [m[1]!, m[2]!] as const))("%s", (name, rows) => {
    const op = opsJson.find((o) => o.name === name);
    expect(op, `docs/spec.md documents '${name}', which is not a registered op`).toBeDefined();
    const cells = rows
      .trim()
      .split("\n")
      .map((r) => r.split("|").map((c) => c.trim()))
      .map((c) => ({ name: c[1]!.replace(/`/g, ""), dflt: c[3]! }));
    expect(
      cells.map((c) => c.name),
      `docs/spec.md, ${name}: the parameters differ from src/ops/${name}.ts`,
    ).toEqual(op!.params.map((p) => p.name));
    for (const p of op!.params) {
      const cell = cells
        .find((c) => c.name === p.name)!
        .dflt.replace(/`/g, "")
        .replace(/^'(.*)'$/, "$1");
      const want = p.default === undefined ? undefined : typeof p.default === "object" ? JSON.stringify(p.default) : String(p.default);
      const documented = cell === "—" || cell.startsWith("(") || (/^[a-z_]+$/.test(cell) && op!.params.some((q) => q.name === cell)) ? undefined : cell;
      const same = want === undefined ? documented === undefined : documented !== undefined && (documented === want || Number(documented) === Number(want));
      expect(same, `docs/spec.md, ${name}.${p.name}: documented default '${cell}', src/ops/${name}.ts says ${want ?? "none"}`).toBe(true);
    }
  });
});
