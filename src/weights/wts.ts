// The TypeScript reader of .wts weight files. The format, its two variants,
// the limits and the error kinds are specified in docs/wts.md; every reader
// (this one, cpp-runtime/weights.cpp, python/trtgen_export/wts.py) runs the
// conformance corpus in test/wts-corpus.
//
// One scanner, three depths, sharing the line/header parser and the value
// tokenizer so they cannot disagree:
//   - header scan (default; `trtgen check` / `emit`): names, counts, lines. A
//     line whose length is exactly what `count` canonical tokens take (" " + 8
//     or 4 hex digits, plus trailing blanks) is skipped at memchr speed; any
//     other line is tokenized, so a count that lies about the line is caught.
//     The spelling of each value is not checked on canonical-length lines.
//   - `deep`: every value token of every line is tokenized and validated.
//   - `values` (`trtgen simulate`): as deep, and every value is decoded into
//     float32 bit patterns (float16 widened exactly), in the same single pass.
// Time is O(file size); without `values` memory is constant.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { fileKind } from "../io/output.js";
import { escapeControl, hasControlChar } from "../ir/limits.js";
import { widenHalfBits } from "./half.js";

/** docs/wts.md "Variants". */
export type WtsVariant = "untyped" | "typed";
export type WtsDtype = "float32" | "float16";

/** docs/wts.md "Errors": the same names in every reader. */
export type WtsErrorKind =
  | "empty-file"
  | "bad-header"
  | "number-too-large"
  | "tensor-count"
  | "name-too-long"
  | "bad-name"
  | "duplicate-name"
  | "bad-type"
  | "bad-count"
  | "value-count"
  | "bad-value";

export interface WtsTensor {
  name: string;
  /** Number of values the line declares. */
  count: number;
  dtype: WtsDtype;
  /** 1-based line number. */
  line: number;
}

export interface WtsProblem {
  line: number;
  kind: WtsErrorKind;
  tensor?: string;
  reason: string;
  hint?: string;
}

export interface WtsHeader {
  path: string;
  /** undefined for a file without tensor lines. */
  variant: WtsVariant | undefined;
  /** The count on the header line, or undefined if it could not be read. */
  declared: number | undefined;
  tensors: Map<string, WtsTensor>;
  /** In file order; problems[0] is the error every reader reports first. */
  problems: WtsProblem[];
  bytes: number;
  /** With `values`: each tensor's values (float16 widened), for tensors whose line has no problem. */
  values?: Map<string, Float32Array>;
}

export class WtsIOError extends Error {
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** docs/wts.md "Limits". */
export const WTS_MAX_NUMBER = 2n ** 60n;
export const WTS_MAX_NAME_BYTES = 1 << 16;

/** The UTF-8 sequence length at b[i] (1 to 4), or 0 where no valid sequence starts (overlong, surrogate, past U+10FFFF, cut). */
function utf8Length(b: Uint8Array, i: number, end: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) n = 2;
  else if (c === 0xe0) [n, lo] = [3, 0xa0];
  else if (c === 0xed) [n, hi] = [3, 0x9f];
  else if (c >= 0xe1 && c <= 0xef) n = 3;
  else if (c === 0xf0) [n, lo] = [4, 0x90];
  else if (c === 0xf4) [n, hi] = [4, 0x8f];
  else if (c >= 0xf1 && c <= 0xf3) n = 4;
  else return 0;
  if (i + n > end || b[i + 1]! < lo || b[i + 1]! > hi) return 0;
  for (let k = 2; k < n; k++) if (b[i + k]! < 0x80 || b[i + k]! > 0xbf) return 0;
  return n;
}

/**
 * Bytes as quoted in messages (docs/wts.md "Errors"): UTF-8 text as escapeControl shows it (a control
 * character as \xNN or \u00NN, a byte-order mark as \ufeff); a byte that is not part of valid UTF-8 as \xNN.
 */
export function escapeBytes(b: Uint8Array, start = 0, end = b.length): string {
  let out = "";
  let run = start; // start of the valid UTF-8 not yet written
  const flush = (to: number) => {
    if (to > run) out += escapeControl(Buffer.from(b.buffer, b.byteOffset + run, to - run).toString("utf8"));
  };
  for (let i = start; i < end;) {
    const n = utf8Length(b, i, end);
    if (n > 0) {
      i += n;
      continue;
    }
    flush(i);
    out += `\\x${b[i]!.toString(16).padStart(2, "0")}`;
    run = ++i;
  }
  flush(end);
  return out;
}

