// Neutral value ids of a lowered program: every tensor and Weights value is
// `%N`, made with a name hint (the spec layer, a role, a suffix). The
// simulator uses the ids as they are; emit turns the hints into C++ names.
import { specOf, type ArgSpec, type LayerCall, type WeightsCall } from "./catalog.js";
import type { LoweredProgram, Step } from "./types.js";

/** Hands out `%0`, `%1`, ... and records the hint of each. */
export class ValueIds {
  readonly hints: string[] = [];

  next(hint: string): string {
    this.hints.push(hint);
    return `%${this.hints.length - 1}`;
  }

  /** Forgets the ids from `count` on, so that they are handed out again (lowering a layer once per profile shape). */
  rewind(count: number): void {
    this.hints.length = count;
  }
}

/** The index of an id. */
export function valueIndex(id: string): number {
  if (!/^%\d+$/.test(id)) throw new Error(`internal: '${id}' is not a value id`);
  return Number(id.slice(1));
}

/** The name hint of a value id, for messages (the id itself where it has none). */
export function valueHint(p: LoweredProgram, id: string): string {
  const m = /^%(\d+)$/.exec(id);
  return (m && p.valueHints[Number(m[1])]) ?? id;
}

function renameArg(type: ArgSpec, v: unknown, f: (id: string) => string): unknown {
  if (type === "tensor") return f(v as string);
  if (type === "tensors") return (v as string[]).map(f);
  if (type === "weights") return v === null ? null : f(v as string);
  return v;
}

function renameCall<C extends LayerCall | WeightsCall>(c: C, f: (id: string) => string): C {
  const spec = specOf(c);
  const args: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.args)) args[k] = renameArg(spec.args[k]!, v, f);
  if (!("setters" in c)) return { ...c, args };
  const setters: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.setters)) setters[k] = v === undefined ? v : renameArg(spec.setters![k]!.arg, v, f);
  return { ...c, args, setters };
}

function renameStep(s: Step, f: (id: string) => string): Step {
  switch (s.kind) {
    case "weights":
      return { ...s, var: f(s.var), call: renameCall(s.call, f) };
    case "layer":
      return { ...s, var: f(s.var), out: f(s.out), call: renameCall(s.call, f) };
    case "snippet":
      return { ...s, out: f(s.out), inputs: s.inputs.map(f) };
  }
}

/** The program with every value id replaced by `f(id)` (emit: C++ names). */
export function renameValues(p: LoweredProgram, f: (id: string) => string): LoweredProgram {
  return {
    ...p,
    inputs: p.inputs.map((i) => ({ ...i, var: f(i.var) })),
    layers: p.layers.map((l) => ({ ...l, out: f(l.out), steps: l.steps.map((s) => renameStep(s, f)) })),
    outputs: p.outputs.map((o) => ({ ...o, var: f(o.var) })),
  };
}
