// A fast reader for the plain subset of YAML that specs are written in (block mappings and
// sequences, one-line flow collections, one-line plain and quoted scalars, comments), with
// where each value starts. The `yaml` package's parseDocument spends ~1.5 s on a
// 10,000-layer spec (issue 12: `trtgen check` of it in ≤ 2 s); this reads it in a few
// tens of milliseconds. It gives up, returning undefined, at anything outside the subset
// or in doubt (anchors, aliases, tags, block scalars, multi-line scalars or flow
// collections, tabs, CRs, escapes, non-ASCII outside quotes, keys that are not strings,
// duplicate or reserved keys, deep nesting, anything that would be a YAML error), and the
// spec is then read by parseDocument as before: so every error, warning and limit is found
// and located by the one full reader, and a document read here is one parseDocument reads
// without errors into the same values. Scalars are resolved by the `yaml` package's own
// schema, the one parseDocument uses; offsets are those parseDocument gives each node
// (`range[0]`). test/netspec/fast_yaml.test.ts compares both on every spec in the
// checkout and on generated documents.
import { Document, isScalar, type DocumentOptions, type ParseOptions, type SchemaOptions } from "yaml";
import { RESERVED_KEYS } from "./yaml_limits.js";

/** Where a value starts: a scalar's offset, or a collection's offset and its children's. */
export type FastPos = number | FastCollection;
export interface FastCollection {
  start: number;
  /** A mapping's keys, in order (undefined for a sequence). */
  keys?: string[];
  /** Where each key starts. */
  keyStarts?: number[];
  /** Each value's (or item's) position. */
  items: FastPos[];
}

export interface FastYaml {
  /** What the document's toJS() gives. */
  data: Record<string, unknown>;
  /** The root mapping's positions. */
  root: FastCollection;
}

/** Deepest collection nesting read here; deeper documents go to parseDocument (and its limits). */
const MAX_DEPTH = 32;
/** YAML's implicit keys are at most 1024 characters; longer ones go to parseDocument. */
const MAX_KEY = 1000;

// Characters of plain scalars read here: letters, digits and _ . + - / ( ) ~ (and spaces inside).
const PLAIN = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.+-/()~") PLAIN[c.charCodeAt(0)] = 1;
const SPACE = 32;
const NL = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const COMMA = 44;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKSLASH = 92;

/** Characters never read here: tabs and CRs (whitespace rules), NEL, line and paragraph separators, byte order marks and non-characters. */
const OUTSIDE_SUBSET = /[\t\r\u0085\u2028\u2029\ufeff\ufffe\uffff]/;

class Bail {}
const BAIL = new Bail();

/** Plain scalars are resolved as parseDocument resolves them: by the tags of a document's schema made with the same options. */
type ScalarTag = { default?: boolean | "key"; test?: RegExp; resolve: (value: string, onError: (msg: string) => void, options: unknown) => unknown };

export class FastYamlReader {
  private readonly tags: ScalarTag[];
  private readonly options: unknown;
  /** Whether the schema is one this reader can resolve scalars with (YAML 1.2 core, no compatibility warnings). */
  private readonly usable: boolean;

  constructor(options: ParseOptions & DocumentOptions & SchemaOptions) {
    const doc = new Document(undefined, options);
    const schema = doc.schema as unknown as { tags: (ScalarTag & { collection?: string })[]; compat?: unknown };
    this.tags = schema.tags.filter((t) => !t.collection && t.default !== undefined && t.default !== false);
    this.options = doc.options;
    this.usable = !schema.compat;
  }

  /** The document's values and positions, or undefined where parseDocument must read it. */
  read(text: string): FastYaml | undefined {
    if (!this.usable || OUTSIDE_SUBSET.test(text)) return undefined;
    try {
      return new Reader(text, this).document();
    } catch (e) {
      if (e === BAIL) return undefined;
      throw e;
    }
  }

  /** A plain scalar's value; a key must be a string. */
  resolve(src: string, atKey: boolean): unknown {
    for (const tag of this.tags) {
      if ((tag.default === true || (atKey && tag.default === "key")) && tag.test?.test(src)) {
        if (atKey) throw BAIL;
        let failed = false;
        let res: unknown;
        try {
          res = tag.resolve(src, () => (failed = true), this.options);
        } catch {
          throw BAIL;
        }
        if (failed) throw BAIL;
        return isScalar(res) ? res.value : res;
      }
    }
    return src;
  }
}

class Reader {
  private p = -1;
  /** Start of the current line. */
  private ls = 0;
  /** Indentation of the current content line, -1 at the end. */
  private ind = -1;
  /** Position of the last value read. */
  private last: FastPos = 0;
  private readonly n: number;

