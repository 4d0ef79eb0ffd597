// fast-check arbitraries for the fuzz targets: mutations of real seeds (fuzz/corpus.ts).
// An input is a seed plus a short list of mutation operations, each plain data
// with unbounded positions taken modulo the current size, so fast-check can
// shrink a failing input by dropping operations and making numbers smaller.
//
// Spec mutations work on lines and YAML scalars (deleted/duplicated/swapped/
// repeated lines, random or hostile scalars and keys, deep nesting, anchors and
// aliases, odd Unicode and control characters, truncation), then the text is
// encoded (UTF-8 mostly; UTF-16, a BOM or invalid UTF-8 sometimes). .wts
// mutations work on the bytes of lines and fields (header and counts, value
// tokens, blanks of every kind, long names, truncation, raw bytes).
import fc from "fast-check";
import YAML from "yaml";
import type { Corpus, SpecSeed } from "./corpus.js";
import type { CheckInput, CheckMode, WtsInput } from "./targets.js";

const pick = (n: number, at: number): number => (n === 0 ? 0 : at % n);

/** Scalars that have broken, or could break, a YAML reader or a validator. */
// prettier-ignore
const HOSTILE_SCALARS = [
  "0", "-1", "1", "2", "-0", "0.5", "1.5", "1e20", "8e+300", "-8e+300", ".inf", "-.inf", ".nan", "2147483647", "2147483648", "4294967296",
  "9007199254740993", "9223372036854775808", "1e-320", "0x10", "0o7", "1_000", "+1", "null", "~", "true", "yes", "''", '""', "[]", "{}", "[1, 2]",
  "[1, 3, 16, 16]", "[1, 2147483647, 2147483647]", "[0]", "[-1, 3]", "[1, 2, 3, 4, 5, 6, 7, 8, 9]", "[1.5, 2]", "[[1]]", "abc", '"a\\0b"',
  '"\\e[31m"', '"a\\x7fb"', "__proto__", "constructor", "toString", "hasOwnProperty", "x", "conv1", "relu", "custom", "float16", "float32", "int32",
  "bool", "string", '"\\uD800"', "\u202eevil", "é", "😀", "a b", "!!binary AAAA", "!!str 1", "!!int 3", "!!float 1", "!!set {a}", "!!omap [a: 1]",
  "!!js/function f", "!custom x", "*undefined", "&a 1", "? a", "|\n  text", ">-", "@", "`", "---", "...", "'a'#", "{a: 1, a: 2}", "[a, *b]",
] as const;

/** Keys besides those of the seeds: prototype names, merge keys, near-misses. */
const HOSTILE_KEYS = ["__proto__", "constructor", "prototype", "<<", '""', "? x", "valueOf", "name ", "Name", "NAME", "1", "null", "~", "[a]", "'op'"] as const;

const controlChar = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
const oddChar = fc.oneof(
  controlChar,
  fc.constantFrom("\u007f", "\u0085", "\u00a0", "\u2028", "\u2029", "\u200b", "\u202e", "\ufeff", "\ufffe", "\ud800", "\udfff", "😀", "é", "\u0301"),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
);
const oddText = fc.array(fc.oneof(oddChar, fc.string({ maxLength: 4 })), { maxLength: 6 }).map((a) => a.join(""));

const scalar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_SCALARS) },
  { weight: 2, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String) },
  { weight: 2, arbitrary: fc.double().map(String) },
  { weight: 2, arbitrary: oddText.map((s) => JSON.stringify(s)) },
  { weight: 1, arbitrary: oddText },
);

type SpecOp =
  | { op: "delete" | "duplicate" | "truncate"; at: number }
  | { op: "swap"; at: number; to: number }
  | { op: "repeat"; at: number; len: number; times: number }
  | { op: "scalar"; at: number; value: string }
  | { op: "key"; at: number; key: string }
  | { op: "insert"; at: number; seed: number; line: number }
  | { op: "indent"; at: number; delta: number }
  | { op: "nest"; at: number; depth: number; kind: "flow-seq" | "flow-map" | "block" }
  | { op: "alias"; at: number; to: number; name: string }
  | { op: "text"; at: number; pos: number; text: string };

