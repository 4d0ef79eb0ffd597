import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { plainCheckSpec } from "../src/cli/main.js";
import { specJsonSchema } from "../src/netspec/schema.js";
import { runCli } from "./support/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "trtgen-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = runCli;

describe("trtgen check", () => {
  it("prints the layer table ending in the output shape", async () => {
    const r = await run(["check", "examples/seedseg/spec.yaml", "--wts", "examples/seedseg/seedseg.wts"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toMatch(/^conv1\s+conv2d\s+\[1, 3, 128, 128\]\s+\[1, 8, 64, 64\]\s+608\s+k=5 s=2 p=2$/m);
    expect(r.out).toMatch(/^deconv2\s+conv_transpose2d\s+\[1, 16, 64, 64\]\s+\[1, 8, 128, 128\]\s+3,208\s+k=5 s=2 p=2 op=1$/m);
    expect(r.out).toContain("Total params: 24,506");
    expect(r.out).toMatch(/Output head: \[1, 2, 128, 128\] \(32,768 values\)\n.*OK/);
  });

  it("--json gives diagnostics with locations and the summary", async () => {
    const r = await run(["check", "test/invalid/weight-count/spec.yaml", "--wts", "test/invalid/weight-count/model.wts", "--json"]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(false);
    expect(j.diagnostics[0]).toMatchObject({
      code: "E0302",
      name: "weight-count",
      layer: "conv1",
      location: { file: "test/invalid/weight-count/spec.yaml", line: 6, col: 5 },
    });
    expect(j.summary.rows.find((x: { name: string }) => x.name === "bn1").outputShape).toEqual([1, 8, 12, 12]);
  });

  it("--dump-ir prints the IR in execution order", async () => {
    const r = await run(["check", "examples/resnet_tiny/spec.yaml", "--dump-ir"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^graph "resnet_tiny" \{\n {2}%image: f32\[1,3,32,32\] = input\n {2}%conv1: f32\[1,16,32,32\] = conv2d\(%image\) \{/);
    expect(r.out).toContain("%layer1.0.add: f32[1,16,17,17] = add(%layer1.0.bn2, %maxpool) {alpha=1}");
    expect(r.out).toContain('weights{weight="fc.weight"[10,32], bias="fc.bias"[10]}');
    expect(r.out).toMatch(/ {2}return %fc\n\}\n/);
  });

  it("--deep validates every value", async () => {
    const r = await run(["check", "examples/lenet/spec.yaml", "--wts", "examples/lenet/lenet.wts", "--deep"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("every value checked");
  });

  it("--deep also lowers: what emit would refuse is an error there too", async () => {
    const spec = join(tmp, "dilated_pool.yaml");
    writeFileSync(
      spec,
      "name: p\ninputs:\n  - { name: x, shape: [1, 1, 8, 8] }\nlayers:\n  - { name: pool, op: max_pool2d, kernel_size: 2, dilation: 2 }\noutputs: [pool]\n",
    );
    expect((await run(["check", spec])).code).toBe(0);
    const deep = await run(["check", spec, "--deep"]);
    expect(deep.code).toBe(1);
    expect(deep.err).toContain("error[E0603 unsupported]");
    expect(deep.err).toContain("TensorRT pooling has no dilation");
    const emit = await run(["emit", spec, "-o", join(tmp, "dilated_pool")]);
    expect(emit.code).toBe(1);
    expect(emit.err).toContain("TensorRT pooling has no dilation");
  });

  it("a value shorter than 8 hex digits (a file cut inside its last value) is an error; --allow-short-hex reads hand-written files", async () => {
    const spec = join(tmp, "short.yaml");
    writeFileSync(spec, "name: short\ninputs: [{ name: x, shape: [1, 2] }]\nlayers:\n  - { name: fc, op: linear, out_features: 1 }\noutputs: [fc]\n");
    const wts = join(tmp, "short.wts");
    writeFileSync(wts, "2\nfc.weight 2 3f800000 40000000\nfc.bias 1 3f0");
    const input = join(tmp, "short.bin");
    writeFileSync(input, Buffer.from(new Float32Array([1, 2]).buffer));
    for (const cmd of [
      ["check", spec, "--wts", wts],
      ["check", spec, "--wts", wts, "--deep"],
      ["simulate", spec, "--wts", wts, "--input", input],
    ]) {
      const r = await run(cmd);
      expect(r.code, cmd.join(" ")).toBe(1);
      expect(r.err).toContain(`${wts}:3: error[E0401 wts-format]: tensor 'fc.bias': value 1 '3f0' is not a float32 (8 hex digits) [bad-value]`);
      expect(r.err).toContain("--allow-short-hex reads shorter values");
      const ok = await run([...cmd, "--allow-short-hex"]);
      expect(ok.err, cmd.join(" ")).toBe("");
      expect(ok.code).toBe(0);
    }
    expect((await run(["simulate", spec, "--wts", wts, "--input", input, "--allow-short-hex"])).out).toMatch(/^fc \[1, 1\]: .*\b5\b/m);
  });

  it("a plain `check SPEC`, run without yargs, prints and exits as yargs' check does", async () => {
    const specs = [
      "examples/seedseg/spec.yaml",
      "test/invalid/weight-count/spec.yaml",
      "nope.yaml",
      "0123",
      "1e400",
      "check",
      "version",
      "a b.yaml",
      "x=1",
      "\u00e9t\u00e9.yaml",
    ];
    for (const spec of specs) {
      expect(plainCheckSpec(["check", spec]), spec).toBe(spec);
      // with a `--` after it (nothing follows), yargs parses the same command line
      const viaYargs = await run(["check", spec, "--"]);
      expect(plainCheckSpec(["check", spec, "--"])).toBeUndefined();
      expect(await run(["check", spec]), spec).toEqual(viaYargs);
    }
    expect((await run(["check", "examples/seedseg/spec.yaml"])).code).toBe(0);
    expect((await run(["check", "nope.yaml"])).code).toBe(1);
  });

  it("every other command line goes to yargs ('check help' is check's --help)", async () => {
    expect(await run(["check", "help"])).toEqual(await run(["check", "--help"]));
    for (const argv of [
      ["check"],
      ["check", ""],
      ["check", "-"],
      ["check", "help"],
      ["check", "--json"],
      ["check", "a", "--json"],
      ["check", "a", "b"],
      ["emit", "a"],
      ["a", "check"],
    ])
      expect(plainCheckSpec(argv), JSON.stringify(argv)).toBeUndefined();
  });

  it("a missing spec is one diagnostic, exit 1", async () => {
    const r = await run(["check", "nope.yaml"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      "nope.yaml: error[E0001 file-not-found]: cannot read spec 'nope.yaml': no such file\n  hint: check the path (it is resolved relative to the current directory)\n1 error, 0 warnings\n",
    );
  });
});

describe("trtgen wts-random", () => {
  it("is deterministic and passes check", async () => {
    const a = join(tmp, "a.wts");
    const b = join(tmp, "b.wts");
    expect((await run(["wts-random", "examples/resnet_tiny/spec.yaml", "-o", a, "--seed", "7"])).code).toBe(0);
    expect((await run(["wts-random", "examples/resnet_tiny/spec.yaml", "-o", b, "--seed", "7"])).code).toBe(0);
    expect(readFileSync(a)).toEqual(readFileSync(b));
    expect((await run(["check", "examples/resnet_tiny/spec.yaml", "--wts", a, "--deep"])).code).toBe(0);
  });

  it("writes a file that passes check --deep for every example and fixture spec", { timeout: 120_000 }, async () => {
    const specs = [
      ...readdirSync("examples").map((d) => join("examples", d, "spec.yaml")),
      ...readdirSync("test/simulate/fixtures").map((d) => join("test/simulate/fixtures", d, "spec.yaml")),
    ].filter((f) => existsSync(f));
    expect(specs.length).toBeGreaterThan(50);
    for (const spec of specs) {
      const out = join(tmp, "ex.wts");
      const w = await run(["wts-random", spec, "-o", out]);
      expect(w.code, `${spec}: ${w.err}`).toBe(0);
      const c = await run(["check", spec, "--wts", out, "--deep"]);
      expect(c.err, spec).toBe("");
      expect(c.code, spec).toBe(0);
    }
  });

  it("writes a tensor shared by two layers once", async () => {
    const spec = join(tmp, "shared.yaml");
    writeFileSync(
      spec,
      "name: shared\ninputs: [{ name: x, shape: [1, 4] }]\nlayers:\n  - { name: fc1, op: linear, out_features: 4 }\n" +
        "  - { name: fc2, op: linear, out_features: 4, weights: { weight: fc1.weight, bias: fc1.bias } }\noutputs: [fc2]\n",
    );
    const out = join(tmp, "shared.wts");
    const w = await run(["wts-random", spec, "-o", out]);
    expect(w.out).toContain("2 tensors, 20 values");
    expect(
      readFileSync(out, "utf8")
        .split("\n")
        .map((l) => l.split(" ")[0]),
    ).toEqual(["2", "fc1.weight", "fc1.bias", ""]);
    expect(await run(["check", spec, "--wts", out, "--deep"])).toMatchObject({ code: 0, err: "" });
  });

  it("refuses tensor names a .wts file cannot hold, and a tensor shared with two counts, writing nothing", async () => {
    const spec = join(tmp, "names.yaml");
    writeFileSync(
      spec,
      'name: names\ninputs: [{ name: x, shape: [1, 4] }]\nlayers:\n  - { name: "fc 1", op: linear, out_features: 4 }\n' +
        "  - { name: fc2, op: linear, out_features: 3, weights: { bias: other } }\n" +
        "  - { name: fc3, op: linear, out_features: 2, weights: { bias: other } }\noutputs: [fc3]\n",
    );
    const out = join(tmp, "names.wts");
    const r = await run(["wts-random", spec, "-o", out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("error[E0304 wts-random-tensor]: fc 1.weight: cannot be written to a .wts file: its name contains whitespace");
    expect(r.err).toContain("error[E0304 wts-random-tensor]: other: cannot be written to a .wts file: layer 'fc3' needs 2 values but layer 'fc2' 3");
    expect(existsSync(out)).toBe(false);
  });

  it("rejects a seed outside 0..2^32-1 as a usage error (no silent wrap onto a smaller seed)", async () => {
    for (const seed of ["-1", "4294967296", "1.5", "1e20"]) {
      const r = await run(["wts-random", "examples/lenet/spec.yaml", "-o", join(tmp, "x.wts"), "--seed", seed]);
      expect(r.code, seed).toBe(2);
      expect(r.err).toContain("--seed must be an integer from 0 to 4294967295");
    }
    expect((await run(["wts-random", "examples/lenet/spec.yaml", "-o", join(tmp, "x.wts"), "--seed", "4294967295"])).code).toBe(0);
  });
});

describe("trtgen schema", () => {
  it("matches the committed docs/trtgen.schema.json (regenerate with `trtgen schema > docs/trtgen.schema.json`)", async () => {
    const r = await run(["schema"]);
    expect(JSON.parse(r.out)).toEqual(specJsonSchema());
    expect(r.out).toBe(readFileSync("docs/trtgen.schema.json", "utf8"));
  });

  it("describes every op as a layer variant with its parameters", () => {
    const s = specJsonSchema() as {
      properties: { layers: { items: { oneOf: { title: string; properties: Record<string, unknown>; required: string[] }[] } } };
    };
    const conv = s.properties.layers.items.oneOf.find((v) => v.title === "conv2d")!;
    expect(Object.keys(conv.properties)).toEqual(expect.arrayContaining(["out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias"]));
    expect(conv.required).toEqual(["name", "op", "out_channels", "kernel_size"]);
  });
});

describe("--version and --help", () => {
  it("print and exit 0", async () => {
    const version = await run(["--version"]);
    expect(version).toEqual({ code: 0, out: expect.stringMatching(/^\d+\.\d+\.\d+\n$/), err: "" });
    // a lone --version is answered before yargs loads; yargs answers it beside other arguments, with the same line
    expect(await run(["schema", "--version"])).toEqual(version);
    for (const cmd of ["check", "emit", "build", "wts-random", "schema"]) {
      const r = await run([cmd, "--help"]);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`trtgen ${cmd}`);
    }
  });
});
