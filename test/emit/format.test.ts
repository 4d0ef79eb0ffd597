// formatCppBody (src/emit/format.ts) gives clang-format only the lines of network.cpp's layers
// that do not fit in the column limit: its result must be byte for byte what clang-format
// gives for the whole file, on every spec we have.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import { writeChainSpec } from "../../bench/spec-gen.mjs";
import { specLabel } from "../../src/emit/emit.js";
import { COLUMN_LIMIT, formatCpp, formatCppBody, formatStatements, reduceBody, type CppParts } from "../../src/emit/format.js";
import { renderProgram, renderSources } from "../../src/emit/render.js";
import { lowerSpecFile } from "../../src/lower/pipeline.js";

/** The files of a spec rendered as emit renders them, and with network.cpp clang-formatted whole. */
async function bothWays(spec: string) {
  const dir = join(spec, "..");
  // a fixture's weights beside its spec.yaml (they can change the code: FP16 weights)
  const wts = spec.endsWith("/spec.yaml") ? readdirSync(dir).find((f) => f.endsWith(".wts")) : undefined;
  const { program, diags, build } = lowerSpecFile(spec, { wts: wts && join(dir, wts) });
  expect(program, `${spec}: ${diags.items.map((d) => d.message).join("; ")}`).toBeDefined();
  const opts = { specFile: specLabel(spec), build };
  const fast = await renderProgram(program!, opts);
  const whole = await renderProgram(program!, { ...opts, formatWhole: true });
  // network.cpp as formatCppBody is given it
  const parts = [...renderSources(program!, opts).values()].find((s): s is CppParts => typeof s !== "string")!;
  return { fast, whole, parts };
}

const network = (files: Map<string, string>) => [...files].find(([f]) => f.endsWith("_network.cpp"))![1];

const specs = [
  ...fg.sync(["examples/*/spec.yaml", "fuzz/corpus/spec/*.yaml", "test/emit/fixtures/*/spec.yaml", "test/simulate/fixtures/*/spec.yaml"]),
  ...fg.sync("test/hostile/fuzz/*/spec.yaml").filter((s) => lowerSpecFile(s).program !== undefined),
].sort();