const specOp = (keys: readonly string[]): fc.Arbitrary<SpecOp> => {
  const at = fc.nat();
  return fc.oneof(
    fc.record({ op: fc.constantFrom("delete", "duplicate", "truncate"), at }),
    fc.record({ op: fc.constant("swap"), at, to: fc.nat() }),
    fc.record({
      op: fc.constant("repeat"),
      at,
      len: fc.integer({ min: 1, max: 12 }),
      times: fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 2, max: 20 }) }, fc.integer({ min: 2, max: 300 })),
    }),
    { weight: 4, arbitrary: fc.record({ op: fc.constant("scalar"), at, value: scalar }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("key"), at, key: fc.oneof(fc.constantFrom(...keys), fc.constantFrom(...HOSTILE_KEYS), oddText) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("insert"), at, seed: fc.nat(), line: fc.nat() }) },
    fc.record({ op: fc.constant("indent"), at, delta: fc.integer({ min: -4, max: 4 }) }),
    fc
      .record({
        op: fc.constant("nest"),
        at,
        depth: fc.oneof(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 5000 })),
        kind: fc.constantFrom("flow-seq", "flow-map", "block"),
      })
      .map((o) => (o.kind === "block" ? { ...o, depth: Math.min(o.depth, 200) } : o)),
    fc.record({ op: fc.constant("alias"), at, to: fc.nat(), name: fc.constantFrom("a", "b", "x", "undefined") }),
    fc.record({
      op: fc.constant("text"),
      at,
      pos: fc.nat(),
      text: fc.oneof(oddText, fc.constantFrom(": ", "- ", "#", "&", "*", "!", "|", ">", "'", '"', "{", "[", "\t")),
    }),
  );
};

