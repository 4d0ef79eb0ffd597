import { formatParams } from "./params.js";
import type { Graph } from "./graph.js";
import { escapeControl } from "./limits.js";

const dtypeShort = { float32: "f32", float16: "f16" } as const;
const shape = (s: readonly number[] | undefined) => (s ? `[${s.join(",")}]` : "[?]");
const ref = (name: string) => `%${/^[A-Za-z0-9_.]+$/.test(name) ? name : JSON.stringify(name)}`;

/** Readable text form of the IR, one line per value, in execution order; control characters in names escaped (escapeControl). */
export function dumpIR(g: Graph): string {
  const out: string[] = [`graph ${JSON.stringify(g.name)} {`];
  for (const i of g.inputs) out.push(`  ${ref(i.name)}: ${dtypeShort[i.dtype]}${shape(i.shape)} = input`);
  for (const n of g.nodes) {
    const params = formatParams(n.params);
    let line = `  ${ref(n.name)}: f32${shape(n.shape)} = ${n.op.name}(${n.inputs.map(ref).join(", ")})`;
    if (params) line += ` {${params}}`;
    if (n.weights.length > 0) line += ` weights{${n.weights.map((w) => `${w.role}=${JSON.stringify(w.tensor)}${shape(w.shape)}`).join(", ")}}`;
    out.push(line);
  }
  out.push(`  return ${g.outputs.map((o) => ref(o.name)).join(", ")}`);
  out.push("}");
  return out.map(escapeControl).join("\n") + "\n";
}
