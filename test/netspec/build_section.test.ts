// The spec's `build:` section (src/netspec/build.ts): defaults for the builder program's
// options, validated with file:line:column, written into the generated builder by emit.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "../../src/emit/emit.js";
import { builderArgs } from "../../src/netspec/build.js";
import { runCli } from "../support/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "trtgen-build-section-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const SEEDSEG = readFileSync("examples/seedseg/spec.yaml", "utf8");
const seedsegLines = SEEDSEG.split("\n").length;

/** seedseg's spec with `section` appended; returns its path. */
function specWith(name: string, section: string): string {
  const path = join(tmp, `${name}.yaml`);
  writeFileSync(path, SEEDSEG + (SEEDSEG.endsWith("\n") ? "" : "\n") + section);
  return path;
}

describe("the build: section", () => {
  it("maps to the builder's arguments in a fixed order", () => {
    expect(builderArgs({})).toEqual([]);
    expect(builderArgs({ gpu_fallback: true, dla_core: 0, timing_cache: "c.bin", opt_level: 0, workspace: 64, tf32: true, fp16: true })).toEqual([
      "--fp16",
      "--tf32",
      "--workspace",
      "64",
      "--opt-level",
      "0",
      "--timing-cache",
      "c.bin",
      "--dla-core",
      "0",
      "--gpu-fallback",
    ]);
    expect(builderArgs({ fp16: false, tf32: false, gpu_fallback: false })).toEqual([]);
  });

  it("reports each bad value and unknown key at its line and column", async () => {
    const spec = specWith("bad", "build:\n  fp16: yes please\n  workspace: 0\n  opt_level: 2.5\n  timing_cache: ''\n  dla_cores: 1\n");
    const r = await runCli(["check", spec]);
    expect(r.code).toBe(1);
    const l = seedsegLines;
    expect(r.err).toContain(`${spec}:${l + 1}:9: error[E0101 invalid-value]: build.fp16: expected true or false, got 'yes please'`);
    expect(r.err).toContain(`${spec}:${l + 2}:14: error[E0101 invalid-value]: build.workspace: expected a whole number of MiB from 1 to 16777216, got 0`);
    expect(r.err).toContain(`${spec}:${l + 3}:14: error[E0101 invalid-value]: build.opt_level: expected a whole number from 0 to 5, got 2.5`);
    expect(r.err).toContain(`${spec}:${l + 4}:17: error[E0101 invalid-value]: build.timing_cache: expected a file name, got ''`);
    expect(r.err).toContain(
      `${spec}:${l + 5}:3: error[E0103 unknown-parameter]: the build section has unknown parameter 'dla_cores'\n  hint: did you mean 'dla_core'?`,
    );
    expect(r.err).toContain("5 errors, 0 warnings");
  });

  it("refuses combinations the builder would refuse, and a section that is not a mapping", async () => {
    let spec = specWith("dla", "build:\n  dla_core: 1\n");
    let r = await runCli(["check", spec]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `${spec}:${seedsegLines + 1}:13: error[E0101 invalid-value]: build.dla_core: expected 'fp16: true' beside it (DLA runs FP16 and INT8 layers only), got dla_core 1 without it`,
    );
    spec = specWith("fallback", "build:\n  fp16: true\n  gpu_fallback: true\n");
    r = await runCli(["check", spec]);
    expect(r.err).toContain("build.gpu_fallback: expected 'dla_core' beside it (it only applies to DLA builds), got gpu_fallback without it");
    spec = specWith("list", "build: [fp16]\n");
    r = await runCli(["check", spec]);
    expect(r.err).toContain(
      `${spec}:${seedsegLines}:8: error[E0101 invalid-value]: build: expected a mapping of builder options (fp16, tf32, workspace, opt_level, timing_cache, dla_core, gpu_fallback), got ["fp16"]`,
    );
  });

  it("emit writes the defaults into the builder program; without a section nothing changes", async () => {
    const spec = specWith("ok", 'build:\n  fp16: true\n  workspace: 512\n  timing_cache: "seed\\"seg.cache"\n');
    const g = await generate({ spec });
    expect(g.build).toEqual({ fp16: true, workspace: 512, timing_cache: 'seed"seg.cache' });
    const builder = g.files!.get("seedseg_builder.cpp")!;
    // (clang-format aligns the list in columns)
    expect(builder.replace(/\s+/g, " ")).toContain(
      'static const char* const kSpecDefaults[] = {"--fp16", "--workspace", "512", "--timing-cache", "seed\\"seg.cache"};',
    );
    expect(builder).toContain("info.nbSpecDefaults = std::size(kSpecDefaults);");
    // the defaults are options, not the network: the spec hash is seedseg's own
    const plain = await generate({ spec: "examples/seedseg/spec.yaml" });
    const hash = (text: string) => /info\.specHash = "(sha256:[0-9a-f]{64})"/.exec(text)![1];
    expect(hash(builder)).toBe(hash(plain.files!.get("seedseg_builder.cpp")!));
    expect(plain.files!.get("seedseg_builder.cpp")).not.toContain("kSpecDefaults");
  });
});