/**
 * docs/wts.md "Names": why the bytes `b[start, end)` cannot be a tensor name (too long,
 * not UTF-8, a control character, a blank), or undefined. Readers report `kind`; writers refuse the name.
 */
export function wtsNameProblem(b: Uint8Array, start = 0, end = b.length): { kind: "name-too-long" | "bad-name"; reason: string } | undefined {
  if (end - start > WTS_MAX_NAME_BYTES) return { kind: "name-too-long", reason: `tensor name is longer than ${WTS_MAX_NAME_BYTES} bytes` };
  if (end === start) return { kind: "bad-name", reason: "tensor name is empty" };
  for (let i = start; i < end;) {
    const n = utf8Length(b, i, end);
    if (n === 0) return { kind: "bad-name", reason: `tensor name is not valid UTF-8 (byte ${i - start + 1} is 0x${b[i]!.toString(16).padStart(2, "0")})` };
    const c = b[i]!;
    if (n === 1 && (isBlank(c) || c === NL)) return { kind: "bad-name", reason: "tensor name contains whitespace (a .wts line is split at blanks)" };
    const cp = n === 1 ? c : n === 2 ? ((c & 0x1f) << 6) | (b[i + 1]! & 0x3f) : 0xa0;
    if (hasControlChar(String.fromCharCode(cp))) return { kind: "bad-name", reason: `tensor name contains the control character ${escapeBytes(b, i, i + n)}` };
    i += n;
  }
  return undefined;
}

const CHUNK = 1 << 22;
/** Header bytes kept per line: the longest name plus the type and count fields. */
const HEAD_MAX = WTS_MAX_NAME_BYTES + 256;
const NL = 0x0a;
/** The blanks of docs/wts.md: space, tab, CR (not VT or FF). */
const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d;
const HEXVAL = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEXVAL[0x30 + i] = i;
for (let i = 0; i < 6; i++) HEXVAL[0x61 + i] = HEXVAL[0x41 + i] = 10 + i;
const MAX_PROBLEMS = 100;
const DECIMAL = /^[0-9]+$/;
const SHOWN = 40;

interface Token {
  text: string;
  start: number;
  end: number;
}

/** Splits the first `max` blank-separated tokens of a header buffer. */
function tokens(head: Buffer, len: number, max: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (out.length < max) {
    while (i < len && isBlank(head[i]!)) i++;
    if (i >= len) break;
    const s = i;
    while (i < len && !isBlank(head[i]!)) i++;
    out.push({ text: head.toString("utf8", s, i), start: s, end: i });
  }
  return out;
}

/** Bytes as quoted in messages: the first 40 bytes escaped (escapeBytes), "..." when longer. */
function shown(b: Uint8Array, start: number, end: number): string {
  return escapeBytes(b, start, Math.min(end, start + SHOWN)) + (end - start > SHOWN ? "..." : "");
}

/**
 * docs/wts.md "Variants": given the two fields after the first tensor's name and
 * whether more follow, the file is typed iff they are "0"/"1" and a decimal
 * number, except "name 1 V" alone (an untyped one-value tensor whose value looks decimal).
 */
export function isTypedLine(a: string | undefined, b: string | undefined, more: boolean): boolean {
  return a !== undefined && b !== undefined && (a === "0" || a === "1") && DECIMAL.test(b) && !(a === "1" && !more);
}

export interface ScanOptions {
  /** Validate every value token (`trtgen check --deep`). */
  deep?: boolean;
  /** Also decode every value into `values` (implies deep). */
  values?: boolean;
  /** Accept value tokens shorter than 8 (float32) / 4 (float16) hex digits: hand-written files (`--allow-short-hex`, docs/wts.md "Values"). */
  allowShortHex?: boolean;
}

