// Limits with locations and hints (issue 11): int32 parameters, shapes TensorRT
// can hold (rank, int32 dimensions, 2^31 - 1 elements) on every inferred tensor,
// finite scales, names without control characters and messages that never carry
// them raw, reserved keys refused instead of dropped, and spec files that are
// not UTF-8 reported instead of silently replaced. check, emit, simulate and
// wts-random share the pipeline, so each refuses the same specs.
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/diagnostics/index.js";
import { INT32_MAX, INT32_MIN, MAX_CONSTANT_VALUES, MAX_VOLUME, escapeControl, hasControlChar, shapeLimitProblem } from "../../src/ir/limits.js";
import { net, weightsCalls } from "../../src/lower/catalog.js";
import { checkStepShapes } from "../../src/lower/check_steps.js";
import type { Step } from "../../src/lower/types.js";
import { decodeSpec, firstInvalidUtf8 } from "../../src/netspec/encoding.js";
import { int, posInt } from "../../src/ops/params.js";
import { LowerError } from "../../src/ops/types.js";
import { loadGraph } from "../../src/passes/index.js";
import { runCli } from "../support/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "trtgen-limits-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
const write = (content: string | Buffer) => {
  const p = join(tmp, `s${n++}.yaml`);
  writeFileSync(p, content);
  return p;
};

/** `code line:col message` of each diagnostic of checking a spec. */
const check = (content: string | Buffer) => {
  const p = write(content);
  return loadGraph(p)
    .diags.sorted()
    .map((d) => `${d.code} ${d.location?.line}:${d.location?.col} ${d.message}`);
};

const spec = (layers: string, inputs = "  - {name: x, shape: [1, 3, 4, 4]}", outputs = "[a]") =>
  `name: t\ninputs:\n${inputs}\nlayers:\n${layers}\noutputs: ${outputs}\n`;

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** A LowerError with this message and hint (toThrow(new LowerError(...)) compares the message only). */
const lowerError = (message: string, hint: string) => expect.objectContaining({ constructor: LowerError, message, hint }) as unknown as Error;

const noInternalError = (err: string) => {
  expect(err).not.toContain("internal error");
  expect(err).not.toMatch(/\n\s+at /);
};

describe("integer parameters are whole numbers within int32", () => {
  it("takes the int32 bounds and refuses one past them, with the value", () => {
    expect(posInt.safeParse(INT32_MAX).success).toBe(true);
    expect(int.safeParse(INT32_MIN).success).toBe(true);
    expect(posInt.safeParse(INT32_MAX + 1).error?.issues.map((i) => i.message)).toEqual([
      "expected a positive integer of at most 2147483647 (int32), got 2147483648",
    ]);
    expect(int.safeParse(INT32_MIN - 1).error?.issues.map((i) => i.message)).toEqual(["expected an integer of at least -2147483648 (int32), got -2147483649"]);
    // one message, not one per check
    expect(posInt.safeParse(-1e20).error?.issues.map((i) => i.message)).toEqual(["expected a positive integer, got -100000000000000000000"]);
    expect(posInt.safeParse(0).error?.issues.map((i) => i.message)).toEqual(["expected a positive integer"]);
  });

  it("1e20, 2^53 + 1, 1.5 and .inf are E0112 at the value", () => {
    const d = check(
      spec(
        [
          "  - {name: a, op: linear, out_features: 1e20}",
          "  - {name: b, op: linear, out_features: 9007199254740993, input: x}",
          "  - {name: c, op: max_pool2d, kernel_size: 1.5, input: x}",
          "  - {name: e, op: max_pool2d, kernel_size: [2, .inf], input: x}",
          "  - {name: f, op: permute, dims: [0, 1, 2, 1e20], input: x}",
        ].join("\n"),
        undefined,
        "[a, b, c, e, f]",
      ),
    );
    expect(d).toEqual([
      "E0112 5:41 layer 'a': out_features: expected a positive integer of at most 2147483647 (int32), got 100000000000000000000",
      "E0112 6:41 layer 'b': out_features: expected a positive integer of at most 2147483647 (int32), got 9007199254740992",
      "E0112 7:44 layer 'c': kernel_size: expected a positive integer, got 1.5",
      "E0112 8:44 layer 'e': kernel_size: expected a positive integer, got Infinity (item 1)",
      expect.stringMatching(/^E0112 9:\d+ layer 'f': dims\[3\]: expected an integer of at most 2147483647 \(int32\), got 100000000000000000000$/),
    ]);
  });
});

