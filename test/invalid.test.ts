// One folder per diagnostic under test/invalid/<name>/: spec.yaml, optionally
// model.wts, and expected.txt with the exact diagnostics `trtgen check` prints.
// TRTGEN_UPDATE_GOLDEN=1 rewrites expected.txt (review the diff before committing).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allKinds, formatDiagnostic, formatSummary } from "../src/diagnostics/index.js";
import { loadGraph } from "../src/passes/index.js";

const root = "test/invalid";
const cases = readdirSync(root).sort();
const update = process.env.TRTGEN_UPDATE_GOLDEN === "1";

function run(dir: string): { text: string; codes: string[]; errors: number } {
  const wts = join(dir, "model.wts");
  const wtsArg = existsSync(wts) ? wts : dir.endsWith("file-not-found") ? join(dir, "missing.wts") : undefined;
  const { diags } = loadGraph(join(dir, "spec.yaml"), { wts: wtsArg });
  const lines = diags.sorted().map(formatDiagnostic);
  lines.push(formatSummary(diags));
  return { text: lines.join("\n") + "\n", codes: diags.items.map((d) => d.name), errors: diags.errorCount };
}

describe("invalid specs", () => {
  for (const name of cases) {
    it(name, () => {
      const dir = join(root, name);
      const got = run(dir);
      const expectedPath = join(dir, "expected.txt");
      if (update) writeFileSync(expectedPath, got.text);
      expect(got.text).toBe(readFileSync(expectedPath, "utf8"));
      // the folder is named after the diagnostic it demonstrates
      expect(got.codes.some((c) => name.startsWith(c))).toBe(true);
      // every diagnostic has a location
      expect(got.text.split("\n").filter((l) => /^(error|warning)\[/.test(l))).toEqual([]);
    });
  }

  it("covers every spec/weights diagnostic kind with a case", () => {
    const notSpec = /^(emit-|build-|unsupported|output-path|wts-random-|profile-)/;
    const kinds = allKinds()
      .map((k) => k.name)
      .filter((n) => !notSpec.test(n) && n !== "file-unreadable" && n !== "file-write");
    for (const k of kinds)
      expect(
        cases.some((c) => c.startsWith(k)),
        `no test/invalid case for ${k}`,
      ).toBe(true);
  });

  it("docs/spec.md documents every diagnostic kind in its table", () => {
    const docs = readFileSync("docs/spec.md", "utf8");
    for (const k of allKinds()) expect(docs, `docs/spec.md has no row for ${k.code} ${k.name}`).toContain(`| ${k.code} | ${k.name} |`);
  });

  it("diagnostic codes are unique", () => {
    const codes = allKinds().map((k) => k.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