/** The value part of a YAML line: after "key: " or "- ", else the whole trimmed line. */
const VALUE = /^(\s*(?:- )?(?:[^\s:#][^:#]*:\s+)?)(.*)$/s;
const KEY = /^(\s*(?:- )?)([^\s:#][^:#]*)(:.*)$/s;

function applySpecOp(lines: string[], o: SpecOp, seeds: readonly SpecSeed[]): string[] {
  const n = lines.length;
  const i = pick(n, o.at);
  const line = lines[i] ?? "";
  const indentOf = (l: string) => l.length - l.trimStart().length;
  switch (o.op) {
    case "delete":
      return lines.filter((_, k) => k !== i);
    case "duplicate":
      return [...lines.slice(0, i + 1), line, ...lines.slice(i + 1)];
    case "truncate":
      return [...lines.slice(0, i), line.slice(0, Math.floor(line.length / 2))];
    case "swap": {
      const j = pick(n, o.to);
      const out = [...lines];
      [out[i], out[j]] = [out[j] ?? "", line];
      return out;
    }
    case "repeat": {
      const block = lines.slice(i, i + o.len);
      const out = lines.slice(0, i);
      for (let t = 0; t < o.times; t++) out.push(...block);
      return [...out, ...lines.slice(i + o.len)];
    }
    case "scalar": {
      const m = VALUE.exec(line)!;
      return [...lines.slice(0, i), `${m[1]}${o.value}`, ...lines.slice(i + 1)];
    }
    case "key": {
      const m = KEY.exec(line);
      const replaced = m ? `${m[1]}${o.key}${m[3]}` : `${" ".repeat(indentOf(line))}${o.key}: ${line.trim()}`;
      return [...lines.slice(0, i), replaced, ...lines.slice(i + 1)];
    }
    case "insert": {
      const from = seeds[pick(seeds.length, o.seed)]!.spec.split("\n");
      return [...lines.slice(0, i), from[pick(from.length, o.line)] ?? "", ...lines.slice(i)];
    }
    case "indent": {
      const changed = o.delta >= 0 ? " ".repeat(o.delta) + line : line.slice(Math.min(-o.delta, indentOf(line)));
      return [...lines.slice(0, i), changed, ...lines.slice(i + 1)];
    }
    case "nest": {
      const m = VALUE.exec(line)!;
      const inner = m[2] === "" ? "1" : m[2];
      if (o.kind === "block") {
        const pad = " ".repeat(indentOf(line) + 2);
        const nested = Array.from({ length: o.depth }, (_, d) => `${pad}${"  ".repeat(d)}k${d}:`);
        return [...lines.slice(0, i + 1), ...nested, `${pad}${"  ".repeat(o.depth)}v: ${inner}`, ...lines.slice(i + 1)];
      }
      const [open, close] = o.kind === "flow-seq" ? ["[", "]"] : ["{k: ", "}"];
      return [...lines.slice(0, i), `${m[1]}${open.repeat(o.depth)}${inner}${close.repeat(o.depth)}`, ...lines.slice(i + 1)];
    }
    case "alias": {
      const j = pick(n, o.to);
      const out = [...lines];
      const m = VALUE.exec(line)!;
      if (o.name !== "undefined") out[i] = `${m[1]}&${o.name} ${m[2]}`;
      const t = VALUE.exec(out[j] ?? "")!;
      out[j] = `${t[1]}*${o.name}`;
      return out;
    }
    case "text": {
      const p = pick(line.length + 1, o.pos);
      return [...lines.slice(0, i), line.slice(0, p) + o.text + line.slice(p), ...lines.slice(i + 1)];
    }
  }
}

type Encoding = "utf8" | "utf8-bom" | "utf16le" | "utf16be" | "latin1" | "invalid-utf8";

function encode(text: string, enc: Encoding, at: number): Uint8Array {
  switch (enc) {
    case "utf8":
      return new Uint8Array(Buffer.from(text, "utf8"));
    case "utf8-bom":
      return new Uint8Array(Buffer.from(`\ufeff${text}`, "utf8"));
    case "utf16le":
      return new Uint8Array(Buffer.from(`\ufeff${text}`, "utf16le"));
    case "utf16be":
      return new Uint8Array(Buffer.from(`\ufeff${text}`, "utf16le").swap16());
    case "latin1":
      return new Uint8Array(Buffer.from(text, "latin1"));
    case "invalid-utf8": {
      const b = Buffer.from(text, "utf8");
      const p = pick(b.length + 1, at);
      return new Uint8Array(Buffer.concat([b.subarray(0, p), Buffer.from([0xff, 0xc3]), b.subarray(p)]));
    }
  }
}

const encoding: fc.Arbitrary<Encoding> = fc.oneof(
  { weight: 20, arbitrary: fc.constant("utf8" as const) },
  { weight: 1, arbitrary: fc.constantFrom("utf8-bom", "utf16le", "utf16be", "latin1", "invalid-utf8") },
);

/** Every key of every seed spec, for key replacements. */
const seedKeys = (seeds: readonly SpecSeed[]): string[] => {
  const keys = new Set<string>();
  for (const s of seeds)
    for (const l of s.spec.split("\n")) {
      const m = KEY.exec(l);
      if (m) keys.add(m[2]!.trim());
    }
  return [...keys].sort();
};

/** A value of a spec: what YAML gives a spec after parsing. */
type Value = null | boolean | number | bigint | string | Value[] | { [key: string]: Value };

/** Data mutations: on the parsed spec, written back as YAML, so that they reach what comes after the parser. */
type DataOp =
  | { op: "set"; at: number; value: Value }
  | { op: "add"; at: number; key: string; value: Value }
  | { op: "delete"; at: number }
  | { op: "graft"; at: number; seed: number; from: number }
  | { op: "duplicate-item" | "delete-item"; at: number }
  | { op: "swap-items"; at: number; to: number };

const isObject = (v: Value | undefined): v is { [key: string]: Value } => typeof v === "object" && v !== null && !Array.isArray(v);
type Slot = { parent: Value[] | { [key: string]: Value }; key: string | number };

/** Every place in a value, parents before children. */
function slots(root: Value): Slot[] {
  const out: Slot[] = [];
  const stack: Value[] = [root];
  while (stack.length > 0) {
    const v = stack.pop()!;
    const children: [string | number, Value][] = Array.isArray(v) ? v.map((c, i) => [i, c]) : isObject(v) ? Object.entries(v) : [];
    for (const [key, c] of children) {
      out.push({ parent: v as Slot["parent"], key });
      stack.push(c);
    }
  }
  return out;
}

const get = (s: Slot): Value => (s.parent as Record<string | number, Value>)[s.key]!;
const put = (s: Slot, v: Value): void => {
  (s.parent as Record<string | number, Value>)[s.key] = v;
};

function applyDataOp(root: Value, o: DataOp, parsed: readonly Value[]): void {
  const all = slots(root);
  const slot = all[pick(all.length, o.at)];
  if (slot === undefined) return;
  const lists = all.filter((x) => Array.isArray(get(x))).map((x) => get(x) as Value[]);
  const list = lists[pick(lists.length, o.at)];
  switch (o.op) {
    case "set":
      return put(slot, o.value);
    case "add": {
      const maps = all.map(get).filter(isObject);
      const m = maps[pick(maps.length, o.at)];
      if (m !== undefined) Object.defineProperty(m, o.key, { value: o.value, enumerable: true, writable: true, configurable: true });
      return;
    }
    case "delete":
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key];
      return;
    case "graft": {
      const other = parsed[pick(parsed.length, o.seed)]!;
      const from = slots(other);
      const f = from[pick(from.length, o.from)];
      if (f !== undefined) put(slot, structuredClone(get(f)));
      return;
    }
    case "duplicate-item":
      if (list !== undefined && list.length > 0) list.splice(pick(list.length, o.at), 0, structuredClone(list[pick(list.length, o.at)]!));
      return;
    case "delete-item":
      if (list !== undefined && list.length > 0) list.splice(pick(list.length, o.at), 1);
      return;
    case "swap-items":
      if (list !== undefined && list.length > 1) {
        const i = pick(list.length, o.at);
        const j = pick(list.length, o.to);
        [list[i], list[j]] = [list[j]!, list[i]!];
      }
      return;
  }
}

/** Names, ops and strings of the seeds: values that make references and ops valid, or almost. */
function seedStrings(parsed: readonly Value[]): string[] {
  const out = new Set<string>();
  for (const p of parsed) for (const s of slots(p)) if (typeof get(s) === "string" && (get(s) as string).length < 64) out.add(get(s) as string);
  return [...out].sort();
}

const dataValue = (strings: readonly string[]): fc.Arbitrary<Value> =>
  fc.letrec<{ v: Value }>((tie) => ({
    v: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { weight: 4, arbitrary: fc.constantFrom(...strings) },
      { weight: 4, arbitrary: fc.integer({ min: -2, max: 64 }) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(0, -1, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53 + 2, 2 ** 63, 1e20, 8e300, -0, 0.5, 1e-320, NaN, Infinity, -Infinity),
      },
      { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }) },
      { weight: 1, arbitrary: fc.constantFrom(null, true, false, "", "__proto__", "float16", "int32", "string", "bool") },
      { weight: 1, arbitrary: oddText },
      { weight: 3, arbitrary: fc.array(fc.integer({ min: -1, max: 64 }), { maxLength: 9 }) },
      { weight: 1, arbitrary: fc.array(tie("v"), { maxLength: 3 }) },
      { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...strings), oddText), tie("v"), { maxKeys: 3 }) },
    ),
  })).v;

