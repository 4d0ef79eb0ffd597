// trtgen build on a machine without CUDA/TensorRT (like CI) must stop at the
// CMake step with diagnostics naming what is missing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runBuild } from "../../src/build/build.js";
import { formatDiagnostic } from "../../src/diagnostics/index.js";

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
    expect(r.diags.items.map(formatDiagnostic).join("\n")).toMatch(/CMake: '.*no-such-cmake' was not found\n  hint: install CMake/);
  });

  it("validates first: a bad .wts stops before CMake", async () => {
    const lines: string[] = [];
    const r = await runBuild({ ...base, wts: "test/invalid/wts-format/model.wts", buildDir: join(tmp, "d"), cmake: "cmake", log: (l) => lines.push(l) });
    expect(r.code).toBe(1);
    expect(lines.join("\n")).not.toContain("[2/4]");
  });
});
