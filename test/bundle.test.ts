// The bundled CLI (scripts/bundle.mjs, loaded by bin/trtgen.js through bin/cli-loader.js,
// issue 12) behaves as the sources do: built here into build/test-bundle/ (as deep as
// dist/bundle/, so it finds templates/ and cpp-runtime/ the same way), it must print what the
// in-process CLI prints, emit the committed goldens byte for byte, and load with its code cache.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/cli.js";

const ROOT = resolve(import.meta.dirname, "..");
const BUNDLE = join(ROOT, "build", "test-bundle", "trtgen.cjs");
const tmp = mkdtempSync(join(tmpdir(), "trtgen-bundle-"));

/** Runs the bundled CLI in a Node process of its own, as bin/trtgen.js does. */
function runBundled(args: string[]) {
  const script = `import { loadCli } from ${JSON.stringify(join(ROOT, "bin", "cli-loader.js"))};
const cli = loadCli(${JSON.stringify(BUNDLE)});
process.stderr.write(cli.script.cachedDataRejected ? "CODE CACHE REJECTED\\n" : "");
process.exitCode = await cli.main(${JSON.stringify(args)});`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  const r = spawnSync(process.execPath, [join(ROOT, "scripts", "bundle.mjs"), BUNDLE], { cwd: ROOT, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
}, 120_000);
afterAll(() => {
  rmSync(join(ROOT, "build", "test-bundle"), { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
});

describe("bundled CLI", () => {
  it.each([
    ["check", "examples/seedseg/spec.yaml", "--wts", "examples/seedseg/seedseg.wts"],
    ["check", "test/invalid/weight-count/spec.yaml", "--wts", "test/invalid/weight-count/model.wts", "--json"],
    ["--help"],
    ["emit", "--help"],
    ["--version"],
    ["frobnicate"],
    ["check", "examples/seedseg/spec.yaml"],
    ["check", "nope.yaml"],
    ["graph", "examples/seedseg/spec.yaml", "-o", "nope/graph.txt"],
    ["wts-random", "examples/seedseg/spec.yaml"],
  ])("prints what the sources print: trtgen %s", async (...args) => {
    const bundled = runBundled(args);
    expect(bundled).toEqual(await runCli(args));
  });

  it("bin/trtgen.js answers a lone --version without loading it, as the CLI answers it", async () => {
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "trtgen.js"), "--version"], { cwd: ROOT, encoding: "utf8" });
    expect({ code: r.status, out: r.stdout, err: r.stderr }).toEqual(await runCli(["--version"]));
  });

  it("emits the committed golden of seedseg byte for byte, with the code cache", () => {
    const out = join(tmp, "seedseg");
    const r = runBundled(["emit", "examples/seedseg/spec.yaml", "--wts", "examples/seedseg/seedseg.wts", "-o", out]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name]));
    const golden = join(ROOT, "generated", "seedseg");
    expect(files(out).sort()).toEqual(files(golden).sort());
    for (const f of files(golden)) expect(readFileSync(join(out, f), "utf8"), f).toBe(readFileSync(join(golden, f), "utf8"));
  });
});

describe("chunks", () => {
  /** The bundle files a bundled `trtgen ARGS` loads, and whether each one's code cache was used. */
  const loadedBy = (args: string[]) => {
    const script = `import { loadCli, loadedBundles } from ${JSON.stringify(join(ROOT, "bin", "cli-loader.js"))};
const code = await loadCli(${JSON.stringify(BUNDLE)}).main(${JSON.stringify(args)});
process.stderr.write(JSON.stringify({ code, loaded: loadedBundles().map((b) => ({ ...b, file: b.file.slice(${JSON.stringify(join(ROOT, "build", "test-bundle") + "/")}.length) })) }));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
    return JSON.parse(r.stderr.slice(r.stderr.lastIndexOf('{"code"'))) as { code: number; loaded: { file: string; cacheUsed: boolean }[] };
  };

  const front = { file: "trtgen.cjs", cacheUsed: true };
  const yargs = { file: "yargs.cjs", cacheUsed: true };
  const check = { file: "check.cjs", cacheUsed: true };

  it("a plain check loads the front end and check's chunk only, with flags yargs too, each with its code cache", () => {
    expect(loadedBy(["check", "examples/seedseg/spec.yaml"])).toEqual({ code: 0, loaded: [front, check] });
    expect(loadedBy(["check", "examples/seedseg/spec.yaml", "--json"])).toEqual({ code: 0, loaded: [front, yargs, check] });
  });

  it("--help and usage errors load no command's chunk", () => {
    expect(loadedBy(["--help"])).toEqual({ code: 0, loaded: [front, yargs] });
    expect(loadedBy(["check"])).toEqual({ code: 2, loaded: [front, yargs] });
  });

  it("every command's chunk has a code cache that V8 takes", () => {
    const chunks = readdirSync(join(ROOT, "build", "test-bundle")).filter((f) => f.endsWith(".cjs") && f !== "trtgen.cjs");
    expect(chunks.sort()).toEqual(["build.cjs", "check.cjs", "emit.cjs", "graph.cjs", "schema.cjs", "simulate.cjs", "wts_random.cjs", "yargs.cjs"]);
    const script = `import { loadChunk, loadedBundles } from ${JSON.stringify(join(ROOT, "bin", "cli-loader.js"))};
for (const c of ${JSON.stringify(chunks)}) loadChunk(${JSON.stringify(join(ROOT, "build", "test-bundle"))}, c.slice(0, -4));
process.stdout.write(JSON.stringify(loadedBundles().map((b) => b.cacheUsed)));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(r.stdout).toBe(JSON.stringify(chunks.map(() => true)));
  });
});