  constructor(
    private readonly t: string,
    private readonly fy: FastYamlReader,
  ) {
    this.n = t.length;
  }

  document(): FastYaml {
    // p = -1: as if after a line break
    this.nextContent();
    if (this.ind !== 0) throw BAIL;
    const data = this.blockMap(0, 1) as Record<string, unknown>;
    if (!this.atEnd()) throw BAIL;
    return { data, root: this.last as FastCollection };
  }

  private atEnd(): boolean {
    return this.ind === -1;
  }

  private c(i: number): number {
    return i < this.n ? this.t.charCodeAt(i) : -1;
  }

  /** Whether the character at i ends a token: a space, a line break or the end. */
  private sep(i: number): boolean {
    const c = this.c(i);
    return c === SPACE || c === NL || c === -1;
  }

  private skipSpaces(): void {
    while (this.c(this.p) === SPACE) this.p++;
  }

  private isDash(): boolean {
    return this.c(this.p) === DASH && this.sep(this.p + 1);
  }

  /** From a line break (or the end, or -1 at the start): to the first character of the next line with content; sets ind. */
  private nextContent(): void {
    const { t, n } = this;
    for (;;) {
      if (this.p >= n) {
        this.ind = -1;
        return;
      }
      this.p++;
      this.ls = this.p;
      this.skipSpaces();
      const c = this.c(this.p);
      if (c === -1) {
        this.ind = -1;
        return;
      }
      if (c === NL) continue;
      if (c === HASH) {
        const eol = t.indexOf("\n", this.p);
        this.p = eol < 0 ? n : eol;
        continue;
      }
      this.ind = this.p - this.ls;
      // document markers and directives
      if (this.ind === 0 && (t.startsWith("---", this.p) || t.startsWith("...", this.p))) throw BAIL;
      return;
    }
  }

  /** After a value: spaces and a comment to the end of the line, then to the next content line. */
  private endLine(): void {
    this.skipSpaces();
    const c = this.c(this.p);
    if (c === HASH) {
      if (this.c(this.p - 1) !== SPACE) throw BAIL;
      const eol = this.t.indexOf("\n", this.p);
      this.p = eol < 0 ? this.n : eol;
    } else if (c !== NL && c !== -1) throw BAIL;
    this.nextContent();
  }

  private blockMap(indent: number, depth: number): unknown {
    if (depth > MAX_DEPTH) throw BAIL;
    const obj: Record<string, unknown> = {};
    const pos: FastCollection = { start: this.p, keys: [], keyStarts: [], items: [] };
    for (;;) {
      const keyStart = this.p;
      const key = this.key();
      if (this.c(this.p) !== COLON || !this.sep(this.p + 1)) throw BAIL;
      this.p++;
      if (RESERVED_KEYS.includes(key) || Object.hasOwn(obj, key)) throw BAIL;
      pos.keys!.push(key);
      pos.keyStarts!.push(keyStart);
      obj[key] = this.blockValue(indent, depth, true);
      pos.items.push(this.last);
      if (this.ind < indent) break;
      if (this.ind > indent || this.isDash()) throw BAIL;
    }
    this.last = pos;
    return obj;
  }

  private blockSeq(indent: number, depth: number, compact: boolean): unknown {
    if (depth > MAX_DEPTH) throw BAIL;
    const arr: unknown[] = [];
    const pos: FastCollection = { start: this.p, items: [] };
    for (;;) {
      this.p++; // the '-'
      arr.push(this.blockValue(indent, depth, false));
      pos.items.push(this.last);
      if (this.ind < indent) break;
      if (this.ind > indent) throw BAIL;
      if (!this.isDash()) {
        // a sequence at its mapping's indentation ends at the mapping's next key
        if (compact) break;
        throw BAIL;
      }
    }
    this.last = pos;
    return arr;
  }

  /** A block mapping's value (after ': ') or a sequence's item (after '- '); ends at the next content line. */
  private blockValue(indent: number, depth: number, inMap: boolean): unknown {
    this.skipSpaces();
    const c = this.c(this.p);
    if (c === NL || c === -1 || c === HASH) {
      if (c === HASH && this.c(this.p - 1) !== SPACE) throw BAIL;
      const empty = this.p;
      if (c === HASH) {
        const eol = this.t.indexOf("\n", this.p);
        this.p = eol < 0 ? this.n : eol;
      }
      this.nextContent();
      if (this.ind > indent) return this.isDash() ? this.blockSeq(this.ind, depth + 1, false) : this.blockMap(this.ind, depth + 1);
      if (inMap && this.ind === indent && this.isDash()) return this.blockSeq(indent, depth + 1, true);
      this.last = empty;
      return this.fy.resolve("", false);
    }
    if (c === 0x5b || c === 0x7b) {
      const v = this.flow(depth + 1);
      const pos = this.last;
      this.endLine();
      this.last = pos;
      return v;
    }
    const start = this.p;
    const v = this.scalar(false);
    if (this.c(this.p) === COLON || (this.c(this.p) === SPACE && (this.skipSpaces(), this.c(this.p) === COLON))) {
      // 'key: value' after '- ': a mapping at the key's column
      if (inMap || !this.sep(this.p + 1)) throw BAIL;
      this.p = start;
      return this.blockMap(start - this.ls, depth + 1);
    }
    this.endLine();
    this.last = start;
    return v;
  }

