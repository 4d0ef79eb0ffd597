// Specs of any size and nesting get exit 0 or diagnostics with locations, never
// an internal error: graph passes use explicit stacks (10,000-layer chains listed
// output-first, 10,000-layer cycles), YAML aliases and nesting have limits.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_SUGGESTIONS } from "../../src/netspec/suggest.js";
import { MAX_ALIAS_EXPANSION, MAX_YAML_DEPTH, nestingProblem } from "../../src/netspec/yaml_limits.js";
import { loadGraph } from "../../src/passes/index.js";
import { runCli } from "../support/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "trtgen-large-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const N = 10_000;
const head = "name: big\ninputs:\n  - {name: x, shape: [1, 4]}\nlayers:\n";

/** N layers, alternately linear and relu, each reading the one before, listed last-first. */
function outputFirst(): string {
  const layers: string[] = [];
  for (let i = N - 1; i >= 0; i--) {
    const op = i % 2 ? "relu" : "linear, in_features: 4, out_features: 4";
    layers.push(`  - {name: l${i}, op: ${op}, input: ${i === 0 ? "x" : `l${i - 1}`}}`);
  }
  return `${head}${layers.join("\n")}\noutputs: [l${N - 1}]\n`;
}

/** N layers each reading the next one: one cycle through all of them. */
function cyclic(): string {
  const layers: string[] = [];
  for (let i = 0; i < N; i++) layers.push(`  - {name: l${i}, op: relu, input: l${(i + 1) % N}}`);
  return `${head}${layers.join("\n")}\noutputs: [l${N - 1}]\n`;
}

const write = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

const noInternalError = (err: string) => {
  expect(err).not.toContain("internal error");
  expect(err).not.toMatch(/\n\s+at /);
};

describe("10,000-layer specs", () => {
  const valid = write("output_first.yaml", outputFirst());
  const cycle = write("cycle.yaml", cyclic());

  it("check orders a chain listed output-first", async () => {
    const r = await runCli(["check", valid]);
    noInternalError(r.err);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Output l${N - 1}: [1, 4]`);
  });

  it("wts-random writes its weights and check --deep accepts them", async () => {
    const wts = join(tmp, "big.wts");
    const r = await runCli(["wts-random", valid, "-o", wts]);
    noInternalError(r.err);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${N} tensors`);
    const c = await runCli(["check", valid, "--wts", wts, "--deep"]);
    expect(c.code).toBe(0);
    // file order is the spec's topological order: l0 first
    expect(readFileSync(wts, "utf8").split("\n", 2)[1]).toMatch(/^l0\.weight 16 /);
  });

  it("emit writes the project", async () => {
    const dir = join(tmp, "out");
    const r = await runCli(["emit", valid, "-o", dir]);
    noInternalError(r.err);
    expect(r.code).toBe(0);
    const net = readFileSync(join(dir, "big_network.cpp"), "utf8");
    expect(net.indexOf("auto* l0 =")).toBeLessThan(net.indexOf("auto* l1 ="));
    expect(net).toContain(`auto* l${N - 1} =`);
  });

  for (const cmd of [["check"], ["emit", "-o", join(tmp, "never")], ["wts-random", "-o", join(tmp, "never.wts")]]) {
    it(`${cmd[0]} reports a 10,000-layer cycle once, shortened`, async () => {
      const r = await runCli([cmd[0]!, cycle, ...cmd.slice(1)]);
      noInternalError(r.err);
      expect(r.code).toBe(1);
      const lines = r.err.split("\n").filter((l) => l.includes("E0107"));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toBe(
        `${cycle}:5:5: error[E0107 cycle]: layers form a cycle: l0 -> l1 -> l2 -> l3 -> l4 -> l5 -> l6 -> l7 -> ... (9990 more) -> l9998 -> l9999 -> l0`,
      );
    });
  }
});

