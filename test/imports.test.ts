// No import cycles between source files (type-only imports included), like
// ESLint's import/no-cycle: the IR, the ops and the lowering build on each
// other in one direction.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [join(dir, e.name)] : [],
  );
}

/** Relative imports and re-exports of a file, as absolute .ts paths. */
export function importsOf(file: string, text = readFileSync(file, "utf8")): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+["'](\.{1,2}\/[^"']+)["']/gms)) {
    out.push(resolve(dirname(file), m[1]!.replace(/\.js$/, ".ts")));
  }
  return out;
}

/** Each cycle once, as the files on it starting from the smallest path. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles = new Map<string, string[]>();
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, "open");
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === "open") {
        const cycle = stack.slice(stack.indexOf(g));
        const start = cycle.indexOf([...cycle].sort()[0]!);
        const norm = [...cycle.slice(start), ...cycle.slice(0, start)];
        cycles.set(norm.join(" -> "), norm);
      } else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of [...graph.keys()].sort()) if (!state.has(f)) visit(f);
  return [...cycles.values()];
}

describe("source imports", () => {
  it("finds a cycle when there is one (the checker itself)", () => {
    const g = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
    ]);
    expect(findCycles(g)).toEqual([["a", "b", "c"]]);
    expect(importsOf("/x/y.ts", 'import type { A } from "../z/a.js";\nexport { b } from "./b.js";\nimport { c } from "zod";')).toEqual(["/z/a.ts", "/x/b.ts"]);
  });

  it("have no cycles in src/", () => {
    const graph = new Map(sourceFiles(SRC).map((f) => [f, importsOf(f)]));
    const cycles = findCycles(graph).map((c) => c.map((f) => relative(SRC, f)).join(" -> "));
    expect(cycles).toEqual([]);
  });

  it("keep the lowering free of C++ naming: src/lower/ imports nothing from src/emit/", () => {
    const emit = join(SRC, "emit");
    const offending = sourceFiles(join(SRC, "lower")).filter((f) => importsOf(f).some((i) => i.startsWith(emit)));
    expect(offending.map((f) => relative(SRC, f))).toEqual([]);
  });
});
