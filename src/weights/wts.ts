// Streaming reader for .wts files.
//
//   <N>\n
//   <name> <count> <hex> <hex> ...\n          (tensorrtx)
//   <name> <type> <count> <hex> <hex> ...\n   (typed variant; type 0 = float32, 1 = float16)
//
// By default only names and counts are read: each line's header tokens are
// parsed and the rest of the line is skipped with memchr-speed newline search,
// so time is O(file size) and memory is constant. A line whose length is not
// exactly what `count` canonical tokens (" " + 8 or 4 hex digits) take is
// re-scanned token by token, so a count that lies is always caught. `deep`
// re-scans and validates every token of every line.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

export type WtsFormat = "plain" | "typed";

export interface WtsTensor {
  name: string;
  /** Number of values the line declares. */
  count: number;
  /** 0 = float32, 1 = float16. */
  type: number;
  /** 1-based line number. */
  line: number;
}

export interface WtsProblem {
  line: number;
  tensor?: string;
  reason: string;
  hint?: string;
}

export interface WtsHeader {
  path: string;
  format: WtsFormat;
  /** The count on the first line, or undefined if it could not be read. */
  declared: number | undefined;
  tensors: Map<string, WtsTensor>;
  problems: WtsProblem[];
  bytes: number;
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

const CHUNK = 1 << 22;
/** Header bytes kept per line: enough for any sane tensor name plus two numbers. */
const HEAD_MAX = 4096;
const NL = 0x0a;
const isWs = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d;
const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
const MAX_PROBLEMS = 100;

interface Token {
  text: string;
  end: number;
}

/** Splits the first `max` whitespace-separated tokens of a header buffer. */
function tokens(head: Buffer, len: number, max: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (out.length < max) {
    while (i < len && isWs(head[i]!)) i++;
    if (i >= len) break;
    const s = i;
    while (i < len && !isWs(head[i]!)) i++;
    out.push({ text: head.toString("latin1", s, i), end: i });
  }
  return out;
}

const DECIMAL = /^[0-9]+$/;

/**
 * The variant rule shared by every .wts reader here and in cpp-runtime: given the
 * two fields after the first tensor's name and whether more follow, the file is
 * typed iff they are "0"/"1" and a decimal count, except "name 1 V" alone (a
 * plain one-value tensor whose value looks decimal).
 */
export function isTypedLine(a: string | undefined, b: string | undefined, more: boolean): boolean {
  return a !== undefined && b !== undefined && (a === "0" || a === "1") && DECIMAL.test(b) && !(a === "1" && !more);
}

export interface ScanOptions {
  deep?: boolean;
}

export function scanWts(path: string, opts: ScanOptions = {}): WtsHeader {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new WtsIOError(path, err.code, err.code === "ENOENT" ? "no such file" : err.message);
  }
  try {
    if (fstatSync(fd).isDirectory()) throw new WtsIOError(path, "EISDIR", "is a directory, not a .wts file");
    return new Scanner(fd, path, opts.deep ?? false).run();
  } finally {
    closeSync(fd);
  }
}

class Scanner {
  private readonly header: WtsHeader;
  private readonly buf = Buffer.allocUnsafe(CHUNK);
  private readonly scratch = Buffer.allocUnsafe(1 << 20);
  private readonly head = Buffer.allocUnsafe(HEAD_MAX);
  private headLen = 0;
  private line = 1;
  private lineStart = 0;
  private format: WtsFormat | undefined;
  private lines = 0;
  private sawHeader = false;

  constructor(
    private readonly fd: number,
    path: string,
    private readonly deep: boolean,
  ) {
    this.header = { path, format: "plain", declared: undefined, tensors: new Map(), problems: [], bytes: 0 };
  }