const dataOp = (strings: readonly string[], keys: readonly string[]): fc.Arbitrary<DataOp> => {
  const at = fc.nat();
  const value = dataValue(strings);
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ op: fc.constant("set"), at, value }) },
    {
      weight: 2,
      arbitrary: fc.record({ op: fc.constant("add"), at, key: fc.oneof(fc.constantFrom(...keys), fc.constantFrom(...HOSTILE_KEYS), oddText), value }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("delete"), at }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("graft"), at, seed: fc.nat(), from: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constantFrom("duplicate-item", "delete-item"), at }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("swap-items"), at, to: fc.nat() }) },
  );
};

/** How a mutated spec is written back: YAML's own styles. */
const yamlStyle = fc.record({
  collectionStyle: fc.constantFrom("any", "block", "flow") as fc.Arbitrary<"any" | "block" | "flow">,
  defaultStringType: fc.constantFrom("PLAIN", "QUOTE_DOUBLE", "QUOTE_SINGLE") as fc.Arbitrary<"PLAIN" | "QUOTE_DOUBLE" | "QUOTE_SINGLE">,
  indent: fc.integer({ min: 1, max: 4 }),
});

const fewOps = <T>(op: fc.Arbitrary<T>): fc.Arbitrary<T[]> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.array(op, { minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.array(op, { maxLength: 3 }) },
    fc.array(op, { maxLength: 6 }),
  );