describe("10,000 wrong names", () => {
  it("get a did-you-mean for the first MAX_SUGGESTIONS only, so that checking them stays linear", () => {
    const layers: string[] = [];
    for (let i = 0; i < N; i++) layers.push(`  - {name: layer${i}, op: relu, input: lyr${i}}`);
    const p = write("unknown.yaml", `${head}${layers.join("\n")}\noutputs: [layer${N - 1}]\n`);
    const { diags } = loadGraph(p);
    const unknown = diags.items.filter((d) => d.code === "E0106");
    expect(unknown).toHaveLength(N);
    expect(unknown[0]!.hint).toBe("did you mean 'layer0'?");
    expect(unknown.filter((d) => d.hint !== undefined)).toHaveLength(MAX_SUGGESTIONS);
    // (comparing all 10,000 with all 10,000 names took about 15 s; the hint count above shows that is gone)
  });
});

describe("YAML aliases and nesting", () => {
  const codes = (path: string) => loadGraph(path).diags.items.map((d) => `${d.code} ${d.location?.line}:${d.location?.col} ${d.message}`);

  it("1,200 uses of one anchor in a valid spec are fine", () => {
    const layers = ["  - {name: l0, op: relu, input: x}"];
    for (let i = 1; i <= 1200; i++) layers.push(`  - {name: l${i}, op: reshape, shape: *d}`);
    const p = write("aliases.yaml", `name: t\ninputs:\n  - {name: x, shape: &d [1, 4]}\nlayers:\n${layers.join("\n")}\noutputs: [l1200]\n`);
    const { graph, diags } = loadGraph(p);
    expect(diags.items).toEqual([]);
    expect(graph!.nodes.at(-1)!.shape).toEqual([1, 4]);
  });

  it("an undefined alias, or one inside its own anchor, is E0003 at the alias", () => {
    const undef = write("undef.yaml", "name: t\ninputs:\n  - {name: x, shape: [1, 4]}\nlayers:\n  - {name: a, op: relu, input: *nope}\noutputs: [a]\n");
    expect(codes(undef)).toEqual(["E0003 5:32 invalid YAML: alias '*nope' refers to no anchor '&nope' before it"]);
    const later = write("later.yaml", "name: t\ninputs:\n  - {name: x, shape: *s}\nlayers:\n  - {name: a, op: relu, k: &s [1]}\noutputs: [a]\n");
    expect(codes(later)).toEqual(["E0003 3:22 invalid YAML: alias '*s' refers to no anchor '&s' before it"]);
    const self = write("self.yaml", "name: t\ninputs:\n  - &s {name: x, shape: [1, 4, *s]}\nlayers:\n  - {name: a, op: relu}\noutputs: [a]\n");
    expect(codes(self)).toEqual(["E0003 3:32 invalid YAML: alias '*s' is inside the value anchored '&s' it refers to"]);
    expect(loadGraph(self).diags.items[0]!.hint).toBe("an alias '*name' repeats the value anchored '&name' earlier in the file, outside that value");
  });

  it("aliases that multiply the document (billion laughs) are E0005 at the alias past the limit", () => {
    const { diags } = loadGraph("test/invalid/yaml-limit/spec.yaml");
    expect(diags.items.map((d) => d.code)).toEqual(["E0005"]);
    expect(diags.items[0]!.message).toContain(MAX_ALIAS_EXPANSION.toLocaleString("en-US"));
  });

  it("flow nesting past the limit is E0005, however deep", () => {
    for (const depth of [MAX_YAML_DEPTH + 5, 100_000]) {
      const p = write(
        `flow${depth}.yaml`,
        `name: t\ninputs:\n  - {name: x, shape: [1, 4]}\nlayers:\n  - {name: a, op: relu, k: ${"[".repeat(depth)}${"]".repeat(depth)}}\noutputs: [a]\n`,
      );
      const d = codes(p);
      expect(d).toHaveLength(1);
      expect(d[0]).toMatch(new RegExp(`^E0005 5:\\d+ YAML too complex: collections nest more than ${MAX_YAML_DEPTH} levels deep$`));
    }
  });

  it("2 MB of flow nesting is E0005 at the bracket past the limit, found before parsing", () => {
    // 250 lines of 8,000 '[': the parser took 10-40 s to reach its own limit, and reported it at 1:786 with syntax errors after it
    const p = write("flow2mb.yaml", `${"[".repeat(8000)}\n`.repeat(250));
    expect(codes(p)).toEqual([`E0005 1:${MAX_YAML_DEPTH + 1} YAML too complex: collections nest more than ${MAX_YAML_DEPTH} levels deep`]);
    const spaced = write("flowspaced.yaml", `name: t\nk: &a !!seq\n${"  [ # c\n".repeat(MAX_YAML_DEPTH + 1)}`);
    expect(codes(spaced)).toEqual([`E0005 ${MAX_YAML_DEPTH + 3}:3 YAML too complex: collections nest more than ${MAX_YAML_DEPTH} levels deep`]);
  });

  it("the nesting pre-scan counts no bracket in comments, strings, block scalars or plain scalars", () => {
    const deep = "[".repeat(MAX_YAML_DEPTH + 1);
    const text = [
      `name: t # ${deep}`,
      `a: '${deep} it''s'`,
      `b: "${deep} \\" ${deep}"`,
      `c: "multi`,
      `  line ${deep}"`,
      `d: it's a${deep}`,
      `e: |`,
      `  ${deep}`,
      ``,
      `    ${deep}`,
      `f: >-`,
      `  ${deep}`,
      `g: [x, '${deep}', "${deep}", {k: 'v${deep}'}] # ${deep}`,
      `- ${"[".repeat(MAX_YAML_DEPTH)}${"]".repeat(MAX_YAML_DEPTH)}`,
      `h: ${"[".repeat(MAX_YAML_DEPTH)}${"]".repeat(MAX_YAML_DEPTH)}`,
      ``,
    ].join("\n");
    expect(nestingProblem(text)).toBeUndefined();
    for (const prefix of ["k: ", "- ", "? ", "k: &a ", "k: !!seq ", ""]) {
      const t = `${text}${prefix}${deep}`;
      expect(nestingProblem(t), prefix).toBe(t.length - 1);
    }
    let block = "";
    for (let i = 0; i < MAX_YAML_DEPTH; i++) block += `${" ".repeat(i)}k${i}: # c\n\n${" ".repeat(i)}# c\n`;
    expect(nestingProblem(`${block}${" ".repeat(MAX_YAML_DEPTH)}1\n`)).toBeUndefined(); // 64 mappings, then the scalar
    expect(nestingProblem(`${block}${" ".repeat(MAX_YAML_DEPTH)}k:\n${" ".repeat(MAX_YAML_DEPTH + 1)}1\n`)).toBe(
      block.length + MAX_YAML_DEPTH + 3 + MAX_YAML_DEPTH + 1,
    );
    const inMap = `${text}k: {a: ${deep}`; // the '{' is one level
    expect(nestingProblem(inMap)).toBe(inMap.length - 2);
  });

  it("block nesting past the limit is E0005 at the first line past it, found before parsing", () => {
    const depth = 4000;
    let s = "name: t\ninputs:\n  - {name: x, shape: [1, 4]}\nlayers:\n  - name: a\n    op: relu\n    k:\n";
    for (let i = 0; i < depth; i++) s += `${" ".repeat(i + 5)}k:\n`;
    s += `${" ".repeat(depth + 5)}1\noutputs: [a]\n`;
    // found by the pre-scan, at the first line indented 66 levels deep (the parser's stack overflow was reported at
    // whichever line it happened, with the syntax errors after it)
    expect(codes(write("block.yaml", s))).toEqual([`E0005 70:68 YAML too complex: collections nest more than ${MAX_YAML_DEPTH} levels deep`]);
  });
});

describe("specs check accepted and emit crashed on", () => {
  it("an input dimension past int32 (2^63) is E0101 in check, and emit refuses it cleanly", async () => {
    const p = write(
      "dim.yaml",
      "name: t\ninputs:\n  - {name: x, shape: [1, 9223372036854775808]}\nlayers:\n  - {name: a, op: linear, out_features: 2}\noutputs: [a]\n",
    );
    const r = await runCli(["check", p]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${p}:3:22: error[E0101 invalid-value]: input 'x' shape: expected dimensions of at most 2147483647 (TensorRT's Dims hold int32)`);
    const e = await runCli(["emit", p, "-o", join(tmp, "dim_out")]);
    noInternalError(e.err);
    expect(e.code).toBe(1);
    // the largest int32 is still a dimension
    const ok = write("dim_ok.yaml", "name: t\ninputs:\n  - {name: x, shape: [1, 2147483647]}\nlayers:\n  - {name: a, op: relu}\noutputs: [a]\n");
    expect(loadGraph(ok).diags.items).toEqual([]);
  });
});
