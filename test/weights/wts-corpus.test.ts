// The shared .wts conformance corpus (test/wts-corpus, docs/wts.md): the
// TypeScript reader at every depth must do what expect.txt says, as the C++
// (cpp-runtime/tests/test_weights.cpp) and Python (python/tests/test_wts_format.py)
// readers must.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scanWts, type WtsHeader } from "../../src/weights/wts.js";

const CORPUS = join(import.meta.dirname, "..", "wts-corpus");

type Case = { file: string; accept: false; line: number; kind: string } | { file: string; accept: true; variant: string; count: number; tensors: string[][] };

/** The cases of a manifest: expect.txt (the format), expect-short-hex.txt (what differs with allowShortHex). */
function expectations(manifest: string): Case[] {
  const cases: Case[] = [];
  for (const line of readFileSync(join(CORPUS, manifest), "utf8").split("\n")) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    const f = line.trim().split(/ +/);
    const last = cases.at(-1);
    if (line.startsWith(" ") && last?.accept) last.tensors.push(f);
    else if (f[1] === "reject") cases.push({ file: f[0]!, accept: false, line: Number(f[2]), kind: f[3]! });
    else cases.push({ file: f[0]!, accept: true, variant: f[2]!, count: Number(f[3]), tensors: [] });
  }
  return cases;
}

/** expect.txt's BITS field: float32 bit patterns, or their FNV-1a 64 hash for more than 16 values. */
function bitsField(values: Float32Array): string {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  if (bits.length <= 16) return [...bits].map((b) => b.toString(16).padStart(8, "0")).join(",");
  let h = 0xcbf29ce484222325n;
  for (const b of bits)
    for (let shift = 24; shift >= 0; shift -= 8) {
      h ^= BigInt((b >>> shift) & 0xff);
      h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
    }
  return `fnv1a64:${h.toString(16).padStart(16, "0")}`;
}

const first = (h: WtsHeader) => (h.problems[0] ? `${h.problems[0].line} ${h.problems[0].kind}` : "accept");
const tensorFields = (h: WtsHeader) => [...h.tensors.values()].map((t) => [t.name, t.dtype, String(t.count), String(t.line)]);

const cases = expectations("expect.txt");
const shortHex = new Map(expectations("expect-short-hex.txt").map((c) => [c.file, c]));

function conforms(c: Case, opts: { allowShortHex: boolean }): void {
  const path = join(CORPUS, c.file);
  const deep = scanWts(path, { deep: true, ...opts });
  const values = scanWts(path, { values: true, ...opts });
  const fast = scanWts(path, opts);
  if (!c.accept) {
    expect(first(deep)).toBe(`${c.line} ${c.kind}`);
    expect(first(values)).toBe(`${c.line} ${c.kind}`);
    // The header scan reads a value's spelling only on lines whose length
    // does not prove the count (docs/wts.md "Readers"): it may miss these two kinds.
    if (fast.problems.length > 0 || !["bad-value", "value-count"].includes(c.kind)) expect(first(fast)).toBe(`${c.line} ${c.kind}`);
    // messages are one printable line: control characters and bytes that are not UTF-8 escaped
    // eslint-disable-next-line no-control-regex
    for (const p of deep.problems) expect(`${p.tensor ?? ""} ${p.reason}`).not.toMatch(/[\x00-\x1f\x7f-\x9f\ufffd]/);
    return;
  }
  for (const h of [deep, values, fast]) {
    expect(first(h)).toBe("accept");
    expect(h.variant ?? "none").toBe(c.variant);
    expect(h.tensors.size).toBe(c.count);
    expect(tensorFields(h)).toEqual(c.tensors.map((t) => t.slice(0, 4)));
  }
  expect([...values.values!].map(([name, v]) => [name, bitsField(v)])).toEqual(c.tensors.map((t) => [t[0], t[4]]));
}

const title = (c: Case) => `${c.file}: ${c.accept ? "accept" : `reject at line ${c.line} (${c.kind})`}`;

describe(".wts conformance corpus", () => {
  it("lists every file of test/wts-corpus", () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith(".wts"));
    expect(cases.map((c) => c.file).sort()).toEqual(files.sort());
    expect(files.length).toBeGreaterThanOrEqual(80);
    for (const f of shortHex.keys()) expect(files).toContain(f);
  });

  for (const c of cases) it(title(c), () => conforms(c, { allowShortHex: false }));
});

describe(".wts conformance corpus with allowShortHex (--allow-short-hex)", () => {
  for (const c of cases) {
    const s = shortHex.get(c.file) ?? c;
    it(title(s), () => conforms(s, { allowShortHex: true }));
  }
});
