// Limits on what a spec's YAML may do before it is converted to JavaScript
// values: aliases must refer to an anchor defined before them and outside
// themselves, may not multiply the document beyond a fixed size (the "billion
// laughs" attack), and collections may not nest deeper than any spec needs.
// Checked with an explicit stack, so hostile nesting cannot overflow ours.
// Keys that JavaScript objects treat specially are refused before conversion too.
import { isAlias, isMap, isNode, isScalar, isSeq, visit, type Document, type Node } from "yaml";

/** Deepest collection nesting accepted; a spec needs about 5 (spec → layers → layer → parameter → list). */
export const MAX_YAML_DEPTH = 64;
/** Why nesting deeper than MAX_YAML_DEPTH is refused, wherever it is found (text scan, parser, checkYamlLimits). */
export const TOO_DEEP = `collections nest more than ${MAX_YAML_DEPTH} levels deep`;
/** Values aliases may add to the document in total (each use of an anchor adds a copy of the anchored value). */
export const MAX_ALIAS_EXPANSION = 1_000_000;

export interface YamlProblem {
  /** Offset in the text of the node at fault. */
  offset: number;
  kind: "undefined-alias" | "limit";
  reason: string;
}

interface Frame {
  node: Node;
  children: Node[];
  next: number;
  size: number;
}

const childrenOf = (node: Node): Node[] => {
  if (isSeq(node)) return node.items.filter(isNode);
  if (isMap(node)) return node.items.flatMap((p) => [p.key, p.value].filter(isNode));
  return [];
};

/** The first alias or nesting problem of a parsed document, or undefined. */
export function checkYamlLimits(doc: Document): YamlProblem | undefined {
  const root = doc.contents;
  if (!root || isScalar(root)) return undefined;
  /** Anchor name → the anchored node's expanded size; undefined while the node is still open (an alias to it would contain itself). */
  const anchors = new Map<string, number | undefined>();
  let added = 0;
  const offset = (n: Node) => n.range?.[0] ?? 0;
  const stack: Frame[] = [];
  const enter = (node: Node): YamlProblem | undefined => {
    if (isAlias(node)) {
      if (!anchors.has(node.source)) {
        return { offset: offset(node), kind: "undefined-alias", reason: `alias '*${node.source}' refers to no anchor '&${node.source}' before it` };
      }
      const size = anchors.get(node.source);
      if (size === undefined) {
        return { offset: offset(node), kind: "undefined-alias", reason: `alias '*${node.source}' is inside the value anchored '&${node.source}' it refers to` };
      }
      added += size - 1;
      if (added > MAX_ALIAS_EXPANSION) {
        return {
          offset: offset(node),
          kind: "limit",
          reason: `aliases expand the document by more than ${MAX_ALIAS_EXPANSION.toLocaleString("en-US")} values (here '*${node.source}')`,
        };
      }
      stack[stack.length - 1]!.size += size;
      return undefined;
    }
    if (node.anchor) anchors.set(node.anchor, undefined);
    if (stack.length >= MAX_YAML_DEPTH) {
      return { offset: offset(node), kind: "limit", reason: TOO_DEEP };
    }
    stack.push({ node, children: childrenOf(node), next: 0, size: 1 });
    return undefined;
  };
  const first = enter(root);
  if (first) return first;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) {
      const child = top.children[top.next++]!;
      if (isScalar(child)) {
        top.size += 1;
        if (child.anchor) anchors.set(child.anchor, 1);
        continue;
      }
      const p = enter(child);
      if (p) return p;
      continue;
    }
    stack.pop();
    if (top.node.anchor) anchors.set(top.node.anchor, top.size);
    if (stack.length > 0) stack[stack.length - 1]!.size += top.size;
  }
  return undefined;
}

/** Keys that are special on JavaScript objects (a '__proto__' key would set or drop a prototype); no spec field has these names. */
export const RESERVED_KEYS: readonly string[] = ["__proto__", "constructor", "prototype"];

/** Every mapping key of the document that is reserved, with its offset (run after checkYamlLimits: nesting is bounded). */
export function reservedKeys(doc: Document): { key: string; offset: number }[] {
  const found: { key: string; offset: number }[] = [];
  visit(doc, {
    Pair(_, pair) {
      const key = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
      if (isScalar(key) && typeof key.value === "string" && RESERVED_KEYS.includes(key.value)) {
        found.push({ key: key.value, offset: isNode(pair.key) ? (pair.key.range?.[0] ?? 0) : 0 });
      }
    },
  });
  return found;
}