  private problem(p: WtsProblem): void {
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

  private finishLine(lineEnd: number): void {
    const h = this.header;
    // Blank lines are ignored anywhere, as the C++ loader does.
    if (tokens(this.head, this.headLen, 1).length === 0) return;
    if (!this.sawHeader) {
      this.sawHeader = true;
      const t = tokens(this.head, this.headLen, 2);
      if (t.length === 1 && DECIMAL.test(t[0]!.text)) {
        h.declared = Number(t[0]!.text);
      } else {
        this.problem({
          line: this.line,
          reason: `the first line must be the number of tensors, got '${t
            .map((x) => x.text)
            .join(" ")
            .slice(0, 40)}'`,
          hint: "a .wts file starts with a line holding only the tensor count; regenerate it with trtgen-export weights",
        });
      }
      return;
    }
    this.lines++;
    const t = tokens(this.head, this.headLen, 4);
    const name = t[0]!.text;
    if (this.format === undefined) this.format = this.detectFormat(t);
    const typed = this.format === "typed";
    const countTok = typed ? t[2] : t[1];
    let type = 0;
    if (typed) {
      const typeTok = t[1];
      if (typeTok === undefined || (typeTok.text !== "0" && typeTok.text !== "1")) {
        this.problem({ line: this.line, tensor: name, reason: `type must be 0 (float32) or 1 (float16), got ${typeTok ? `'${typeTok.text}'` : "nothing"}` });
        return;
      }
      type = Number(typeTok.text);
    }
    if (countTok === undefined || !DECIMAL.test(countTok.text) || !Number.isSafeInteger(Number(countTok.text))) {
      this.problem({
        line: this.line,
        tensor: name,
        reason: `expected the value count after the name${typed ? " and type" : ""}, got ${countTok ? `'${countTok.text.slice(0, 20)}'` : "nothing"}`,
        hint: this.headLen >= HEAD_MAX && t.length < 2 ? "the tensor name is longer than 4096 bytes" : undefined,
      });
      return;
    }
    const count = Number(countTok.text);
    const prev = h.tensors.get(name);
    if (prev !== undefined) {
      this.problem({ line: this.line, tensor: name, reason: `duplicate tensor name (first on line ${prev.line})`, hint: "tensor names must be unique" });
      return;
    }
    // Values start at the first non-blank after the count (gen_wts.py writes two spaces there).
    let first = countTok.end;
    while (first < this.headLen && isWs(this.head[first]!)) first++;
    const valuesStart = this.lineStart + first;
    const width = type === 1 ? 4 : 8;
    const found = this.checkValues(valuesStart, lineEnd, count, width, name);
    if (found !== undefined && found !== count) {
      this.problem({
        line: this.line,
        tensor: name,
        reason: `declares ${count} values but the line has ${found}`,
        hint: found < count ? "the file looks truncated or the count is wrong; re-export it" : "the count is wrong; re-export the file",
      });
    }
    h.tensors.set(name, { name, count, type, line: this.line });
  }

  /** Decides plain vs typed from the first tensor line. */
  /**
   * Decides plain vs typed from the first tensor line, with the C++ loader's rule
   * (cpp-runtime/weights.h): typed iff the two fields after the name are "0"/"1"
   * and a decimal number, except "name 1 V" with nothing after V, which is a
   * plain one-value tensor whose value looks decimal (e.g. "00000000" = 0.0).
   */
  private detectFormat(t: Token[]): WtsFormat {
    const [, a, b, c] = t;
    const typed = isTypedLine(a?.text, b?.text, c !== undefined);
    if (typed) this.header.format = "typed";
    return typed ? "typed" : "plain";
  }

  /** Returns the number of value tokens when it has to count them, undefined when the line length proves `count`. */
  private checkValues(start: number, end: number, count: number, width: number, name: string): number | undefined {
    const len = Math.max(0, end - start);
    const canonical = count === 0 ? 0 : count * (width + 1) - 1;
    if (!this.deep) {
      if (len === canonical) return undefined;
      if (len > canonical && len - canonical <= 64 && this.allWhitespace(end - (len - canonical), end)) return undefined;
    }
    const r = this.countTokens(start, end, width, this.deep);
    if (r.bad !== undefined) {
      this.problem({
        line: this.line,
        tensor: name,
        reason: `value ${r.bad.index + 1} '${r.bad.text}' is not a ${width === 8 ? "float32 (1 to 8 hex digits)" : "float16 (1 to 4 hex digits)"}`,
        hint: "values are big-endian IEEE-754 bit patterns in hex; re-export the file",
      });
    }
    return r.count;
  }

  private allWhitespace(from: number, to: number): boolean {
    const n = readSync(this.fd, this.scratch, 0, to - from, from);
    for (let i = 0; i < n; i++) if (!isWs(this.scratch[i]!)) return false;
    return true;
  }

  private countTokens(start: number, end: number, width: number, validate: boolean): { count: number; bad?: { index: number; text: string } } {
    let count = 0;
    let inTok = false;
    let tokLen = 0;
    let tokOk = true;
    let tokText = "";
    let bad: { index: number; text: string } | undefined;
    const closeTok = () => {
      if (validate && bad === undefined && (!tokOk || tokLen > width))
        bad = { index: count, text: tokText.length > 16 ? `${tokText.slice(0, 16)}...` : tokText };
      count++;
      inTok = false;
    };
    for (let off = start; off < end;) {
      const n = readSync(this.fd, this.scratch, 0, Math.min(this.scratch.length, end - off), off);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        const c = this.scratch[i]!;
        if (isWs(c)) {
          if (inTok) closeTok();
        } else if (!inTok) {
          inTok = true;
          tokLen = 1;
          tokOk = isHex(c);
          if (validate && bad === undefined) tokText = String.fromCharCode(c);
        } else {
          tokLen++;
          if (!isHex(c)) tokOk = false;
          if (validate && bad === undefined && tokText.length <= 16) tokText += String.fromCharCode(c);
        }
      }
      off += n;
    }
    if (inTok) closeTok();
    return bad === undefined ? { count } : { count, bad };
  }

  private finish(): void {
    const h = this.header;
    if (!this.sawHeader) {
      this.problem({
        line: 1,
        reason: h.bytes === 0 ? "the file is empty" : "the file holds only blank lines",
        hint: "a .wts file starts with the tensor count; re-export it",
      });
      return;
    }
    if (h.declared !== undefined && h.declared !== this.lines) {
      this.problem({
        line: 1,
        reason: `the first line says ${h.declared} tensors but the file has ${this.lines} tensor lines`,
        hint: this.lines < h.declared ? "the file may be truncated; copy or export it again" : "fix the count on the first line",
      });
    }
  }
}