describe("formatCppBody", () => {
  it("knows the style's column limit", () => {
    expect(readFileSync(".clang-format", "utf8")).toMatch(new RegExp(`^ColumnLimit: ${COLUMN_LIMIT}$`, "m"));
  });

  it("has a corpus of every example, fuzz seed and fixture spec", () => {
    expect(specs.length).toBeGreaterThan(60);
    for (const s of ["examples/all_ops/spec.yaml", "examples/custom_layers/spec.yaml", "test/emit/fixtures/long-names/spec.yaml"]) expect(specs).toContain(s);
  });

  it.each(specs)("%s: network.cpp reads as clang-format writes it whole", async (spec) => {
    const { fast, whole, parts } = await bothWays(spec);
    expect([...fast.keys()]).toEqual([...whole.keys()]);
    for (const [f, text] of whole) expect(fast.get(f), f).toBe(text);
    // and not because it was formatted whole: where the lines are plain, the parts themselves put it together
    const reduced = reduceBody(parts);
    if (!parts.body.includes("// custom snippet from the spec")) {
      expect(reduced).toBeDefined();
      expect(reduced!.assemble(await formatCpp(reduced!.outer, "network.cpp"), reduced!.statements && formatStatements(reduced!.statements))).toBe(
        network(whole),
      );
    }
  });

  it("gives clang-format only the layers' lines that do not fit, for a spec with long names too", async () => {
    const { fast, parts } = await bothWays("test/emit/fixtures/long-names/spec.yaml");
    const text = network(fast);
    const reduced = reduceBody(parts)!;
    const input = reduced.outer + reduced.statements;
    // the long statements, string literals and comments were broken by clang-format ...
    expect(text).toMatch(/^ {2}\/\/ ---- a convolution whose name has spaces, so that the comment above its block is reflowed at the column\n {2}\/\/ limit:/m);
    expect(text).toMatch(/"quotes \\" and backslashes \\\\ and a question mark \\\? in a name long enough to break its "\n\s+"string literal"/);
    // ... which read those lines and not the ones that fit
    expect(reduced.statements).toContain("trtgen_clang_format_split_();\n  // ---- a convolution whose name has spaces");
    expect(input).not.toContain("// ---- l: sigmoid");
    expect(text).toContain("// ---- l: sigmoid");
  });

  it("gives clang-format a fifth of a 1000-layer network.cpp and gets the same text", async () => {
    const { fast, whole, parts } = await bothWays(writeChainSpec(1000));
    expect(network(fast)).toBe(network(whole));
    const all = parts.head + parts.body + parts.tail;
    expect(all.length).toBeGreaterThan(600_000);
    const reduced = reduceBody(parts)!;
    expect(reduced.outer.length + reduced.statements.length).toBeLessThan(all.length / 4);
    expect(reduced.assemble(await formatCpp(reduced.outer, "big_network.cpp"), formatStatements(reduced.statements))).toBe(network(whole));
  });

  it("formats the whole text where a custom snippet is in the body", async () => {
    const { parts } = await bothWays("examples/custom_layers/spec.yaml");
    expect(parts.body).toContain("// custom snippet from the spec");
    expect(reduceBody(parts)).toBeUndefined();
  });

  it("formats the whole text where a comment could switch clang-format off, or a line is not a plain one", async () => {
    const head = "void f() {\n  int a = 0;\n";
    const tail = "\n  // end\n}\n";
    const long = `  int b = g(${Array.from({ length: 30 }, (_, i) => `a${i}`).join(", ")});\n`;
    const reduced = reduceBody({ head, body: `\n  // layer\n${long}`, tail })!;
    expect(reduced.statements).toBe(`void trtgen_clang_format_statements_() {\n${long}}\n`);
    expect(reduced.outer).toBe(`${head}  trtgen_clang_format_split_();\n${tail}`);
    expect(reduceBody({ head: "void f() {\n", body: long, tail })).toBeUndefined();
    expect(reduceBody({ head, body: long, tail: "\n}\n" })).toBeUndefined();
    for (const body of [
      `\n  // clang-format off\n${long}`,
      `\n  if (a) {\n${long}  }\n`,
      `\n\n\n${long}`,
      `\n  int c = 1; \n${long}`,
      `\n  // a\n  // ${"long ".repeat(25)}\n`,
      // clang-format reads these with two of its passes left out, which act on namespaces and using-declarations
      `\n  using std::max;\n${long}`,
      `\n  int namespace_ = 0;\n  int c = ::namespace::x;\n${long}`,
    ]) {
      expect(reduceBody({ head, body, tail }), body).toBeUndefined();
      expect(await formatCppBody({ head, body, tail }, "f.cpp")).toBe(await formatCpp(head + body + tail, "f.cpp"));
    }
  });

  it("formats the whole text where clang-format's output does not split as expected", async () => {
    const head = "void f() {\n  int a = 0;\n";
    const body = `\n  int b = g(${"aaaa, ".repeat(25)}a);\n  // ${"long ".repeat(25)}end\n  int c = 0;\n`;
    const tail = "  int d = 0;\n}\n";
    const reduced = reduceBody({ head, body, tail })!;
    const outer = await formatCpp(reduced.outer, "f.cpp");
    const open = "void trtgen_clang_format_statements_() {";
    const split = "  trtgen_clang_format_split_();";
    const statement = `  int b = g(${"aaaa, ".repeat(10)}\n            a);`;
    const comment = "  // long\n  // long";
    const assembled = reduced.assemble(outer, `${open}\n${statement}\n${split}\n${comment}\n${split}\n}\n`);
    expect(assembled).toBe(`void f() {\n  int a = 0;\n\n${statement}\n${comment}\n  int c = 0;\n  int d = 0;\n}\n`);
    for (const statements of [
      `${open}\n}\n`,
      `${open}\n${statement}\n${split}\n${comment}\n}\n`,
      `${open}\n${statement}\n  a;\n${split}\n${comment}\n${split}\n}\n`,
      `${open}\n${statement}\n${split}\n${comment}\n${split}\n  a;\n}\n`,
      `${open}\n${split}\n${comment}\n${split}\n}\n`,
    ])
      expect(reduced.assemble(outer, statements), statements).toBeUndefined();
    expect(reduced.assemble(outer.replace(split, "  int e = 0;"), `${open}\n${statement}\n${split}\n${comment}\n${split}\n}\n`)).toBeUndefined();
    expect(await formatCppBody({ head, body, tail }, "f.cpp")).toBe(await formatCpp(head + body + tail, "f.cpp"));
  });
});
