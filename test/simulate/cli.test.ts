// `trtgen simulate` end to end: exit codes and one-line diagnostics.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readF32 } from "../../src/simulate/index.js";
import { runCli } from "../support/cli.js";

const FIX = join(import.meta.dirname, "fixtures");
const tmp = mkdtempSync(join(tmpdir(), "trtgen-sim-cli-"));

const cli = runCli;
afterEach(() => vi.restoreAllMocks());

const fx = (c: string) => {
  const d = join(FIX, c);
  return { spec: join(d, "spec.yaml"), wts: join(d, "model.wts"), input: join(d, "input.bin"), output: join(d, "output.bin"), dir: d };
};

describe("trtgen simulate", () => {
  const s = fx("example_seedseg");
  const base = [s.spec, "--wts", s.wts, "--input", s.input];

  it("matches the expected output: exit 0 and per-output errors", async () => {
    const r = await cli(["simulate", ...base, "--expect", s.output]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    // docs/numerics.md: atol + the scaled term at the output's depth (11 layers)
    expect(r.out).toMatch(/head \[1, 2, 128, 128\]: max abs error [0-9.e-]+, max rel error [0-9.e-]+, atol 0\.000[0-9]+ at depth 11 — ok/);
    const off = await cli(["simulate", ...base, "--expect", s.output, "--scale-tol", "0"]);
    expect(off.out).toMatch(/, atol 0\.0001 at depth 11 — ok/);
  });

  it("writes --output as raw float32", async () => {
    const p = join(tmp, "out.bin");
    const r = await cli(["simulate", ...base, "--output", p]);
    expect(r.code).toBe(0);
    const got = readF32(p, "out");
    const want = readF32(s.output, "ref");
    expect(got.length).toBe(want.length);
    expect(Math.max(...got.map((v, i) => Math.abs(v - want[i]!)))).toBeLessThan(1e-5);
  });

  it("--output DIR refuses outputs whose file names would collide ('a/b' and 'a_b'), writing nothing", async () => {
    const d = join(tmp, "collide");
    mkdirSync(d);
    writeFileSync(
      join(d, "spec.yaml"),
      'name: collide\ninputs: [{ name: x, shape: [1, 4] }]\nlayers:\n  - { name: "a/b", op: relu, input: x }\n  - { name: a_b, op: sigmoid, input: x }\noutputs: ["a/b", a_b]\n',
    );
    writeFileSync(join(d, "model.wts"), "0\n");
    writeFileSync(join(d, "in.bin"), Buffer.from(new Float32Array([-1, 0, 1, 2]).buffer));
    const args = ["simulate", join(d, "spec.yaml"), "--wts", join(d, "model.wts"), "--input", join(d, "in.bin")];
    const r = await cli([...args, "--output", join(d, "out")]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `outputs 'a/b' and 'a_b' would both use the file '${join(d, "out", "output_a_b.bin")}'; name each file: --output 'a/b=FILE1' --output 'a_b=FILE2'`,
    );
    expect(existsSync(join(d, "out"))).toBe(false);
    const same = await cli([...args, "--output", `a/b=${join(d, "o.bin")}`, "--output", `a_b=${join(d, ".", "o.bin")}`]);
    expect(same.code).toBe(2);
    expect(same.err).toContain("--output writes outputs 'a/b' and 'a_b' to the same file");
    const ok = await cli([...args, "--output", `a/b=${join(d, "1.bin")}`, "--output", `a_b=${join(d, "2.bin")}`]);
    expect(ok.code).toBe(0);
    expect([...readF32(join(d, "1.bin"), "a/b")]).toEqual([0, 0, 1, 2]);
    expect(readF32(join(d, "2.bin"), "a_b")[1]).toBe(0.5);
  });

  it("exit 1 when a value violates |a-b| <= atol + rtol|b|", async () => {
    const bad = readF32(s.output, "ref");
    bad[5] = bad[5]! + 0.01;
    const p = join(tmp, "bad.bin");
    writeFileSync(p, Buffer.from(bad.buffer));
    const r = await cli(["simulate", ...base, "--expect", p]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL: 1 of 32768 values exceed atol \+ rtol·\|expected\|; worst at \[0, 0, 0, 5\]/);
    expect((await cli(["simulate", ...base, "--expect", p, "--atol", "0.02"])).code).toBe(0);
    // the scaled term covers it only when k * depth 11 * 2^-24 * max|expected| exceeds 0.01
    const max = Math.max(...bad.map(Math.abs));
    const k = (0.011 / (11 * 2 ** -24 * max)).toPrecision(6);
    expect((await cli(["simulate", ...base, "--expect", p, "--scale-tol", k])).code).toBe(0);
    expect((await cli(["simulate", ...base, "--expect", p, "--scale-tol", String(Number(k) / 2)])).code).toBe(1);
  });

  it("an input of the wrong size is one clear line, exit 1", async () => {
    const p = join(tmp, "short.bin");
    writeFileSync(p, Buffer.alloc(40));
    const r = await cli(["simulate", s.spec, "--wts", s.wts, "--input", p]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `trtgen simulate: error: input file for 'image' '${p}' holds 10 float32 values (40 bytes) but [1, 3, 128, 128] needs 49152 (196608 bytes)\n`,
    );
  });

  it("missing files are one line, exit 1", async () => {
    const r = await cli(["simulate", s.spec, "--wts", s.wts, "--input", join(tmp, "nope.bin")]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^trtgen simulate: error: cannot read input file for 'image' '.*nope.bin': no such file\n$/);
  });

  it("usage errors exit 2", async () => {
    expect((await cli(["simulate", s.spec, "--wts", s.wts])).code).toBe(2);
    const r = await cli(["simulate", ...base, "--input", s.input]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--input gives 2 files but the spec has 1 input \('image'\)/);
    const neg = await cli(["simulate", ...base, "--scale-tol", "-1"]);
    expect(neg.code).toBe(2);
    expect(neg.err).toMatch(/--atol, --rtol and --scale-tol must be non-negative numbers/);
  });

  it("invalid specs print the diagnostics, exit 1", async () => {
    const p = join(tmp, "bad.yaml");
    writeFileSync(p, "name: x\ninputs: [{ name: x, shape: [1, 2] }]\nlayers:\n  - { name: a, op: relux }\noutputs: [a]\n");
    const r = await cli(["simulate", p, "--wts", s.wts, "--input", s.input]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/error\[/);
  });

  it("custom layers cannot be simulated: names the layer", async () => {
    const p = join(tmp, "custom.yaml");
    writeFileSync(
      p,
      "name: c\ninputs: [{ name: x, shape: [1, 4] }]\nlayers:\n  - { name: mine, op: custom, output_shape: [1, 4], snippet: 'output = inputs[0];' }\noutputs: [mine]\n",
    );
    const w = join(tmp, "empty.wts");
    writeFileSync(w, "0\n");
    const i = join(tmp, "four.bin");
    writeFileSync(i, Buffer.alloc(16));
    const r = await cli(["simulate", p, "--wts", w, "--input", i]);
    expect(r.code).toBe(1);
    expect(r.err).toBe("trtgen simulate: error: layer 'mine' is a custom layer (a C++ snippet) and cannot be simulated\n");
  });

  describe("--trace", () => {
    const rn = fx("example_resnet_tiny");
    const args = [rn.spec, "--wts", rn.wts, "--input", rn.input];
    it("all per-layer references match", async () => {
      const r = await cli(["simulate", ...args, "--trace", join(rn.dir, "trace")]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/trace: all 13 layers with a reference match \(10 without a reference file\)/);
    });
    it("names the first spec layer whose output diverges", async () => {
      const d = join(tmp, "trace");
      cpSync(join(rn.dir, "trace"), d, { recursive: true });
      for (const name of ["layer1.0.bn2", "layer2.0.conv1"]) {
        const f = join(d, `layer_${name}.bin`);
        const v = readF32(f, "ref");
        v[3] = v[3]! + 1;
        writeFileSync(f, Buffer.from(v.buffer));
      }
      const r = await cli(["simulate", ...args, "--trace", d]);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/trace: first divergence at layer 'layer1.0.bn2' \(batch_norm2d\) after 5 matching layers/);
    });
    it("reads the file names from reference.json when present", async () => {
      const d = join(tmp, "trace-json");
      cpSync(join(rn.dir, "trace"), d, { recursive: true });
      writeFileSync(join(d, "reference.json"), JSON.stringify({ layers: [{ name: "fc", file: "layer_fc.bin" }] }));
      const r = await cli(["simulate", ...args, "--trace", d]);
      expect(r.code).toBe(0);
      expect(readFileSync(join(d, "reference.json"), "utf8")).toContain("fc");
    });
    it("a folder without references is an error", async () => {
      const r = await cli(["simulate", ...args, "--trace", tmp]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/has no layer_<name>.bin file for any of the spec's 23 layers/);
    });
  });

  it("a reference folder works for --input and --expect", async () => {
    const r = await cli(["simulate", s.spec, "--wts", s.wts, "--input", s.dir, "--expect", s.dir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("— ok");
  });
});

describe("trtgen simulate --shape (dynamic shapes)", () => {
  const d = join(FIX, "dynamic_batch_cnn");
  const base = [join(d, "spec.yaml"), "--wts", join(d, "model.wts")];

  it("runs at a shape within any profile and compares with that shape's reference", async () => {
    const r = await cli(["simulate", ...base, "--input", join(d, "input.p1_b13.bin"), "--expect", join(d, "output.p1_b13.bin"), "--shape", "image=13x3x16x16"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/prob \[13, 10\]: max abs error .* — ok/);
    // without --shape: profile 0's opt, batch 4
    const opt = await cli(["simulate", ...base, "--input", join(d, "input.opt.bin"), "--expect", join(d, "output.opt.bin")]);
    expect(opt.out).toMatch(/prob \[4, 10\]: .* — ok/);
  });

  it("refuses a shape outside every profile and a malformed one (exit 2)", async () => {
    const input = ["--input", join(d, "input.min.bin")];
    let r = await cli(["simulate", ...base, ...input, "--shape", "image=10x3x16x16"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      "--shape image=10x3x16x16 is within no optimization profile (profile 0: 'image' [1, 3, 16, 16]..[8, 3, 16, 16]; profile 1: 'image' [12, 3, 16, 16]..[16, 3, 16, 16])",
    );
    r = await cli(["simulate", ...base, ...input, "--shape", "image=1x3x16"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("is within no optimization profile");
    r = await cli(["simulate", ...base, ...input, "--shape", "image=1x3x16x0"]);
    expect(r.err).toContain("--shape image=1x3x16x0: expected positive whole numbers separated by 'x'");
    r = await cli(["simulate", ...base, ...input, "--shape", "x=1x3x16x16"]);
    expect(r.err).toContain("--shape 'x=1x3x16x16': expected NAME=AxBx... for a dynamic input ('image')");
    const s = fx("example_seedseg");
    r = await cli(["simulate", s.spec, "--wts", s.wts, "--input", s.input, "--shape", "image=1x3x128x128"]);
    expect(r.err).toContain("--shape only applies to dynamic inputs; every input of seedseg has a static shape");
  });
});

describe("the examples' reference fixtures", () => {
  // test/realtrt/prepare.mjs verifies an example against example_<name> only while the two are
  // the same spec and weights (make_refs.py copies them); an example edited without rerunning
  // make_refs.py would otherwise be staged twice, under one network name
  const names = readdirSync(FIX)
    .filter((f) => f.startsWith("example_"))
    .map((f) => f.slice("example_".length));
  it("covers every example with a reference", () => expect(names.length).toBeGreaterThanOrEqual(3));
  it.each(names)("example_%s holds the example's spec and weights", (name) => {
    const f = fx(`example_${name}`);
    expect(readFileSync(f.spec, "utf8")).toBe(readFileSync(join("examples", name, "spec.yaml"), "utf8"));
    expect(readFileSync(f.wts).equals(readFileSync(join("examples", name, `${name}.wts`)))).toBe(true);
  });
});
