// CLI start-up (issue 12): src/cli/main.ts must not import any command's code up
// front. Each handler imports its command module, so `--help` loads yargs and nothing
// heavy (bin/trtgen.js answers a lone `--version` without loading the CLI), and `check` never loads Handlebars or clang-format. What
// this saves in time is measured by `npm run bench` (bench/cli.mjs), not here.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { YargsInternals } from "../src/cli/main.js";

const ROOT = resolve(import.meta.dirname, "..");

/** Static, value (not `import type`) imports of a source file: relative ones as .ts paths, packages by name. */
function staticImports(file: string): { files: string[]; packages: string[] } {
  const text = readFileSync(file, "utf8");
  const files: string[] = [];
  const packages: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)(?!\s+type\b)\b[^;]*?\bfrom\s+["']([^"']+)["']/gms)) {
    const spec = m[1]!;
    if (spec.startsWith(".")) files.push(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
    else if (!spec.startsWith("node:")) packages.push(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
  }
  return { files, packages };
}

/** Every source file and package a module loads before any of its code runs. */
function loadedUpFront(entry: string): { files: string[]; packages: string[] } {
  const seen = new Set<string>([entry]);
  const packages = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const f = todo.pop()!;
    const imp = staticImports(f);
    imp.packages.forEach((p) => packages.add(p));
    for (const g of imp.files.filter((g) => !seen.has(g))) {
      seen.add(g);
      todo.push(g);
    }
  }
  return { files: [...seen].map((f) => relative(ROOT, f)).sort(), packages: [...packages].sort() };
}

describe("CLI start-up", () => {
  it("the walker sees static imports and skips type-only ones", () => {
    const { files, packages } = loadedUpFront(resolve(ROOT, "src/cli/commands/emit.ts"));
    expect(files).toContain("src/emit/render.ts");
    expect(packages).toEqual(expect.arrayContaining(["handlebars", "yaml", "zod"]));
    // format.ts imports clang-format's types only, and requires the package only where its binary is not where expected
    expect(packages).not.toContain("clang-format");
    expect(staticImports(resolve(ROOT, "src/emit/render.ts")).files.map((f) => relative(ROOT, f))).not.toContain("src/lower/types.ts");
  });

  it("main.ts loads no package (yargs only when it runs) and no command module until a command runs", () => {
    const { files, packages } = loadedUpFront(resolve(ROOT, "src/cli/main.ts"));
    expect(packages).toEqual([]);
    expect(files.filter((f) => f.startsWith("src/cli/commands/"))).toEqual([]);
  });

  it("check loads neither the emitter nor the simulator", () => {
    const { files, packages } = loadedUpFront(resolve(ROOT, "src/cli/commands/check.ts"));
    expect(packages).not.toContain("handlebars");
    expect(packages).not.toContain("clang-format");
    expect(packages).not.toContain("execa");
    expect(files.filter((f) => f.startsWith("src/emit/") || f.startsWith("src/simulate/") || f.startsWith("src/cmake/"))).toEqual([]);
  });

  it("yargs has the help cache that main.ts turns off (a command's help text, rendered as its handler starts)", async () => {
    const { default: yargs } = await import("yargs");
    const usage = (yargs([]) as unknown as YargsInternals).getInternalMethods?.().getUsageInstance?.();
    expect(typeof usage?.cacheHelpMessage).toBe("function");
  });

  it("src/ imports zod as a namespace, so that the bundle can leave out what it does not use (its locales: a quarter of the bundle)", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
      );
    const named = files(resolve(ROOT, "src")).filter((f) => /^\s*import\s+(type\s+)?\{[^}]*\}\s+from\s+["']zod["']/m.test(readFileSync(f, "utf8")));
    expect(
      named.map((f) => relative(ROOT, f)),
      'write `import * as z from "zod"`',
    ).toEqual([]);
  });
});