/** A mutated spec text of one of the seeds; `seed` picks it. Mostly data mutations, written back as YAML; text mutations a third of the time. */
export function specText(corpus: Corpus): fc.Arbitrary<{ seed: SpecSeed; text: string }> {
  const seeds = corpus.specs;
  const parsed = seeds.map((s) => {
    try {
      return YAML.parse(s.spec, { logLevel: "silent" }) as Value;
    } catch {
      return null;
    }
  });
  const keys = seedKeys(seeds);
  const text = fc.record({ seed: fc.nat(), ops: fewOps(specOp(keys)) }).map(({ seed, ops }) => {
    const s = seeds[pick(seeds.length, seed)]!;
    let lines = s.spec.split("\n");
    for (const o of ops) lines = applySpecOp(lines, o, seeds);
    return { seed: s, text: lines.join("\n") };
  });
  const data = fc.record({ seed: fc.nat(), ops: fewOps(dataOp(seedStrings(parsed), keys)), style: yamlStyle }).map(({ seed, ops, style }) => {
    const i = pick(seeds.length, seed);
    const root = structuredClone(parsed[i]!);
    for (const o of ops) applyDataOp(root, o, parsed);
    return { seed: seeds[i]!, text: YAML.stringify(root, { ...style, lineWidth: 0 }) };
  });
  return fc.oneof({ weight: 2, arbitrary: data }, { weight: 1, arbitrary: text });
}

type WtsOp =
  | { op: "delete" | "duplicate"; at: number }
  | { op: "swap"; at: number; to: number }
  | { op: "field"; at: number; field: number; value: string }
  | { op: "bytes"; pos: number; bytes: number[] }
  | { op: "truncate"; pos: number }
  | { op: "long-name"; at: number; len: number }
  | { op: "typed" | "crlf" | "no-final-newline" };

/** Tokens that are almost, or just not, what a field of a .wts line may hold. */
// prettier-ignore
const WTS_TOKENS = [
  "0", "1", "2", "3", "-1", "+3", "0x10", "1e3", "00000000000000000000003", "1152921504606846976", "1152921504606846977", "99999999999999999999999",
  "", "3f800000", "3F800000", "3f8000000", "3f80000", "3f0", "g", "7fc00000", "7f800000", "ffffffff", "0x3f", "3f80_0000", "3c00", "7e00", "ffff",
  "fffff", "name", "a b", "é", "😀",
] as const;
const blankByte = fc.constantFrom(0x20, 0x09, 0x0d, 0x0a, 0x0b, 0x0c, 0x00, 0xa0, 0xff, 0x1b, 0x7f);

const wtsOp: fc.Arbitrary<WtsOp> = fc.oneof(
  fc.record({ op: fc.constantFrom("delete", "duplicate"), at: fc.nat() }),
  fc.record({ op: fc.constant("swap"), at: fc.nat(), to: fc.nat() }),
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant("field"),
      at: fc.nat(),
      field: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.nat()),
      value: fc.oneof(fc.constantFrom(...WTS_TOKENS), fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String), fc.stringMatching(/^[0-9a-fA-F]{0,12}$/), oddText),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("bytes"),
      pos: fc.nat(),
      bytes: fc.array(fc.oneof(blankByte, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
    }),
  },
  fc.record({ op: fc.constant("truncate"), pos: fc.nat() }),
  fc.record({ op: fc.constant("long-name"), at: fc.nat(), len: fc.oneof(fc.constantFrom(65535, 65536, 65537, 65792), fc.integer({ min: 1, max: 70000 })) }),
  fc.record({ op: fc.constantFrom("typed", "crlf", "no-final-newline") }),
);

