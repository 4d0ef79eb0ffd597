// Limits on what a spec's YAML may do before it is converted to JavaScript
// values: aliases must refer to an anchor defined before them and outside
// themselves, may not multiply the document beyond a fixed size (the "billion
// laughs" attack), and collections may not nest deeper than any spec needs.
// Checked with an explicit stack, so hostile nesting cannot overflow ours.
// Keys that JavaScript objects treat specially are refused before conversion too.
import { isAlias, isMap, isNode, isScalar, isSeq, visit, type Document, type Node } from "yaml";

/** Deepest collection nesting accepted; a spec needs about 5 (spec → layers → layer → parameter → list). */
export const MAX_YAML_DEPTH = 64;
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
      return { offset: offset(node), kind: "limit", reason: `collections nest more than ${MAX_YAML_DEPTH} levels deep` };
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