export function scanWts(path: string, opts: ScanOptions = {}): WtsHeader {
  let fd: number;
  try {
    // non-blocking, so that opening a FIFO does not wait for a writer; reads of regular files are unaffected
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new WtsIOError(path, err.code, err.code === "ENOENT" ? "no such file" : err.message);
  }
  try {
    const st = fstatSync(fd);
    // /dev/zero, a FIFO or a folder would be read forever, block, or fail midway
    if (!st.isFile()) throw new WtsIOError(path, st.isDirectory() ? "EISDIR" : "ENOTREG", `is ${fileKind(st)}, not a .wts file`);
    return new Scanner(fd, path, st.size, opts).run();
  } finally {
    closeSync(fd);
  }
}

/** What the value tokenizer found on one line. */
interface ValueScan {
  /** Number of value tokens (counting stops at the first bad one). */
  found: number;
  /** `short`: a run of hex digits shorter than the value's width (a cut or hand-written file). */
  bad?: { index: number; text: string; short: boolean };
}

class Scanner {
  private readonly header: WtsHeader;
  private readonly buf = Buffer.allocUnsafe(CHUNK);
  private readonly scratch = Buffer.allocUnsafe(1 << 20);
  private readonly head = Buffer.allocUnsafe(HEAD_MAX);
  private readonly deep: boolean;
  private readonly decode: boolean;
  private readonly allowShort: boolean;
  private headLen = 0;
  private line = 1;
  private lineStart = 0;
  private tensorLines = 0;
  private sawHeader = false;
  private headerOk = false;

  constructor(
    private readonly fd: number,
    path: string,
    private readonly size: number,
    opts: ScanOptions,
  ) {
    this.decode = opts.values ?? false;
    this.deep = this.decode || (opts.deep ?? false);
    this.allowShort = opts.allowShortHex ?? false;
    this.header = { path, variant: undefined, declared: undefined, tensors: new Map(), problems: [], bytes: 0 };
    if (this.decode) this.header.values = new Map();
  }

  private problem(kind: WtsErrorKind, reason: string, extra: { tensor?: string; hint?: string; line?: number } = {}): void {
    const p: WtsProblem = { line: extra.line ?? this.line, kind, reason };
    if (extra.tensor !== undefined) p.tensor = extra.tensor;
    if (extra.hint !== undefined) p.hint = extra.hint;
    if (this.header.problems.length < MAX_PROBLEMS) this.header.problems.push(p);
  }

  run(): WtsHeader {
    let fileOffset = 0;
    for (;;) {
      const n = readSync(this.fd, this.buf, 0, CHUNK, fileOffset);
      if (n === 0) break;
      let pos = 0;
      while (pos < n) {
        const nl = this.buf.indexOf(NL, pos);
        const end = nl === -1 || nl >= n ? n : nl;
        if (this.headLen < HEAD_MAX && end > pos) {
          const take = Math.min(end - pos, HEAD_MAX - this.headLen);
          this.buf.copy(this.head, this.headLen, pos, pos + take);
          this.headLen += take;
        }
        if (end === n) {
          pos = n;
          break;
        }
        this.finishLine(fileOffset + nl);
        this.line++;
        this.lineStart = fileOffset + nl + 1;
        this.headLen = 0;
        pos = nl + 1;
      }
      fileOffset += n;
    }
    this.header.bytes = fileOffset;
    if (fileOffset > this.lineStart) this.finishLine(fileOffset); // no final newline
    this.finish();
    return this.header;
  }

  private headerLine(t: Token[]): void {
    const h = this.header;
    this.sawHeader = true;
    const hint = "a .wts file starts with a line holding only the tensor count; regenerate it with trtgen-export weights";
    const first = t[0]!.text;
    if (!DECIMAL.test(first)) {
      this.problem("bad-header", `bad header: expected the tensor count, got '${this.shownTok(t[0]!)}'`, { hint });
    } else if (BigInt(first) > WTS_MAX_NUMBER) {
      this.problem("number-too-large", `bad header: tensor count '${this.shownTok(t[0]!)}' is too large`, {
        hint: "the count on the first line is corrupt; re-export the file",
      });
    } else if (t.length > 1) {
      this.problem("bad-header", `bad header: unexpected '${this.shownTok(t[1]!)}' after the tensor count`, { hint });
    } else {
      h.declared = Number(first);
      this.headerOk = true;
    }
  }