describe("the code cache", () => {
  /** Whether V8 took the code cache loadCli offered for a bundle (undefined: none offered). */
  const cacheTaken = (bundle: string) => {
    const script = `import { loadCli } from ${JSON.stringify(join(ROOT, "bin", "cli-loader.js"))};
const r = loadCli(${JSON.stringify(bundle)}).script.cachedDataRejected;
process.stdout.write(String(r === undefined ? "none" : !r));`;
    return spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" }).stdout;
  };

  it("is offered only to the bundle bytes it was made from", () => {
    expect(cacheTaken(BUNDLE)).toBe("true");
    // the same length, one letter different: V8, which checks the length only, would take the cache
    const bytes = readFileSync(BUNDLE);
    const at = bytes.indexOf("Generates standalone");
    expect(at).toBeGreaterThan(0);
    const changed = Buffer.from(bytes);
    changed[at] = "g".charCodeAt(0);
    const copy = join(ROOT, "build", "test-bundle", "changed.cjs");
    writeFileSync(copy, changed);
    copyFileSync(`${BUNDLE}.v8cache`, `${copy}.v8cache`);
    expect(cacheTaken(copy)).toBe("none");
  });
});

describe("the bundle's string-width (scripts/bundle/string-width.mjs)", () => {
  it("measures as string-width does, ASCII without it", async () => {
    // outside the bundle, its require() is this one
    (globalThis as { require?: NodeJS.Require }).require = createRequire(import.meta.url);
    const { default: width } = (await import(join(ROOT, "scripts", "bundle", "string-width.mjs"))) as { default: (s: string) => number };
    const { default: stringWidth } = await import("string-width");
    for (const s of ["", "check <spec>", "  --wts  weights file", "héllo →", "日本語", "a\tb", "\u001b[31mred\u001b[0m", "👍🏽 ok"]) {
      expect(width(s), JSON.stringify(s)).toBe(stringWidth(s));
    }
  });
});

describe("the bundle's assert for yargs (scripts/bundle/assert.mjs)", () => {
  it("passes what holds and throws Node's AssertionError, with its message, for what fails", async () => {
    // outside the bundle, its require() is this one
    (globalThis as { require?: NodeJS.Require }).require = createRequire(import.meta.url);
    type Assert = (actual: unknown, expected: unknown, message?: string) => void;
    const shim = (await import(join(ROOT, "scripts", "bundle", "assert.mjs"))) as { strictEqual: Assert; notStrictEqual: Assert };
    const node = createRequire(import.meta.url)("assert") as { strictEqual: Assert; notStrictEqual: Assert };
    const outcome = (f: () => void) => {
      try {
        f();
        return "passed";
      } catch (e) {
        return `${(e as Error).constructor.name}: ${(e as Error).message}`;
      }
    };
    const cases: [unknown, unknown, string?][] = [
      [1, 1],
      ["a", "a"],
      [NaN, NaN],
      [0, -0],
      [1, 2],
      ["x", "y", "custom message"],
      [{}, {}],
      [undefined, null],
    ];
    for (const [a, b, m] of cases) {
      expect(outcome(() => shim.strictEqual(a, b, m))).toBe(outcome(() => node.strictEqual(a, b, m)));
      expect(outcome(() => shim.notStrictEqual(a, b, m))).toBe(outcome(() => node.notStrictEqual(a, b, m)));
    }
  });
});