  /** A block mapping's key, up to its ':'. */
  private key(): string {
    const start = this.p;
    const c = this.c(this.p);
    const key = c === DQUOTE || c === SQUOTE ? this.quoted() : (this.fy.resolve(this.plain(), true) as string);
    if (this.p - start > MAX_KEY) throw BAIL;
    this.skipSpaces();
    return key;
  }

  /** A plain or quoted scalar's value; p after it. */
  private scalar(inFlow: boolean): unknown {
    const c = this.c(this.p);
    if (c === DQUOTE || c === SQUOTE) return this.quoted();
    const src = this.plain();
    if (inFlow) this.skipSpaces();
    return this.fy.resolve(src, false);
  }

  /** A one-line plain scalar of PLAIN characters (and spaces inside); p after its last non-space character. */
  private plain(): string {
    const start = this.p;
    const c = this.c(start);
    if (c < 0 || c >= 128 || !PLAIN[c]) throw BAIL;
    if (c === DASH) {
      const d = this.c(start + 1);
      if (d < 0 || d >= 128 || !PLAIN[d]) throw BAIL;
    }
    let end = start + 1;
    let i = end;
    for (;;) {
      const d = this.c(i);
      if (d === SPACE) i++;
      else if (d > 0 && d < 128 && PLAIN[d] === 1) end = ++i;
      else break;
    }
    this.p = end;
    return this.t.slice(start, end);
  }

  /** A one-line quoted scalar of printable ASCII without escapes ('' in single quotes); p after its closing quote. */
  private quoted(): string {
    const q = this.c(this.p);
    const start = this.p + 1;
    let i = start;
    let doubled = false;
    for (;;) {
      const d = this.c(i);
      if (d < 0x20 || d > 0x7e || d === BACKSLASH) throw BAIL;
      if (d === q) {
        if (q === SQUOTE && this.c(i + 1) === SQUOTE) {
          doubled = true;
          i += 2;
          continue;
        }
        break;
      }
      i++;
    }
    this.p = i + 1;
    const d = this.c(this.p);
    if (d !== SPACE && d !== NL && d !== -1 && d !== COLON && d !== COMMA && d !== 0x5d && d !== 0x7d) throw BAIL;
    const v = this.t.slice(start, i);
    return doubled ? v.replaceAll("''", "'") : v;
  }

  /** A flow collection closed on its line; p after it. */
  private flow(depth: number): unknown {
    if (depth > MAX_DEPTH) throw BAIL;
    const start = this.p;
    const isMap = this.c(this.p) === 0x7b;
    const close = isMap ? 0x7d : 0x5d;
    this.p++;
    this.skipSpaces();
    const pos: FastCollection = isMap ? { start, keys: [], keyStarts: [], items: [] } : { start, items: [] };
    const out: unknown = isMap ? {} : [];
    if (this.c(this.p) === close) {
      this.p++;
      this.last = pos;
      return out;
    }
    for (;;) {
      if (isMap) {
        const obj = out as Record<string, unknown>;
        const keyStart = this.p;
        const key = this.key();
        if (this.c(this.p) !== COLON || this.c(this.p + 1) !== SPACE) throw BAIL;
        this.p++;
        this.skipSpaces();
        if (RESERVED_KEYS.includes(key) || Object.hasOwn(obj, key)) throw BAIL;
        pos.keys!.push(key);
        pos.keyStarts!.push(keyStart);
        obj[key] = this.flowValue(depth);
      } else (out as unknown[]).push(this.flowValue(depth));
      pos.items.push(this.last);
      this.skipSpaces();
      const c = this.c(this.p);
      if (c === close) {
        this.p++;
        break;
      }
      if (c !== COMMA) throw BAIL;
      this.p++;
      this.skipSpaces();
      if (this.c(this.p) === close) throw BAIL;
    }
    this.last = pos;
    return out;
  }

  private flowValue(depth: number): unknown {
    const c = this.c(this.p);
    if (c === 0x5b || c === 0x7b) return this.flow(depth + 1);
    const start = this.p;
    const v = this.scalar(true);
    this.last = start;
    return v;
  }
}
