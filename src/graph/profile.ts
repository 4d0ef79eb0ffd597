// The per-layer profile of an engine run (the generated builder's `--profile FILE`), read
// through one schema, and mapped onto the spec's layers. TensorRT names its layers after the
// spec's (src/lower/context.ts: a spec layer's first TensorRT layer carries its name, helper
// layers `<layer>/<suffix>`), but fuses layers into one ("conv1 + relu1"), wraps pointwise
// fusions ("PWN(relu1, add1)") and adds layers of its own (reformatting copies, Myelin
// "foreign nodes"): each entry's time is split evenly over the parts of its name, and a part
// that names no spec layer, like TensorRT's own layers, is reported as unmapped time.
import { Diag, type Diagnostics } from "../diagnostics/index.js";
import { escapeControl } from "../ir/limits.js";
import { ProfileError, readProfile as readProfileFile, type Profile } from "../profile/format.js";

export type { Profile };

/** Reads and validates a profile; undefined (with a diagnostic) when it cannot be used. */
export function readProfile(path: string, diags: Diagnostics): Profile | undefined {
  try {
    return readProfileFile(path);
  } catch (e) {
    if (!(e instanceof ProfileError)) throw e;
    const err = e.cause as NodeJS.ErrnoException | undefined;
    if (err?.code === "ENOENT") diags.report(Diag.fileNotFound, { path, what: "profile" }, { file: path });
    else if (err) diags.report(Diag.fileUnreadable, { path, what: "profile", reason: err.message }, { file: path });
    // the reason without the file's name, which the diagnostic names already
    else diags.report(Diag.profileFormat, { path, reason: e.reason }, { file: path });
    return undefined;
  }
}

export interface LayerTime {
  ms: number;
  share: number;
}

export interface ProfileMapping {
  /** Time per spec layer (escaped names as in the view). */
  layers: Map<string, LayerTime>;
  /** Profile parts that name no spec layer, with the time they were given. */
  unmapped: { name: string; ms: number; share: number }[];
}

/**
 * TensorRT's own layers, named after the layers they serve (a reformatting copy "for Input
 * Tensor 0 to conv1 + relu1", a Myelin "{ForeignNode[conv1...relu5]}"): their time is
 * TensorRT's, not a spec layer's, and the name is not split.
 */
const TENSORRT_OWN = /^(Reformatting CopyNode for |\{ForeignNode\[)/;

/** The spec layers one part of a TensorRT layer name stands for (none when it names none). */
function resolvePart(part: string, layers: ReadonlySet<string>): string[] {
  if (layers.has(part)) return [part];
  const pwn = /^PWN\((.*)\)$/.exec(part);
  if (pwn) {
    const inner = splitTopLevel(pwn[1]!, ", ").flatMap((p) => resolvePart(p, layers));
    return [...new Set(inner)];
  }
  // a kernel of a Myelin graph, named after the graph's layer it ends with: `<layer>_myl<N>_<k>`
  const myl = /^(.+)_myl\d+_\d+$/.exec(part);
  if (myl) {
    const hit = resolvePart(myl[1]!, layers);
    if (hit.length) return hit;
  }
  // a trtgen helper layer `<layer>/<suffix>` (layer names may hold '/' themselves: longest match)
  for (let cut = part.lastIndexOf("/"); cut > 0; cut = part.lastIndexOf("/", cut - 1)) {
    if (layers.has(part.slice(0, cut))) return [part.slice(0, cut)];
  }
  return [];
}

/** `s` split at `sep` outside parentheses. */
function splitTopLevel(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    else if (depth === 0 && s.startsWith(sep, i)) {
      out.push(s.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/** Spreads each profile entry's time over the spec layers its name stands for. */
export function mapProfile(p: Profile, layerNames: Iterable<string>): ProfileMapping {
  const names = new Set(layerNames);
  const layers = new Map<string, LayerTime>();
  const unmapped = new Map<string, LayerTime>();
  const add = (m: Map<string, LayerTime>, k: string, ms: number, share: number) => {
    const t = m.get(k) ?? { ms: 0, share: 0 };
    m.set(k, { ms: t.ms + ms, share: t.share + share });
  };
  for (const entry of p.layers) {
    const name = escapeControl(entry.name);
    const parts = TENSORRT_OWN.test(name) ? [name] : splitTopLevel(name, " + ");
    const ms = entry.meanMs / parts.length;
    const share = entry.share / parts.length;
    for (const part of parts) {
      const hit = resolvePart(part, names);
      if (hit.length === 0) add(unmapped, part, ms, share);
      for (const l of hit) add(layers, l, ms / hit.length, share / hit.length);
    }
  }
  return { layers, unmapped: [...unmapped].map(([name, t]) => ({ name, ...t })).sort((a, b) => b.share - a.share || (a.name < b.name ? -1 : 1)) };
}