/** Applies one operation to a .wts held as a latin1 string (one character per byte). */
function applyWtsOp(text: string, o: WtsOp): string {
  const lines = text.split("\n");
  const n = lines.length;
  const at = "at" in o ? pick(n, o.at) : 0;
  const line = lines[at] ?? "";
  const put = (l: string) => [...lines.slice(0, at), l, ...lines.slice(at + 1)].join("\n");
  switch (o.op) {
    case "delete":
      return lines.filter((_, k) => k !== at).join("\n");
    case "duplicate":
      return [...lines.slice(0, at + 1), line, ...lines.slice(at + 1)].join("\n");
    case "swap": {
      const j = pick(n, o.to);
      const out = [...lines];
      [out[at], out[j]] = [out[j] ?? "", line];
      return out.join("\n");
    }
    case "field": {
      const fields = line.split(" ");
      fields[pick(fields.length + 1, o.field)] = Buffer.from(o.value, "utf8").toString("latin1");
      return put(fields.join(" "));
    }
    case "bytes": {
      const p = pick(text.length + 1, o.pos);
      return text.slice(0, p) + String.fromCharCode(...o.bytes) + text.slice(p);
    }
    case "truncate":
      return text.slice(0, pick(text.length + 1, o.pos));
    case "long-name": {
      const fields = line.split(" ");
      fields[0] = "n".repeat(o.len);
      return put(fields.join(" "));
    }
    case "typed":
      return lines.map((l, k) => (k === 0 || l.trim() === "" ? l : l.replace(/^(\S+)/, "$1 0"))).join("\n");
    case "crlf":
      return text.replace(/\n/g, "\r\n");
    case "no-final-newline":
      return text.replace(/\n+$/, "");
  }
}

const mutateWts = (bytes: Uint8Array, ops: readonly WtsOp[]): Uint8Array => {
  let text = Buffer.from(bytes).toString("latin1");
  for (const o of ops) text = applyWtsOp(text, o);
  return new Uint8Array(Buffer.from(text, "latin1"));
};

const wtsOps = fc.array(wtsOp, { maxLength: 5 });

/** Inputs of the .wts scanner target. */
export function wtsInputs(corpus: Corpus): fc.Arbitrary<WtsInput> {
  const seeds = corpus.wts;
  return fc.record({ seed: fc.nat(), ops: wtsOps }).map(({ seed, ops }) => ({ bytes: mutateWts(seeds[pick(seeds.length, seed)]!.bytes, ops) }));
}

/** Inputs of the check target: a mutated spec, alone or with its own, another or no .wts (each maybe mutated). */
export function checkInputs(corpus: Corpus): fc.Arbitrary<CheckInput> {
  const wtsChoice = fc.oneof(
    { weight: 3, arbitrary: fc.constant({ which: "none" as const }) },
    { weight: 4, arbitrary: fc.record({ which: fc.constant("own" as const), ops: fc.oneof(fc.constant([]), wtsOps) }) },
    { weight: 1, arbitrary: fc.record({ which: fc.constant("other" as const), seed: fc.nat(), ops: wtsOps }) },
  );
  return fc
    .record({
      spec: specText(corpus),
      enc: encoding,
      encAt: fc.nat(),
      wts: wtsChoice,
      deep: fc.boolean(),
      mode: fc.constantFrom<CheckMode>("json", "text", "dump-ir"),
    })
    .map(({ spec, enc, encAt, wts, deep, mode }) => {
      const input: CheckInput = { spec: encode(spec.text, enc, encAt), deep, mode };
      if (wts.which === "own" && spec.seed.wts !== undefined) input.wts = mutateWts(spec.seed.wts, wts.ops);
      else if (wts.which === "other") input.wts = mutateWts(corpus.wts[pick(corpus.wts.length, wts.seed)]!.bytes, wts.ops);
      return input;
    });
}