  private finishLine(lineEnd: number): void {
    const h = this.header;
    const t = tokens(this.head, this.headLen, 4);
    if (t.length === 0) return; // blank lines are ignored anywhere
    if (!this.sawHeader) return this.headerLine(t);
    this.tensorLines++;
    const nameTok = t[0]!;
    // as messages show it: escaped, and cut short when it is too long to be a name
    const name = nameTok.end - nameTok.start > WTS_MAX_NAME_BYTES ? this.shownTok(nameTok) : escapeBytes(this.head, nameTok.start, nameTok.end);
    if (this.headerOk && this.tensorLines === h.declared! + 1) {
      this.problem("tensor-count", `header declares ${h.declared} tensors but the file has more tensor lines`, {
        tensor: name,
        hint: "fix the count on the first line, or remove the extra lines",
      });
    }
    const bad = wtsNameProblem(this.head, nameTok.start, nameTok.end);
    if (bad !== undefined) {
      return this.problem(bad.kind, bad.reason, {
        tensor: name,
        hint: bad.kind === "bad-name" ? "tensor names are UTF-8 without control characters; rename the tensor and export again" : undefined,
      });
    }
    // a valid name: messages quote it escaped (`name`: a byte-order mark as \ufeff), the file's name is the key
    const key = nameTok.text;
    const prev = h.tensors.get(key);
    if (prev !== undefined) {
      return this.problem("duplicate-name", `duplicate tensor name (first defined on line ${prev.line})`, {
        tensor: name,
        hint: "tensor names must be unique",
      });
    }
    h.variant ??= isTypedLine(t[1]?.text, t[2]?.text, t.length > 3) ? "typed" : "untyped";
    const typed = h.variant === "typed";
    let dtype: WtsDtype = "float32";
    if (typed) {
      const ty = t[1];
      if (ty === undefined) return this.problem("bad-type", "missing type field", { tensor: name });
      if (ty.text !== "0" && ty.text !== "1") {
        return this.problem("bad-type", `bad type field '${this.shownTok(ty)}' (expected 0 = float32 or 1 = float16)`, {
          tensor: name,
          hint: "every line of a typed file is 'name type count values...'",
        });
      }
      if (ty.text === "1") dtype = "float16";
    }
    const countTok = typed ? t[2] : t[1];
    if (countTok === undefined) return this.problem("bad-count", "missing value count", { tensor: name });
    if (!DECIMAL.test(countTok.text)) {
      return this.problem("bad-count", `value count '${this.shownTok(countTok)}' is not a positive integer`, { tensor: name });
    }
    if (BigInt(countTok.text) > WTS_MAX_NUMBER) {
      return this.problem("number-too-large", `value count '${this.shownTok(countTok)}' is too large`, { tensor: name });
    }
    const count = Number(countTok.text);
    if (count === 0) return this.problem("bad-count", `value count must be a positive integer, got '${this.shownTok(countTok)}'`, { tensor: name });
    const valuesStart = this.lineStart + countTok.end;
    // every value needs a blank and a digit
    if (count > Math.floor((this.size - valuesStart) / 2)) {
      return this.problem("value-count", `value count ${count} is larger than the rest of the file can hold`, {
        tensor: name,
        hint: "the file looks truncated or the count is wrong; re-export it",
      });
    }
    const tensor: WtsTensor = { name: key, count, dtype, line: this.line };
    h.tensors.set(key, tensor);
    const half = dtype === "float16";
    const out = this.decode ? new Uint32Array(count) : undefined;
    const r = this.deep || !this.provenByLength(valuesStart, lineEnd, count, half) ? this.scanValues(valuesStart, lineEnd, count, half, out) : undefined;
    if (r?.bad !== undefined) {
      const width = half ? 4 : 8;
      return this.problem(
        "bad-value",
        `value ${r.bad.index + 1} '${r.bad.text}' is not a ${half ? "float16" : "float32"} (${this.allowShort ? "1 to " : ""}${width} hex digits)`,
        {
          tensor: name,
          hint: r.bad.short
            ? `every writer writes ${width} digits: the file is cut short, or hand-written (then --allow-short-hex reads shorter values, zero-extended on the left)`
            : "values are big-endian IEEE-754 bit patterns in hex; re-export the file",
        },
      );
    }
    if (r !== undefined && r.found !== count) {
      return this.problem("value-count", `expected ${count} values, line has ${r.found}`, {
        tensor: name,
        hint: r.found < count ? "the file looks truncated or the count is wrong; re-export it" : "the count is wrong; re-export the file",
      });
    }
    if (out !== undefined) h.values!.set(key, new Float32Array(out.buffer));
  }

