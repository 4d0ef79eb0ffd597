// trtgen build on a machine without CUDA/TensorRT (like CI) must stop at the
// CMake step with diagnostics naming what is missing; with a stand-in cmake, the
// options must reach CMake and the builder program.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { runBuild } from "../../src/cmake/build.js";
import { formatDiagnostic } from "../../src/diagnostics/index.js";
import { runCli } from "../support/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "trtgen-build-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const base = {
  spec: "examples/seedseg/spec.yaml",
  wts: "examples/seedseg/seedseg.wts",
  engine: join(tmp, "seedseg.engine"),
  fp16: false,
};

describe("trtgen build", () => {
  it("names CUDA and/or TensorRT when they are missing", async () => {
    const lines: string[] = [];
    const r = await runBuild({ ...base, buildDir: join(tmp, "b"), cmake: "cmake", log: (l) => lines.push(l) });
    expect(r.code).toBe(1);
    const text = r.diags.items.map(formatDiagnostic).join("\n");
    expect(text).toMatch(/error\[E0701 build-prerequisite\]: (CUDA|TensorRT): not found on this machine/);
    expect(lines.join("\n")).toContain("[2/4] configuring with CMake");
    expect(lines.join("\n")).toMatch(/\| .*(CUDA runtime not found|TensorRT not found)/);
  });

  it("names CMake when it is missing", async () => {
    const r = await runBuild({ ...base, buildDir: join(tmp, "c"), cmake: join(tmp, "no-such-cmake"), log: () => {} });
    expect(r.code).toBe(1);
    expect(r.diags.items.map(formatDiagnostic).join("\n")).toMatch(/CMake: '.*no-such-cmake' was not found\n {2}hint: install CMake/);
  });

  it("validates first: a bad .wts stops before CMake", async () => {
    const lines: string[] = [];
    const r = await runBuild({ ...base, wts: "test/invalid/wts-format/model.wts", buildDir: join(tmp, "d"), cmake: "cmake", log: (l) => lines.push(l) });
    expect(r.code).toBe(1);
    expect(lines.join("\n")).not.toContain("[2/4]");
  });
});

// A stand-in for cmake that records its arguments; `--build` writes a stand-in
// builder program that records its own. `configureOutput`, when given, is printed
// by the configure step, which then fails.
function fakeCmake(dir: string, configureOutput?: string): { cmake: string; cmakeLog: string; builderLog: string } {
  mkdirSync(dir, { recursive: true });
  const cmakeLog = join(dir, "cmake.log");
  const builderLog = join(dir, "builder.log");
  const cmake = join(dir, "fake-cmake");
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  writeFileSync(
    cmake,
    `#!/bin/sh
echo "$*" >> ${q(cmakeLog)}
if [ "$1" = "--build" ]; then
  printf '#!/bin/sh\\necho "$*" >> %s\\necho "io: input \\\\"image\\\\" float32 [1, 3, 128, 128]"\\n' ${q(q(builderLog))} > "$2/$4"
  chmod +x "$2/$4"
  exit 0
fi
mkdir -p "$4"
${configureOutput !== undefined ? `echo ${q(configureOutput)}; exit 1` : "exit 0"}
`,
  );
  chmodSync(cmake, 0o755);
  return { cmake, cmakeLog, builderLog };
}

/** `trtgen build SPEC` with the base weights and engine, building in tmp/DIR with `cmake`. */
const cliBuild = (spec: string, dir: string, cmake: string): string[] => [
  "build",
  spec,
  "--wts",
  base.wts,
  "--engine",
  base.engine,
  "--build-dir",
  join(tmp, dir),
  "--cmake",
  cmake,
];

