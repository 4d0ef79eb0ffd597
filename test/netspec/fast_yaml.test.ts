// The fast YAML reader (src/netspec/fast_yaml.ts) against the `yaml` package's parseDocument:
// wherever the fast reader takes a document, parseDocument must read it without errors,
// limits or reserved keys, into the same values (types and key order included), and every
// path must be located at the same file:line:column; and `trtgen check`'s diagnostics for
// every spec in the checkout must be the same with either reader.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import { Diagnostics, formatDiagnostic } from "../../src/diagnostics/index.js";
import { readSpecFile } from "../../src/netspec/parse.js";
import { SourceFile, YamlSource, type PathItem } from "../../src/netspec/source.js";
import { checkYamlLimits, reservedKeys } from "../../src/netspec/yaml_limits.js";
import { loadGraph } from "../../src/passes/index.js";

/** A value as a string that tells apart types, -0, NaN and key order. */
function canon(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canon).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const proto = Object.getPrototypeOf(v) === Object.prototype ? "" : "!proto";
    return `{${proto}${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${canon(x)}`)}}`;
  }
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  return `${typeof v}:${JSON.stringify(v)}`;
}

/** Every path to a value, and around each collection paths that lead nowhere or are spelled oddly. */
function paths(v: unknown, at: PathItem[] = [], out: PathItem[][] = []): PathItem[][] {
  out.push(at);
  if (Array.isArray(v)) {
    v.forEach((x, i) => paths(x, [...at, i], out));
    for (const odd of [v.length, -1, 1.5, "0", " 1", "", "x"]) out.push([...at, odd], [...at, odd, "name"]);
  } else if (v !== null && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
    for (const odd of ["missing", 0, "", "name"]) out.push([...at, odd], [...at, odd, 0]);
  } else out.push([...at, "below"], [...at, 0]);
  return out;
}

/** Compares the readers on a text; returns whether the fast reader took it. */
function compare(text: string): boolean {
  const fast = SourceFile.fast("f.yaml", text);
  if (!fast) return false;
  const full = new YamlSource("f.yaml", text);
  expect(full.doc.errors.map((e) => e.message)).toEqual([]);
  expect(checkYamlLimits(full.doc)).toBeUndefined();
  expect(reservedKeys(full.doc)).toEqual([]);
  const data = full.data();
  expect(canon(fast.data())).toBe(canon(data));
  for (const p of paths(data)) {
    expect(fast.locate(p), JSON.stringify(p)).toEqual(full.locate(p));
    expect(fast.locate(p, { key: true }), JSON.stringify(p)).toEqual(full.locate(p, { key: true }));
    expect(fast.has(p), JSON.stringify(p)).toBe(full.has(p));
  }
  return true;
}

const specFiles = fg.sync(["examples/**/*.yaml", "test/**/*.yaml", "fuzz/corpus/**/*.yaml", "bench/**/*.yaml", "!bench/out/**"]).sort();

describe("the fast YAML reader", () => {
  it("reads the examples' specs that are in its subset", () => {
    // all_ops has multi-line flow sequences, custom_layers block scalars
    for (const f of ["seedseg", "lenet", "resnet_tiny"].map((e) => `examples/${e}/spec.yaml`))
      expect(SourceFile.fast(f, readFileSync(f, "utf8")), f).toBeDefined();
  });

  it("agrees with parseDocument on every YAML file in the checkout", () => {
    expect(specFiles.length).toBeGreaterThan(50);
    let taken = 0;
    for (const f of specFiles) if (compare(readFileSync(f, "utf8"))) taken++;
    // most of them are in the subset
    expect(taken).toBeGreaterThan(specFiles.length / 2);
  });

  it("agrees on hand-written documents, and leaves to parseDocument what is outside its subset", () => {
    const taken = [
      "a: 1\n",
      "# c\n\nname: x # c\ninputs:\n  - {name: x, shape: [1, 8]}\n",
      "a:\nb: 1",
      "a:  \nb:",
      "a: # c\nb: 2\n",
      "a:\n- x\n-\n-   # c\n- y\nb: 1\n",
      "a:\n  - x\n  # c\n# d\n  - b\ny: 1 # z",
      "- x: 1".replace(/^/, "a:\n  "),
      "l:\n  - name: x\n    op: y\n  -   k: v\n      w: [1, {b: c}, []]\n",
      "l:\n  - a:\n    - 1\n    b: 2\n",
      "a: -1\nb: -x\nc: 0x1F\nd: .5\ne: 1e3\nf: .inf\ng: -.Inf\nh: .nan\ni: ~\nj: Null\nk: TRUE\nl: yes\nm: 1_000\nn: 0o17\no: +5\np: -0\nq: 12345678901234567890\nr: 007\ns: 1.\n",
      "a b : c d\n'q' : \"r s\"\n'it''s': 'x''y'\n\"\": ''\n",
      "a: {k: v, 'q': \"w\", n: [1, [2, [3]]], e: {}}\n",
      "a: { x: 1 , y : 2 }\nb: [ a b , c ]\n",
      "a: x - y\nb: a.b/c(d)~e+f\n",
      "2x: 1\n-x: 2\n.a: 3\n",
      "a:   b  c   # d\nb:  'x  y'  \n",
      "layers:\n  - {name: l1, op: relu, input: l0}\n  - {name: l0, op: linear, in_features: 8, out_features: 8, input: x}\noutputs: [l1]\n",
      "a:\n    - x\n    -\n        k: v\n    - [1]\n",
      "a: ---\nb: a...b\nc: --x\n",
      "k: []\n# trailing comment\n   \n",
    ];
    for (const t of taken) expect(compare(t), JSON.stringify(t)).toBe(true);
    const left = [
      "",
      "# only a comment\n",
      "- a\n",
      "[1]\n",
      "  a: 1\n",
      "a: 1\n  b: 2\n",
      "a:\n  b\n",
      "a: b\n  c\n",
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a: |\n  x\n",
      "a: >\n  x\n",
      "a: 'x\n  y'\n",
      "a: [1,\n  2]\n",
      "a: [1, 2,]\n",
      "a: {b}\n",
      "a: {b: }\n",
      "a: [b: c]\n",
      "a: 1\na: 2\n",
      "__proto__: 1\n",
      "a: {constructor: 1}\n",
      "1: a\n",
      "true: a\n",
      "~: a\n",
      "null: a\n",
      "<<: {a: 1}\n",
      "? a\n: b\n",
      "a:\tb\n",
      "a: b\r\n",
      "\ufeffa: 1\n",
      "---\na: 1\n",
      "a: 1\n...\n",
      "%YAML 1.2\n---\na: 1\n",
      'a: "x\\ny"\n',
      "a: é\n",
      'a: "é"\n',
      "a: b: c\n",
      "a: - b\n",
      "l:\n  - - a\n",
      "a:b\n",
      "a: b:c\n",
      "a: b#c\n",
      "a: [1]#c\n",
      'a: "x"y\n',
      "a: x, y\n",
      "a: @x\n",
      "a: `x\n",
      "a: %x\n",
      "a: ,x\n",
      "a: [1] [2]\n",
      "a:\n  - x\n  b: 1\n",
      "a:\n  b: 1\n - c\n",
      `a: ${"[".repeat(40)}${"]".repeat(40)}\n`,
      `${"k".repeat(1500)}: 1\n`,
    ];
    for (const t of left) expect(SourceFile.fast("f.yaml", t), JSON.stringify(t)).toBeUndefined();
  });

  it("agrees on generated documents and on mutations of them", () => {
    // mostly scalars in the subset, some outside it
    const plain = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.constantFrom("x", "a b", "a  b", "1", "-1", "0x1F", "0o7", "1e3", ".inf", ".nan", "~", "null", "True", "yes", "1_0", "1.", ".5", "+5"),
      },
      { weight: 3, arbitrary: fc.constantFrom("-0", "007", "a-b", "(a)", "/p", "~x", "--", "---", "...", "x ", "") },
      { weight: 1, arbitrary: fc.constantFrom("-", "a:b", "a #b", "a#b", "a, b", "&a x", "*a", "!t x", "|", "? k", "<<", "__proto__", "é", "[a]", "{a: 1}") },
    );
    const quoted = fc.oneof(
      fc.constantFrom('"q"', "'q'", "'it''s'", '""', '"a\\tb"', "'a''"),
      plain.map((s) => `"${s}"`),
    );
    const scalar = fc.oneof({ weight: 4, arbitrary: plain }, { weight: 1, arbitrary: quoted });
    const comment = fc.constantFrom("", "", "", " # c", "  #c", "", "", "#c");
    // keys: mostly distinct strings; a number, a duplicate (as the same key quoted) now and then
    const key = fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom("a", "b", "name", "op", "c d", "'q'", "x-y", '"k"') },
      { weight: 1, arbitrary: fc.constantFrom("1", "'a'") },
    );
    const entries = <T>(value: fc.Arbitrary<T>, minLength: number) => fc.uniqueArray(fc.tuple(key, value), { selector: ([k]) => k, minLength, maxLength: 3 });
    type Tree = string | { seq: Tree[] } | { map: [string, Tree][] } | { flow: string };
    const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
      t: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        scalar,
        fc.tuple(fc.boolean(), entries(scalar, 0)).map(([seq, kv]) => ({
          flow: seq ? `[${kv.map(([, v]) => v).join(", ")}]` : `{${kv.map(([k, v]) => `${k}: ${v}`).join(", ")}}`,
        })),
        fc.array(tie("t"), { minLength: 1, maxLength: 3 }).map((seq) => ({ seq })),
        entries(tie("t"), 1).map((map) => ({ map })),
      ),
    })).t;
    const render = (t: Tree, indent: number, step: number, c: () => string, compact: boolean): string => {
      const pad = " ".repeat(indent);
      if (typeof t === "string") return ` ${t}${c()}\n`;
      if ("flow" in t) return ` ${t.flow}${c()}\n`;
      if ("seq" in t) {
        const at = compact ? indent - step : indent;
        const items = t.seq.map(
          (x) =>
            `${" ".repeat(at)}-${typeof x === "object" && "map" in x ? render(x, at + 2, step, c, false).replace(/^ */, " ") : render(x, at + step, step, c, false)}`,
        );
        return `${c()}\n${items.join("")}`;
      }
      const lines = t.map.map(([k, x]) => `${pad}${k}:${render(x, indent + step, step, c, "seq" in (typeof x === "object" ? x : {}) && c() === "")}`);
      return `${c()}\n${lines.join("")}`;
    };
    const doc = fc
      .tuple(
        fc.uniqueArray(fc.tuple(fc.constantFrom("name", "inputs", "layers", "a", "b"), tree), { selector: ([k]) => k, minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(comment, { minLength: 64, maxLength: 64 }),
      )
      .map(([top, step, comments]) => {
        let k = 0;
        const c = () => comments[k++ % comments.length]!;
        return top.map(([key, t]) => `${key}:${render(t, step, step, c, false)}`).join("");
      });
    const edit = fc.tuple(
      fc.nat(),
      fc.constantFrom("", " ", "\n", "-", ":", "#", "'", '"', "[", "]", "{", "}", ",", "a", "1", "  ", "- ", ": "),
      fc.nat({ max: 3 }),
    );
    let taken = 0;
    let runs = 0;
    let mutantsTaken = 0;
    fc.assert(
      fc.property(doc, fc.array(edit, { maxLength: 2 }), (text, edits) => {
        runs++;
        if (compare(text)) taken++;
        let t = text;
        for (const [at, ins, del] of edits) {
          const i = at % (t.length + 1);
          t = t.slice(0, i) + ins + t.slice(i + del);
        }
        if (compare(t)) mutantsTaken++;
      }),
      { seed: 12, numRuns: 1500 },
    );
    // the generator reaches the subset often enough to test it, and its mutants its boundary
    expect(taken).toBeGreaterThan(runs / 4);
    expect(mutantsTaken).toBeGreaterThan(runs / 10);
  });
});

describe("check with either reader", () => {
  const specs = fg.sync(["examples/*/spec.yaml", "test/**/spec.yaml", "test/**/*.yaml", "fuzz/corpus/spec/*.yaml"]).sort();
  const report = (spec: string, fullYaml: boolean) => {
    const { graph, diags } = loadGraph(spec, { fullYaml });
    return {
      diags: diags.sorted().map(formatDiagnostic),
      nodes: graph?.nodes.map((n) => `${n.name} ${n.loc.line}:${n.loc.col}`),
    };
  };
  it("gives the same diagnostics and node locations for every spec in the checkout", () => {
    expect(specs.length).toBeGreaterThan(50);
    for (const spec of specs) expect(report(spec, false), spec).toEqual(report(spec, true));
  });

  it("reads a spec with an error in the subset fast, and locates the error", () => {
    const diags = new Diagnostics();
    expect(readSpecFile("test/invalid/unknown-op/spec.yaml", diags)?.constructor.name).toBe("FastSource");
  });
});