  /** True when the line's length is exactly what `count` canonical tokens (plus trailing blanks) take. */
  private provenByLength(valuesStart: number, end: number, count: number, half: boolean): boolean {
    // gen_wts.py writes two blanks after the count: skip the blanks before the first value
    let first = valuesStart - this.lineStart;
    while (first < this.headLen && isBlank(this.head[first]!)) first++;
    if (first >= this.headLen && this.headLen >= HEAD_MAX) return false;
    const len = Math.max(0, end - (this.lineStart + first));
    const canonical = count * ((half ? 4 : 8) + 1) - 1;
    if (len === canonical) return true;
    return len > canonical && len - canonical <= 64 && this.allBlank(end - (len - canonical), end);
  }

  private allBlank(from: number, to: number): boolean {
    const n = readSync(this.fd, this.scratch, 0, to - from, from);
    for (let i = 0; i < n; i++) if (!isBlank(this.scratch[i]!)) return false;
    return true;
  }

  /**
   * The value tokenizer of every depth: splits [start, end) at blanks, validates
   * the first `count` tokens (8, or 4 for float16, hex digits; with allowShortHex 1 to 8 / 4), stops at the
   * first bad one, counts the rest, and with `out` stores float32 bit patterns.
   */
  private scanValues(start: number, end: number, count: number, half: boolean, out: Uint32Array | undefined): ValueScan {
    const width = half ? 4 : 8;
    const minDigits = this.allowShort ? 1 : width;
    let found = 0;
    let inTok = false;
    let digits = 0;
    let ok = true;
    let bits = 0;
    let tokStart = 0;
    for (let off = start; off < end;) {
      const n = readSync(this.fd, this.scratch, 0, Math.min(this.scratch.length, end - off), off);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        const c = this.scratch[i]!;
        if (isBlank(c)) {
          if (!inTok) continue;
          inTok = false;
          if (found < count) {
            if (!ok || digits > width || digits < minDigits)
              return { found, bad: { index: found, text: this.tokenText(tokStart, off + i), short: ok && digits < width } };
            if (out !== undefined) out[found] = half ? widenHalfBits(bits) : bits >>> 0;
          }
          found++;
          continue;
        }
        if (!inTok) {
          inTok = true;
          digits = 0;
          ok = true;
          bits = 0;
          tokStart = off + i;
        }
        digits++;
        const v = HEXVAL[c]!;
        if (v < 0) ok = false;
        else if (digits <= width) bits = bits * 16 + v;
      }
      off += n;
    }
    if (inTok) {
      if (found < count) {
        if (!ok || digits > width || digits < minDigits)
          return { found, bad: { index: found, text: this.tokenText(tokStart, end), short: ok && digits < width } };
        if (out !== undefined) out[found] = half ? widenHalfBits(bits) : bits >>> 0;
      }
      found++;
    }
    return { found };
  }

  private shownTok(t: Token): string {
    return shown(this.head, t.start, t.end);
  }

  private tokenText(from: number, to: number): string {
    const b = Buffer.allocUnsafe(Math.min(to - from, SHOWN + 1));
    // shown() adds "..." past SHOWN bytes: the one extra byte read says whether there is more
    const n = readSync(this.fd, b, 0, b.length, from);
    return shown(b, 0, Math.min(n, to - from));
  }

  private finish(): void {
    const h = this.header;
    if (!this.sawHeader) {
      this.problem("empty-file", h.bytes === 0 ? "empty file (expected the tensor count on the first line)" : "the file holds only blank lines", {
        line: 1,
        hint: "a .wts file starts with the tensor count; re-export it",
      });
      return;
    }
    if (this.headerOk && this.tensorLines < h.declared!) {
      this.problem("tensor-count", `unexpected end of file: header declares ${h.declared} tensors, found ${this.tensorLines}`, {
        hint: "the file may be truncated; copy or export it again, or fix the count on the first line",
      });
    }
  }
}