describe("every tensor within TensorRT's limits", () => {
  it("shapeLimitProblem: rank 8, int32 dimensions and 2^31 - 1 elements are the limits", () => {
    expect(shapeLimitProblem([1, 1, 1, 1, 1, 1, 1, 1])).toBeUndefined();
    expect(shapeLimitProblem([MAX_VOLUME])).toBeUndefined();
    expect(shapeLimitProblem([])).toBeUndefined();
    expect(shapeLimitProblem([1, 1, 1, 1, 1, 1, 1, 1, 1])?.reason).toContain("rank 9");
    expect(shapeLimitProblem([1, INT32_MAX + 1])?.reason).toContain("dimension 1 is 2147483648");
    expect(shapeLimitProblem([2, 2, 0])?.reason).toContain("dimension 2 is 0, not a positive integer");
    expect(shapeLimitProblem([1, Infinity])?.reason).toContain("dimension 1 is Infinity");
    expect(shapeLimitProblem([2, 1 << 30])?.reason).toContain("2,147,483,648 elements");
  });

  it("an upsample scale whose output overflows int32 is reported at the scale; .inf and .nan as not finite", () => {
    const d = check(
      spec(
        [
          "  - {name: a, op: upsample, scale_factor: 8e+300}",
          "  - {name: b, op: upsample, scale_factor: [2, .inf], input: x}",
          "  - {name: c, op: upsample, scale_factor: .nan, input: x}",
        ].join("\n"),
        undefined,
        "[a, b, c]",
      ),
    );
    expect(d).toEqual([
      "E0201 5:43 layer 'a' (upsample) cannot take input [1, 3, 4, 4]: output size would be 3.2e+301×3.2e+301, past TensorRT's limit of 2147483647 per dimension (Dims hold int32)",
      "E0112 6:43 layer 'b': scale_factor: expected a finite positive number, got Infinity (item 1)",
      "E0112 7:43 layer 'c': scale_factor: expected a finite positive number, got NaN",
    ]);
  });

  it("a reshape, expand or custom layer past the limits is E0203 at the layer, and nothing after it is reported", () => {
    const d = check(
      spec(
        [
          "  - {name: a, op: reshape, shape: [1, 1, 1, 1, 1, 1, 1, 1, 48]}",
          "  - {name: r, op: relu, input: a}",
          "  - {name: b, op: expand, size: [200000000, 3, 4, 4], input: x}",
          "  - {name: c, op: custom, inputs: [x], output_shape: [65536, 65536], snippet: 'x'}",
          "  - {name: ok, op: reshape, shape: [1, 1, 1, 1, 1, 1, 3, 16], input: x}",
        ].join("\n"),
        undefined,
        "[r, b, c, ok]",
      ),
    );
    expect(d).toEqual([
      "E0203 5:5 layer 'a' (reshape) output shape [1, 1, 1, 1, 1, 1, 1, 1, 48]: rank 9 is past TensorRT's limit of 8 dimensions (Dims::MAX_DIMS)",
      "E0203 7:5 layer 'b' (expand) output shape [200000000, 3, 4, 4]: it has 9,600,000,000 elements, past TensorRT's limit of 2,147,483,647 (2^31 - 1) per tensor",
      "E0203 8:5 layer 'c' (custom) output shape [65536, 65536]: it has 4,294,967,296 elements, past TensorRT's limit of 2,147,483,647 (2^31 - 1) per tensor",
    ]);
  });

  it("attention whose query × key scores TensorRT cannot hold is E0201 at the layer (emit built a 2^32-value causal mask)", async () => {
    const text = spec(
      [
        "  - {name: a, op: scaled_dot_product_attention, inputs: [q, q, q], is_causal: true}",
        "  - {name: m, op: multi_head_attention, embed_dim: 8, num_heads: 2, input: s}",
        "  - {name: ok, op: scaled_dot_product_attention, inputs: [k, k, k], is_causal: true}",
      ].join("\n"),
      ["  - {name: q, shape: [1, 65536, 8]}", "  - {name: s, shape: [65536, 1, 8]}", "  - {name: k, shape: [1, 8192, 8]}"].join("\n"),
      "[a, m, ok]",
    );
    expect(check(text)).toEqual([
      "E0201 7:5 layer 'a' (scaled_dot_product_attention) cannot take input [1, 65536, 8] and [1, 65536, 8] and [1, 65536, 8]: the attention scores (query @ keyᵀ) would have shape [1, 65536, 65536]: it has 4,294,967,296 elements, past TensorRT's limit of 2,147,483,647 (2^31 - 1) per tensor",
      "E0201 8:5 layer 'm' (multi_head_attention) cannot take input [65536, 1, 8]: the attention scores (query @ keyᵀ) would have shape [1, 2, 65536, 65536]: it has 8,589,934,592 elements, past TensorRT's limit of 2,147,483,647 (2^31 - 1) per tensor",
    ]);
    const r = await runCli(["emit", write(text), "-o", join(tmp, "attention_out")]);
    noInternalError(r.err);
    expect(r.code).toBe(1);
  });

  it("a causal attention of 32768 tokens emits without an L × S constant (a 2^30-value mask ran out of memory); past 131072 positions it is E0201", async () => {
    const text = spec(
      [
        "  - {name: a, op: scaled_dot_product_attention, inputs: [q, q, q], is_causal: true}",
        "  - {name: c, op: scaled_dot_product_attention, inputs: [one, k, k], is_causal: true}",
      ].join("\n"),
      ["  - {name: q, shape: [1, 32768, 8]}", "  - {name: one, shape: [1, 1, 8]}", "  - {name: k, shape: [1, 131073, 8]}"].join("\n"),
      "[a, c]",
    );
    expect(check(text)).toEqual([
      "E0201 8:5 layer 'c' (scaled_dot_product_attention) cannot take input [1, 1, 8] and [1, 131073, 8] and [1, 131073, 8]: a causal mask over 131073 positions: trtgen builds it from positions compared exactly in FP16, up to 131072",
    ]);
    const ok = write(spec("  - {name: a, op: scaled_dot_product_attention, inputs: [q, q, q], is_causal: true}", "  - {name: q, shape: [1, 32768, 8]}"));
    const dir = join(tmp, "causal_out");
    const r = await runCli(["emit", ok, "-o", dir]);
    noInternalError(r.err);
    expect(r.code).toBe(0);
    expect(statSync(join(dir, "t_network.cpp")).size).toBeLessThan(4_000_000);
  });

  it("the lowering refuses any constant it computes past MAX_CONSTANT_VALUES (E0603 at the layer)", () => {
    const constant = (count: number): Step => ({ kind: "weights", var: "w", call: weightsCalls.constant({ values: [] }), count });
    expect(() => checkStepShapes([constant(MAX_CONSTANT_VALUES)])).not.toThrow();
    expect(() => checkStepShapes([constant(MAX_CONSTANT_VALUES + 1)])).toThrow(
      lowerError(
        "a constant this lowering computes holds 67,108,865 values, past trtgen's limit of 67,108,864 (2^26) per generated constant",
        "shorten the sequences (or other sizes) that this constant spans",
      ),
    );
  });

  it("the lowering refuses a layer it adds whose tensor TensorRT cannot hold (a guard for tensors between spec layers)", () => {
    const step = (outShape: number[]): Step => ({ kind: "layer", var: "v", out: "o", name: "l/qkv", outShape, call: net.addIdentity({ input: "x" }) });
    expect(() => checkStepShapes([step([1, 1 << 30]), step([1, 1, 1, 1, 1, 1, 1, 1])])).not.toThrow();
    expect(() => checkStepShapes([step([1, 1 << 30]), step([3, 1 << 30])])).toThrow(
      lowerError(
        "the lowering needs a tensor of shape [3, 1073741824] (l/qkv): it has 3,221,225,472 elements, past TensorRT's limit of 2,147,483,647 (2^31 - 1) per tensor",
        "reduce the sizes that lead to this tensor (batch, channels, features or spatial size)",
      ),
    );
  });

  it("an input of more than 2^31 - 1 elements is E0203 at its shape, with the hint", () => {
    const p = write(spec("  - {name: a, op: relu}", "  - {name: x, shape: [2, 32768, 32768]}"));
    const [d] = loadGraph(p).diags.items;
    expect(formatDiagnostic(d!)).toBe(
      `${p}:3:22: error[E0203 shape-limit]: input 'x' shape [2, 32768, 32768]: it has 2,147,483,648 elements, past TensorRT's limit of 2,147,483,647 (2^31 - 1) per tensor\n` +
        "  hint: reduce the sizes that lead to this tensor (batch, channels, features or spatial size)",
    );
  });
});