describe("trtgen build passes TensorRT and builder options through", () => {
  const saved = process.env.TENSORRT_ROOT;
  afterEach(() => {
    if (saved === undefined) delete process.env.TENSORRT_ROOT;
    else process.env.TENSORRT_ROOT = saved;
  });

  it("--tensorrt-root becomes -DTensorRT_ROOT (absolute); --fp16 --tf32 --compute-capability --workspace reach the builder", async () => {
    const f = fakeCmake(join(tmp, "fake1"));
    const lines: string[] = [];
    const r = await runBuild({
      ...base,
      buildDir: join(tmp, "e"),
      cmake: f.cmake,
      tensorrtRoot: "some/trt-rtx",
      fp16: true,
      tf32: true,
      computeCapability: "75,86",
      workspace: 256,
      log: (l) => lines.push(l),
    });
    expect(r.diags.items.map(formatDiagnostic).join("\n")).toBe("");
    expect(r.code).toBe(0);
    const cmakeCalls = readFileSync(f.cmakeLog, "utf8").trim().split("\n");
    expect(cmakeCalls[0]).toContain(`-DTensorRT_ROOT=${resolve("some/trt-rtx")}`);
    expect(cmakeCalls[0]).toContain("-DCMAKE_BUILD_TYPE=Release");
    expect(cmakeCalls[1]).toMatch(/^--build .* --target seedseg_builder -j \d+$/);
    const builderArgs = readFileSync(f.builderLog, "utf8").trim();
    expect(builderArgs).toBe(`--wts ${resolve(base.wts)} --engine ${base.engine} --fp16 --tf32 --workspace 256 --compute-capability 75,86`);
    expect(lines.join("\n")).toContain('  | io: input "image" float32 [1, 3, 128, 128]');
  });

  it("TENSORRT_ROOT is the default; --tensorrt-root wins over it; neither: no -DTensorRT_ROOT", async () => {
    process.env.TENSORRT_ROOT = "/opt/from-env";
    const f = fakeCmake(join(tmp, "fake2"));
    await runBuild({ ...base, buildDir: join(tmp, "g"), cmake: f.cmake, log: () => {} });
    await runBuild({ ...base, buildDir: join(tmp, "g"), cmake: f.cmake, tensorrtRoot: "/opt/from-option", log: () => {} });
    delete process.env.TENSORRT_ROOT;
    await runBuild({ ...base, buildDir: join(tmp, "g"), cmake: f.cmake, log: () => {} });
    const configures = readFileSync(f.cmakeLog, "utf8")
      .trim()
      .split("\n")
      .filter((l) => l.startsWith("-S"));
    expect(configures).toHaveLength(3);
    expect(configures[0]).toContain("-DTensorRT_ROOT=/opt/from-env");
    expect(configures[1]).toContain("-DTensorRT_ROOT=/opt/from-option");
    expect(configures[1]).not.toContain("from-env");
    expect(configures[2]).not.toContain("TensorRT_ROOT");
    // without the options the builder gets neither --tf32 nor --compute-capability
    expect(readFileSync(f.builderLog, "utf8").trim().split("\n")[2]).toBe(`--wts ${resolve(base.wts)} --engine ${base.engine}`);
  });

  it("a plugin spec configured for TensorRT-RTX names the missing plugin layers", async () => {
    const f = fakeCmake(
      join(tmp, "fake3"),
      "libtensorrt_rtx.so is TensorRT-RTX, which has no plugin layers, but the spec uses TensorRT plugins (layers inorm)",
    );
    const r = await runBuild({ ...base, buildDir: join(tmp, "h"), cmake: f.cmake, log: () => {} });
    expect(r.code).toBe(1);
    expect(r.diags.items.map(formatDiagnostic).join("\n")).toMatch(/TensorRT plugins: TensorRT-RTX has none\n {2}hint: build with a full TensorRT release/);
  });

  it("the CLI checks --compute-capability and --tensorrt-root", async () => {
    const bad = await runCli(["build", base.spec, "--wts", base.wts, "--engine", base.engine, "--compute-capability", "sm86"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--compute-capability expects SM numbers such as 75,86,89,120");
    const empty = await runCli(["build", base.spec, "--wts", base.wts, "--engine", base.engine, "--tensorrt-root", ""]);
    expect(empty.code).toBe(2);
    expect(empty.err).toContain("--tensorrt-root needs a folder");
  });

  it("the CLI passes --tensorrt-root, --tf32 and --compute-capability on", async () => {
    const f = fakeCmake(join(tmp, "fake4"));
    const r = await runCli([...cliBuild(base.spec, "i", f.cmake), "--tensorrt-root", "/opt/trt", "--tf32", "--compute-capability", "8.6,120"]);
    expect(r.code).toBe(0);
    expect(readFileSync(f.cmakeLog, "utf8")).toContain("-DTensorRT_ROOT=/opt/trt");
    expect(readFileSync(f.builderLog, "utf8").trim()).toBe(`--wts ${resolve(base.wts)} --engine ${base.engine} --tf32 --compute-capability 8.6,120`);
  });

  it("the CLI passes --allow-short-hex on to the builder program", async () => {
    const f = fakeCmake(join(tmp, "fake5"));
    const r = await runCli([...cliBuild(base.spec, "j", f.cmake), "--allow-short-hex"]);
    expect(r.code).toBe(0);
    expect(readFileSync(f.builderLog, "utf8").trim()).toBe(`--wts ${resolve(base.wts)} --engine ${base.engine} --allow-short-hex`);
  });

  it("the CLI passes --timing-cache, --dla-core, --gpu-fallback, --layer-info, --bench and --profile on (files absolute)", async () => {
    const f = fakeCmake(join(tmp, "fake6"));
    const r = await runCli([
      ...cliBuild(base.spec, "k", f.cmake),
      "--fp16",
      "--timing-cache",
      "out/t.cache",
      "--dla-core",
      "1",
      "--gpu-fallback",
      "--layer-info",
      "out/layers.json",
      "--bench",
      "50",
      "--profile",
      "out/profile.json",
    ]);
    expect(r.code).toBe(0);
    expect(readFileSync(f.builderLog, "utf8").trim()).toBe(
      `--wts ${resolve(base.wts)} --engine ${base.engine} --fp16 --timing-cache ${resolve("out/t.cache")} --dla-core 1 --gpu-fallback ` +
        `--layer-info ${resolve("out/layers.json")} --bench 50 --profile ${resolve("out/profile.json")}`,
    );
  });

  it("the spec's build: defaults reach the builder; the options given win (--no-fp16 too)", async () => {
    const spec = join(tmp, "with-build.yaml");
    writeFileSync(spec, readFileSync(base.spec, "utf8") + "build:\n  fp16: true\n  workspace: 512\n  opt_level: 1\n  timing_cache: t.cache\n");
    const f = fakeCmake(join(tmp, "fake7"));
    const common = cliBuild(spec, "l", f.cmake);
    expect((await runCli(common)).code).toBe(0);
    expect((await runCli([...common, "--no-fp16", "--workspace", "64", "--timing-cache", "u.cache"])).code).toBe(0);
    const calls = readFileSync(f.builderLog, "utf8").trim().split("\n");
    const head = `--wts ${resolve(base.wts)} --engine ${base.engine} --no-spec-defaults`;
    expect(calls[0]).toBe(`${head} --fp16 --workspace 512 --opt-level 1 --timing-cache ${resolve("t.cache")}`);
    expect(calls[1]).toBe(`${head} --workspace 64 --opt-level 1 --timing-cache ${resolve("u.cache")}`);
  });

  it("the CLI passes --int8, --calib-dir and --calib-cache on (paths absolute)", async () => {
    const f = fakeCmake(join(tmp, "fake-int8"));
    const r = await runCli([...cliBuild(base.spec, "i8", f.cmake), "--int8", "--calib-dir", "calib", "--calib-cache", "out/c.cache"]);
    expect(r.code).toBe(0);
    expect(readFileSync(f.builderLog, "utf8").trim()).toBe(
      `--wts ${resolve(base.wts)} --engine ${base.engine} --int8 --calib-dir ${resolve("calib")} --calib-cache ${resolve("out/c.cache")}`,
    );
  });

  it.each([
    [["--no-fp16", "--dla-core", "0"], "--dla-core needs FP16"],
    [["--int8"], "--int8 needs --calib-dir DIR (sample inputs) or --calib-cache FILE"],
    [["--calib-dir", "calib"], "--calib-dir and --calib-cache only apply with --int8"],
    [["--int8", "--calib-cache", " "], "--calib-cache needs a path"],
    [["--fp16", "--dla-core", "-1"], "--dla-core must be a DLA core number"],
    [["--profile", "p.json"], "--profile only applies with --bench N"],
    [["--bench", "0"], "--bench must be a positive integer"],
    [["--timing-cache", " "], "--timing-cache needs a file"],
  ])("the CLI refuses %j", async (extra, message) => {
    const r = await runCli(["build", base.spec, "--wts", base.wts, "--engine", base.engine, ...extra]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });
});
