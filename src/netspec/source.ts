import { LineCounter, isMap, isNode, isPair, isScalar, parseDocument, type Document } from "yaml";
import type { Location } from "../diagnostics/index.js";
import { FastYamlReader, type FastPos, type FastYaml } from "./fast_yaml.js";

export type PathItem = string | number;

// logLevel "error": toJS would print a Node warning for a collection used as a key; the
// stringified key is reported like any other unknown key instead
const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true, logLevel: "error" } as const;
const fastReader = new FastYamlReader(YAML_OPTIONS);

/**
 * A spec's YAML that can say where any value in it came from: read by the fast reader
 * (FastSource) where the text is in its subset, else by the `yaml` package's parseDocument
 * (YamlSource), which finds and locates every YAML problem. Both give the same values and
 * locations (test/netspec/fast_yaml.test.ts).
 */
export abstract class SourceFile {
  private lines?: LineCounter;

  constructor(
    readonly path: string,
    readonly text: string,
  ) {}

  /** The fast reader's source for the text, or undefined where it must be read by parseDocument. */
  static fast(path: string, text: string): SourceFile | undefined {
    const read = fastReader.read(text);
    return read && new FastSource(path, text, read);
  }

  /** The document's values (checked against checkYamlLimits first where the source has a document). */
  abstract data(): unknown;

  /** Offset of the value at `path` (as the document's getIn finds it), or undefined where there is none. */
  protected abstract start(path: readonly PathItem[]): number | undefined;

  /** Offset of the key naming the value at `path` in its mapping, or undefined. */
  protected abstract keyStart(path: readonly PathItem[]): number | undefined;

  /** The line starts (as parseDocument's LineCounter records them). */
  protected lineCounter(): LineCounter {
    if (!this.lines) {
      const lc = new LineCounter();
      lc.addNewLine(0);
      for (let i = this.text.indexOf("\n"); i >= 0; i = this.text.indexOf("\n", i + 1)) lc.addNewLine(i + 1);
      this.lines = lc;
    }
    return this.lines;
  }

  at(offset: number): Location {
    const pos = this.lineCounter().linePos(offset);
    return { file: this.path, line: pos.line, col: pos.col };
  }

  /** Whether the document has a value at `path`. */
  has(path: readonly PathItem[]): boolean {
    return this.start(path) !== undefined;
  }

  /**
   * Location of the value at `path`; with `key`, of the map key naming it. Falls
   * back to the nearest existing ancestor, so a missing field points at its parent.
   */
  locate(path: readonly PathItem[], opts: { key?: boolean } = {}): Location {
    for (let n = path.length; n >= 0; n--) {
      const sub = n === path.length ? path : path.slice(0, n);
      if (opts.key && n === path.length && n > 0) {
        const k = this.keyStart(sub);
        if (k !== undefined) return this.at(k);
      }
      const s = this.start(sub);
      if (s !== undefined) return this.at(s);
    }
    return { file: this.path, line: 1, col: 1 };
  }
}

/** A spec read by the `yaml` package's parseDocument. */
export class YamlSource extends SourceFile {
  readonly doc: Document;
  private readonly counter = new LineCounter();

  constructor(path: string, text: string) {
    super(path, text);
    this.doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter: this.counter });
  }

  data(): unknown {
    return this.doc.toJS({ maxAliasCount: -1 }); /* bounded by checkYamlLimits */
  }

  protected override lineCounter(): LineCounter {
    return this.counter;
  }

  private nodeAt(path: readonly PathItem[]): unknown {
    return path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
  }

  protected start(path: readonly PathItem[]): number | undefined {
    const n = this.nodeAt(path);
    return isNode(n) ? n.range?.[0] : undefined;
  }

  protected keyStart(path: readonly PathItem[]): number | undefined {
    const parent = this.nodeAt(path.slice(0, -1));
    if (!isMap(parent)) return undefined;
    const last = path[path.length - 1];
    const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === last);
    return pair && isNode(pair.key) ? pair.key.range?.[0] : undefined;
  }
}

/** A spec read by the fast reader: its values and where each starts. */
class FastSource extends SourceFile {
  constructor(
    path: string,
    text: string,
    private readonly read: FastYaml,
  ) {
    super(path, text);
  }

  data(): unknown {
    return this.read.data;
  }

  /** The position of the value at `path`, found as the document's getIn would find its node. */
  private posAt(path: readonly PathItem[]): FastPos | undefined {
    let pos: FastPos = this.read.root;
    for (const item of path) {
      if (typeof pos === "number") return undefined;
      const i: number = pos.keys ? (typeof item === "string" ? pos.keys.indexOf(item) : -1) : itemIndex(item);
      if (i < 0 || i >= pos.items.length) return undefined;
      pos = pos.items[i]!;
    }
    return pos;
  }

  protected start(path: readonly PathItem[]): number | undefined {
    const pos = this.posAt(path);
    return pos === undefined ? undefined : typeof pos === "number" ? pos : pos.start;
  }

  protected keyStart(path: readonly PathItem[]): number | undefined {
    const parent = this.posAt(path.slice(0, -1));
    if (parent === undefined || typeof parent === "number" || !parent.keys) return undefined;
    const last = path[path.length - 1];
    const i = typeof last === "string" ? parent.keys.indexOf(last) : -1;
    return i < 0 ? undefined : parent.keyStarts![i];
  }
}

/** A sequence index as the `yaml` package's YAMLSeq.get reads one (a string is converted with Number), or -1. */
function itemIndex(item: PathItem): number {
  const idx = item && typeof item === "string" ? Number(item) : item;
  return typeof idx === "number" && Number.isInteger(idx) && idx >= 0 ? idx : -1;
}