describe("names without control characters; messages never carry them raw", () => {
  it("escapeControl writes C0 and DEL as \\xNN, C1 and a byte-order mark as \\uNNNN (as the .wts readers do) and leaves other text alone", () => {
    expect(escapeControl("a\0b\x1b[31m\x7f\u0085\u009f\tc\né\ufeff\u00a0")).toBe("a\\x00b\\x1b[31m\\x7f\\u0085\\u009f\\x09c\\x0aé\\ufeff\u00a0");
    expect(hasControlChar("conv1.weight")).toBe(false);
    expect(hasControlChar("a\u0085")).toBe(true);
  });

  it("a name with NUL or ESC is E0101 at the name, and every message about it is escaped", async () => {
    const p = write(spec('  - {name: "a\\0\\e[2J", op: relu}', undefined, '["a\\0\\e[2J"]'));
    const r = await runCli(["check", p]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${p}:5:12: error[E0101 invalid-value]: layer 0 name: expected a name without control characters`);
    expect(r.err).toContain("got 'a\\x00\\x1b[2J'");
    expect(r.err).not.toMatch(RAW_CONTROL);
    const j = await runCli(["check", p, "--json"]);
    expect(j.out).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(j.out).diagnostics[0].message).toContain("a\\x00\\x1b[2J");
  });

  it("plugin, plugin namespace and plugin field names without control characters (E0112 at each)", () => {
    const d = check(
      spec(
        '  - {name: a, op: custom, output_shape: [1, 4], plugin: "P\\e", plugin_namespace: "n\\x85", plugin_fields: {"k\\0": {type: int32, value: 1}, ok: {type: string, value: "v"}}}',
        "  - {name: x, shape: [1, 4]}",
      ),
    );
    expect(d).toEqual([
      "E0112 5:57 layer 'a': plugin: expected a name without control characters (NUL, ESC, tab, newline, DEL, ...)",
      "E0112 5:82 layer 'a': plugin_namespace: expected a name without control characters (NUL, ESC, tab, newline, DEL, ...)",
      "E0112 5:114 layer 'a': plugin_fields.k\\x00: the field name: expected a name without control characters (NUL, ESC, tab, newline, DEL, ...)",
    ]);
  });

  it("a file path with control characters is escaped in the location", async () => {
    const p = join(tmp, "a\x1bb.yaml");
    writeFileSync(p, spec("  - {name: a, op: relu, k: 1}"));
    const r = await runCli(["check", p]);
    expect(r.err).toContain(`${join(tmp, "a\\x1bb.yaml")}:5:`);
    expect(r.err).not.toMatch(RAW_CONTROL);
  });

  it("an unknown input named with control characters is echoed escaped", () => {
    const d = check(spec('  - {name: a, op: relu, input: "x\\u0007"}'));
    expect(d).toEqual([
      "W0502 3:5 network input 'x' is not read by any layer",
      "E0106 5:32 layer 'a' reads 'x\\x07', which is neither a network input nor a layer",
    ]);
  });
});

describe("reserved keys are refused wherever they are, never dropped", () => {
  it("'__proto__' in weights, plugin_fields and an op's parameters, 'constructor' as an alias key", () => {
    const d = check(
      spec(
        [
          "  - {name: a, op: linear, out_features: 2, weights: {__proto__: other}}",
          "  - {name: b, op: custom, input: x, output_shape: [1], plugin: P, plugin_fields: {__proto__: {type: int32, value: 1}}}",
          "  - {name: c, op: relu, input: x, prototype: 1}",
          "  - {name: &k constructor, op: relu, input: x}",
          "  - {name: e, op: relu, input: x, *k : 1}",
        ].join("\n"),
        "  - {name: x, shape: [1, 4]}",
        "[a, b, c]",
      ),
    );
    expect(d).toEqual([
      "E0114 5:54 key '__proto__' is reserved",
      "E0114 6:83 key '__proto__' is reserved",
      "E0114 7:35 key 'prototype' is reserved",
      "E0114 9:35 key 'constructor' is reserved",
    ]);
    expect(({} as Record<string, unknown>).other).toBeUndefined();
  });

  it("a weight role named like an Object.prototype member is an unknown role, not a function", () => {
    const d = check(spec("  - {name: a, op: linear, out_features: 2, weights: {toString: t, hasOwnProperty: h}}", "  - {name: x, shape: [1, 4]}"));
    expect(d.map((l) => l.slice(0, 5))).toEqual(["E0103", "E0103"]);
    expect(d[0]).toContain("weights has unknown parameter 'toString'");
  });
});

describe("spec files that are not UTF-8 text", () => {
  const valid = spec("  - {name: a, op: relu}");

  it("a UTF-8 byte order mark is accepted", () => {
    expect(check(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(valid)]))).toEqual([]);
  });

  it("invalid UTF-8 is E0007 at its line and column, with the bytes", () => {
    const cases: [number[], string, string][] = [
      [[0xff], "byte 0xff", "5:13"],
      [[0xc0, 0x80], "byte 0xc0", "5:13"], // overlong NUL
      [[0xed, 0xa0, 0x80], "bytes 0xed 0xa0", "5:13"], // a UTF-16 surrogate
      [[0xf4, 0x90, 0x80, 0x80], "bytes 0xf4 0x90", "5:13"], // past U+10FFFF
      [[0xe2, 0x82], "bytes 0xe2 0x82 0x2c", "5:13"], // cut short
    ];
    for (const [bytes, shown, at] of cases) {
      const text = Buffer.concat([
        Buffer.from("name: t\ninputs:\n  - {name: x, shape: [1, 4]}\nlayers:\n  - {name: é"),
        Buffer.from(bytes),
        Buffer.from(", op: relu}\noutputs: [a]\n"),
      ]);
      const d = check(text);
      expect(d).toHaveLength(1);
      expect(d[0]).toMatch(
        new RegExp(`^E0007 ${at} cannot read spec '.*': it is not valid UTF-8: ${shown} at byte offset \\d+ (is|are) not a UTF-8 character$`),
      );
    }
    // cut inside the last character of the file
    expect(decodeSpec(Buffer.from([0x61, 0x0a, 0x62, 0xe2, 0x82]))).toMatchObject({
      line: 2,
      col: 2,
      reason: expect.stringContaining("bytes 0xe2 0x82 at byte offset 3"),
    });
  });

  it("firstInvalidUtf8 agrees with a strict decoder on random bytes", () => {
    const strict = new TextDecoder("utf-8", { fatal: true });
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed);
    for (let k = 0; k < 2000; k++) {
      const b = Buffer.from(Array.from({ length: 1 + (rand() % 12) }, () => (rand() % 3 === 0 ? 0x80 + (rand() % 0x80) : rand() % 256)));
      let valid = true;
      try {
        strict.decode(b);
      } catch {
        valid = false;
      }
      const bad = firstInvalidUtf8(b);
      expect(bad === undefined, b.toString("hex")).toBe(valid);
      if (bad) expect(() => strict.decode(b.subarray(0, bad.offset)), b.toString("hex")).not.toThrow();
    }
  });

  it("UTF-16 and UTF-32, with or without a byte order mark, are named as such and never echoed", async () => {
    const le = Buffer.from(valid, "utf16le");
    const be = Buffer.from(le).swap16();
    const cases: [Buffer, string][] = [
      [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), "UTF-16 (little-endian, with a byte order mark)"],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), be]), "UTF-16 (big-endian, with a byte order mark)"],
      [le, "UTF-16 (little-endian: a NUL byte follows each ASCII character)"],
      [be, "UTF-16 (big-endian: a NUL byte precedes each ASCII character)"],
      [
        Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from([...Buffer.from(valid)].flatMap((c) => [c, 0, 0, 0]))]),
        "UTF-32 (little-endian, with a byte order mark)",
      ],
      [Buffer.from([...Buffer.from(valid)].flatMap((c) => [0, 0, 0, c])), "UTF-32 (big-endian: three NUL bytes precede each ASCII character)"],
    ];
    for (const [bytes, what] of cases) {
      const p = write(bytes);
      const r = await runCli(["check", p]);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`${p}:1:1: error[E0007 text-encoding]: cannot read spec '${p}': it is ${what}, not UTF-8`);
      expect(r.err).toContain("hint: save it as UTF-8");
      expect(r.err).not.toMatch(RAW_CONTROL);
    }
  });

  it("a raw control character in the text is E0007 where it is; escaped in double quotes it reaches the name check", () => {
    expect(check(spec("  - {name: a\u0000b, op: relu}"))[0]).toMatch(/^E0007 5:13 .*it holds the control character 0x00 \(NUL\), which YAML does not allow/);
    expect(check(`# colour \u001b[31m\n${valid}`)[0]).toMatch(/^E0007 1:10 .*0x1b \(ESC\)/);
    // tab, CR LF and NEL are allowed
    expect(check(valid.replace(/\n/g, "\r\n").replace("name: t", "name:\tt # \u0085"))).toEqual([]);
  });
});

describe("emit, simulate and wts-random refuse what check refuses", () => {
  const cases = {
    "shape-limit": spec("  - {name: a, op: reshape, shape: [1, 1, 1, 1, 1, 1, 1, 1, 48]}"),
    "invalid-parameter": spec("  - {name: a, op: linear, out_features: 1e20}"),
    "reserved-key": spec("  - {name: a, op: relu, __proto__: {}}"),
    "text-encoding": Buffer.from(spec("  - {name: a, op: relu}"), "utf16le"),
    "invalid-value": spec('  - {name: "a\\0", op: relu}', undefined, '["a\\0"]'),
  };
  for (const [name, content] of Object.entries(cases)) {
    it(name, async () => {
      const p = write(content);
      const runs = [
        await runCli(["emit", p, "-o", join(tmp, `out_${name}`)]),
        await runCli(["simulate", p, "--wts", "examples/lenet/lenet.wts", "--input", "x=/nonexistent.bin"]),
        await runCli(["wts-random", p, "-o", join(tmp, `${name}.wts`)]),
      ];
      for (const r of runs) {
        noInternalError(r.err);
        expect(r.code).toBe(1);
        expect(r.err).toContain(`[E0`);
        expect(r.err).toContain(name);
        expect(r.err).not.toMatch(RAW_CONTROL);
      }
    });
  }
});