/**
 * Offset of the first '[' or '{' that opens a flow collection nested more than
 * MAX_YAML_DEPTH deep, or of the first line indented more levels deep than that,
 * found by a scan of the text before it is parsed (the parser spends about 35 µs
 * per nesting level: 4,000 levels on 250 lines took half a minute before its own
 * limit was reached, and block nesting overflowed its stack). The scan skips comments, quoted
 * strings and block scalars, and in block context counts a bracket only where a
 * value starts ('key: [', '- {', a line's first character), so that 'a[0]' and
 * brackets inside strings are text. It errs towards counting less: what it misses
 * the parser and checkYamlLimits still report.
 */
export function nestingProblem(text: string): number | undefined {
  let depth = 0;
  /** In block context: whether the next character starts a value (a flow collection, a quoted or block scalar). */
  let valueStart = true;
  /** Indentation of the line a block scalar started on: lines more indented (or blank) are its content. */
  let blockScalarIndent = -1;
  /** Indentations of the block lines the current line is under, outermost first. */
  const indents: number[] = [0];
  const n = text.length;
  let i = 0;
  const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r" || c === undefined;
  const skipToEol = () => {
    const eol = text.indexOf("\n", i);
    i = eol < 0 ? n : eol;
  };
  while (i < n) {
    const c = text[i]!;
    if (c === "\n") {
      i++;
      // a new line: its indentation, and whether a block scalar's content goes on
      let k = i;
      while (k < n && text[k] === " ") k++;
      if (blockScalarIndent >= 0) {
        const blank = k >= n || text[k] === "\n" || text[k] === "\r";
        if (blank || k - i > blockScalarIndent) {
          i = k;
          skipToEol();
          continue;
        }
        blockScalarIndent = -1;
      }
      if (depth === 0) {
        valueStart = true;
        const content = k < n && text[k] !== "\n" && text[k] !== "\r" && text[k] !== "#";
        if (content) {
          // block nesting: each indentation deeper than the lines it is under is a level (at most one more than
          // the collections: a scalar on a line of its own)
          while (indents.length > 0 && indents[indents.length - 1]! >= k - i) indents.pop();
          indents.push(k - i);
          if (indents.length > MAX_YAML_DEPTH + 1) return k;
        }
      }
      i = k;
      continue;
    }
    if (c === "#" && (i === 0 || isSpace(text[i - 1]))) {
      skipToEol();
      continue;
    }
    const prev = i === 0 ? "\n" : text[i - 1]!;
    const quoteMayOpen = depth > 0 ? isSpace(prev) || "[{,:".includes(prev) : valueStart;
    if ((c === '"' || c === "'") && quoteMayOpen) {
      // a quoted scalar, possibly over several lines: '' escapes ' in single quotes, \ escapes in double
      i++;
      while (i < n) {
        const q = text[i]!;
        if (c === '"' && q === "\\") i += 2;
        else if (q === c && c === "'" && text[i + 1] === "'") i += 2;
        else if (q === c) break;
        else i++;
      }
      i++;
      valueStart = false;
      continue;
    }
    if (depth > 0) {
      if (c === "[" || c === "{") {
        if (++depth > MAX_YAML_DEPTH) return i;
      } else if (c === "]" || c === "}") {
        if (--depth === 0) valueStart = false;
      }
      i++;
      continue;
    }
    // block context
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (valueStart && (c === "[" || c === "{")) {
      depth = 1;
      i++;
      continue;
    }
    if (valueStart && (c === "|" || c === ">")) {
      const lineStart = text.lastIndexOf("\n", i) + 1;
      let k = lineStart;
      while (text[k] === " ") k++;
      blockScalarIndent = k - lineStart;
      skipToEol();
      continue;
    }
    if ((c === "-" || c === "?" || c === ":") && isSpace(text[i + 1]) && (c === ":" || valueStart)) {
      valueStart = true; // '- ', '? ' and ': ' indicators: a value follows
      i++;
      continue;
    }
    if (valueStart && (c === "&" || c === "!")) {
      while (i < n && !isSpace(text[i])) i++; // an anchor or a tag before the value
      continue;
    }
    valueStart = false; // a plain scalar: brackets in it are text
    i++;
  }
  return undefined;
}
