import { LineCounter, isMap, isNode, isPair, isScalar, parseDocument, type Document, type Node } from "yaml";
import type { Location } from "../diagnostics/index.js";

export type PathItem = string | number;

/** A parsed YAML file that can say where any value in it came from. */
export class SourceFile {
  readonly doc: Document;
  private readonly lines = new LineCounter();

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    // logLevel "error": toJS would print a Node warning for a collection used as a key; the
    // stringified key is reported like any other unknown key instead
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true, logLevel: "error" });
  }

  at(offset: number): Location {
    const pos = this.lines.linePos(offset);
    return { file: this.path, line: pos.line, col: pos.col };
  }

  nodeAt(path: readonly PathItem[]): Node | undefined {
    const n = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    return isNode(n) ? n : undefined;
  }

  /**
   * Location of the value at `path`; with `key`, of the map key naming it. Falls
   * back to the nearest existing ancestor, so a missing field points at its parent.
   */
  locate(path: readonly PathItem[], opts: { key?: boolean } = {}): Location {
    for (let n = path.length; n >= 0; n--) {
      const sub = path.slice(0, n);
      if (opts.key && n === path.length && n > 0) {
        const parent = this.nodeAt(sub.slice(0, -1));
        if (isMap(parent)) {
          const last = sub[sub.length - 1];
          const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === last);
          if (pair && isNode(pair.key) && pair.key.range) return this.at(pair.key.range[0]);
        }
      }
      const node = this.nodeAt(sub);
      if (node?.range) return this.at(node.range[0]);
    }
    return { file: this.path, line: 1, col: 1 };
  }
}
