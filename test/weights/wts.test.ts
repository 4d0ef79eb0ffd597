import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scanWts, WtsIOError } from "../../src/weights/wts.js";
import { writeWts } from "../../src/weights/write.js";

const dir = mkdtempSync(join(tmpdir(), "trtgen-wts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(text: string | Buffer): string {
  const p = join(dir, `f${n++}.wts`);
  writeFileSync(p, text);
  return p;
}
const hex = (count: number, v = "3f800000") => Array(count).fill(v).join(" ");
const problems = (text: string | Buffer, deep = false, allowShortHex = false) =>
  scanWts(file(text), { deep, allowShortHex }).problems.map((p) => `${p.line}: ${p.tensor ? p.tensor + ": " : ""}${p.reason} [${p.kind}]`);

describe(".wts reader", () => {
  it("reads names, counts and line numbers of a tensorrtx file", () => {
    const h = scanWts(file(`2\nconv1.weight 4 ${hex(4)}\nconv1.bias 2 ${hex(2)}\n`));
    expect(h.problems).toEqual([]);
    expect(h.variant).toBe("untyped");
    expect(h.declared).toBe(2);
    expect([...h.tensors.values()]).toEqual([
      { name: "conv1.weight", count: 4, dtype: "float32", line: 2 },
      { name: "conv1.bias", count: 2, dtype: "float32", line: 3 },
    ]);
  });

  it("reads the typed variant (type 0 float32, 1 float16)", () => {
    const h = scanWts(file(`2\na 0 3 ${hex(3)}\nb 1 2 3c00 bc00\n`));
    expect(h.problems).toEqual([]);
    expect(h.variant).toBe("typed");
    expect(h.tensors.get("a")).toMatchObject({ count: 3, dtype: "float32" });
    expect(h.tensors.get("b")).toMatchObject({ count: 2, dtype: "float16" });
  });

  it("does not mistake a plain line with count 1 for the typed variant", () => {
    const h = scanWts(file(`1\nbias 1 10000000\n`));
    expect(h.variant).toBe("untyped");
    expect(h.problems).toEqual([]);
    expect(h.tensors.get("bias")!.count).toBe(1);
  });

  it("reads a one-value tensor whose value looks decimal as plain, like the C++ loader", () => {
    for (const text of ["2\nzero 1  00000000\nw 1  40000000\n", "1\nw 1 00000001\n"]) {
      const h = scanWts(file(text));
      expect(h.variant).toBe("untyped");
      expect(h.problems).toEqual([]);
      expect([...h.tensors.values()].every((t) => t.count === 1 && t.dtype === "float32")).toBe(true);
    }
  });

  it("accepts CRLF, trailing spaces, tabs and a missing final newline", () => {
    expect(problems(`2\r\na 2 ${hex(2)}\r\nb 1 ${hex(1)}  \t`)).toEqual([]);
    expect(problems(`1\na 3 ${hex(3)}   \r\n`)).toEqual([]);
  });

  it("accepts uppercase hex; short tokens (a cut or hand-written file) only with allowShortHex", () => {
    const text = `1\na 3 0 3F800000 abc\n`;
    expect(problems(text, true, true)).toEqual([]);
    expect(scanWts(file(text), { values: true, allowShortHex: true }).values!.get("a")).toEqual(
      new Float32Array(new Uint32Array([0, 0x3f800000, 0xabc]).buffer),
    );
    // the header scan tokenizes this line (its length is not canonical) and finds the first short one too
    for (const deep of [false, true]) {
      expect(problems(text, deep)).toEqual(["2: a: value 1 '0' is not a float32 (8 hex digits) [bad-value]"]);
    }
    expect(problems(`1\na 2 3f800000 3f0`, true)).toEqual(["2: a: value 2 '3f0' is not a float32 (8 hex digits) [bad-value]"]);
    expect(problems(`1\nh 1 2 3c00 3c0\n`, true)).toEqual(["2: h: value 2 '3c0' is not a float16 (4 hex digits) [bad-value]"]);
    expect(scanWts(file(`1\na 2 3f800000 3f0`), { deep: true }).problems[0]!.hint).toContain("--allow-short-hex");
  });

  it("rejects names with control characters or bytes that are not UTF-8, quoting them escaped", () => {
    expect(problems(Buffer.from("1\nw\x1b[2J 1 3f800000\n"))).toEqual(["2: w\\x1b[2J: tensor name contains the control character \\x1b [bad-name]"]);
    expect(problems(Buffer.from("1\nw\x00 1 3f800000\n"))).toEqual(["2: w\\x00: tensor name contains the control character \\x00 [bad-name]"]);
    expect(problems(Buffer.from([...Buffer.from("1\nw"), 0xc3, 0x28, ...Buffer.from(" 1 3f800000\n")]))).toEqual([
      "2: w\\xc3(: tensor name is not valid UTF-8 (byte 2 is 0xc3) [bad-name]",
    ]);
    // every problem that names such a tensor escapes it
    expect(problems(Buffer.from("0\nw\x07 1 3f800000\n"))[0]).toBe("2: w\\x07: header declares 0 tensors but the file has more tensor lines [tensor-count]");
    expect(problems(Buffer.from("1\n\ufeff1\n"))[0]).toBe("2: \\ufeff1: missing value count [bad-count]");
  });

  it("keys a valid name holding a byte-order mark by the name itself, not its escaped form", () => {
    const h = scanWts(file("1\n\ufeffw 1 3f800000\n"), { values: true });
    expect(h.problems).toEqual([]);
    expect([...h.tensors.keys()]).toEqual(["\ufeffw"]);
    expect(h.tensors.get("\ufeffw")?.name).toBe("\ufeffw");
    expect([...h.values!.keys()]).toEqual(["\ufeffw"]);
  });

  it("reports a truncated line", () => {
    expect(problems(`1\na 4 ${hex(3)}\n`)).toEqual(["2: a: expected 4 values, line has 3 [value-count]"]);
  });

  it("reports a count that lies in either direction", () => {
    expect(problems(`2\na 2 ${hex(5)}\nb 7 ${hex(2)}\n`)).toEqual([
      "2: a: expected 2 values, line has 5 [value-count]",
      "3: b: expected 7 values, line has 2 [value-count]",
    ]);
  });

  it("finds bad hex only with --deep when the line length is canonical", () => {
    const text = `1\na 2 3f800000 3f80zz00\n`;
    expect(problems(text)).toEqual([]);
    expect(problems(text, true)).toEqual(["2: a: value 2 '3f80zz00' is not a float32 (8 hex digits) [bad-value]"]);
    expect(problems(`1\na 2 3f800000 123456789\n`, true, true)).toEqual(["2: a: value 2 '123456789' is not a float32 (1 to 8 hex digits) [bad-value]"]);
  });

  it("reports duplicate names with both lines", () => {
    expect(problems(`2\na 1 ${hex(1)}\na 1 ${hex(1)}\n`)).toEqual(["3: a: duplicate tensor name (first defined on line 2) [duplicate-name]"]);
  });

  it("reports an empty file", () => {
    expect(problems("")).toEqual(["1: empty file (expected the tensor count on the first line) [empty-file]"]);
  });

  it("reports a header count that does not match the lines", () => {
    expect(problems(`3\na 1 ${hex(1)}\n`)).toEqual(["3: unexpected end of file: header declares 3 tensors, found 1 [tensor-count]"]);
    expect(problems(`1\na 1 ${hex(1)}\nb 1 ${hex(1)}\n`)).toEqual(["3: b: header declares 1 tensors but the file has more tensor lines [tensor-count]"]);
  });

  it("reports a missing header and a bad count", () => {
    expect(problems(`a 1 ${hex(1)}\n`)[0]).toBe("1: bad header: expected the tensor count, got 'a' [bad-header]");
    expect(problems(`1\na x1 ${hex(1)}\n`)).toEqual(["2: a: value count 'x1' is not a positive integer [bad-count]"]);
    expect(problems(`1\na\n`)).toEqual(["2: a: missing value count [bad-count]"]);
  });

  it("ignores blank lines like the C++ loader, and reports bad typed types", () => {
    expect(problems(`\n2\n\na 0 1 ${hex(1)}\n\nb 2 1 ${hex(1)}\n\n`)).toEqual(["6: b: bad type field '2' (expected 0 = float32 or 1 = float16) [bad-type]"]);
    expect(problems(`\n \n`)).toEqual(["1: the file holds only blank lines [empty-file]"]);
  });

  it("handles lines longer than the read chunk", () => {
    const count = 700_000; // ~6.3 MB line, spans two 4 MiB chunks
    const values = new Float32Array(count).map((_, i) => i * 0.5);
    const p = join(dir, "big.wts");
    writeWts(
      p,
      [
        { name: "big", values },
        { name: "small", values: new Float32Array([1]) },
      ],
      2,
    );
    const h = scanWts(p, { deep: true });
    expect(h.problems).toEqual([]);
    expect(h.tensors.get("big")).toMatchObject({ count, line: 2 });
    expect(h.tensors.get("small")).toMatchObject({ count: 1, line: 3 });
  });

  it("writes the byte format of gen_wts.py", () => {
    const p = join(dir, "w.wts");
    writeWts(p, [{ name: "w", values: new Float32Array([1, -2, 0.5, -0]) }], 1);
    expect(readFileSync(p, "utf8")).toBe("1\nw 4  3f800000 c0000000 3f000000 80000000\n");
  });

  it("decodes every value with `values`, float16 widened exactly, in the same pass as the header", () => {
    const h = scanWts(file("2\nh 1 4 3c00 c000 0001 7bff\nf 0 2 3fc00000 C0000000\n"), { values: true });
    expect(h.problems).toEqual([]);
    expect(h.tensors.get("h")).toMatchObject({ count: 4, dtype: "float16", line: 2 });
    expect([...h.values!.get("h")!]).toEqual([1, -2, 2 ** -24, 65504]);
    expect([...h.values!.get("f")!]).toEqual([1.5, -2]);
    expect(scanWts(file("1\na 2 3f800000\n"), { values: true }).values!.size).toBe(0); // no values for a bad line
  });

  it("raises WtsIOError for a missing file or a directory", () => {
    expect(() => scanWts(join(dir, "nope.wts"))).toThrow(WtsIOError);
    expect(() => scanWts(dir)).toThrow("is a folder, not a .wts file");
  });
});
