// The op registry as data: ops.json (python/trtgen_export/ops.json, written by
// `npm run regen`) for the Python exporter and the test interpreter, the JSON
// Schema of each op's parameters, and the op tables of docs/spec.md.
import { isDeepStrictEqual } from "node:util";
import * as z from "zod";
import { OPS, type AnyOp } from "./index.js";
import type { PytorchRef } from "./types.js";

export type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

/** A parameter's default as written in a spec (the simplest input form: a pair [1, 1] becomes 1), or undefined. */
export function paramDefault(schema: z.ZodType): { value: unknown } | undefined {
  const def = (schema as unknown as { _zod: { def: { type: string; defaultValue?: unknown } } })._zod.def;
  if (def.type !== "default") return undefined;
  const value = def.defaultValue;
  if (Array.isArray(value) && value.length === 2 && value[0] === value[1]) {
    const short = schema.safeParse(value[0]);
    if (short.success && isDeepStrictEqual(short.data, value)) return { value: value[0] };
  }
  return { value };
}

function paramShape(params: z.ZodType): Record<string, z.ZodType> {
  return (params as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
}

/**
 * JSON Schema (input form) of an op's parameters, every default included:
 * zod leaves out the defaults of parameters that normalize (pairs), so they
 * are set here from the zod schemas.
 */
export function opParamsJsonSchema(params: z.ZodType): JsonSchema {
  const js = z.toJSONSchema(params, { io: "input", unrepresentable: "any" }) as JsonSchema;
  delete js.$schema;
  for (const [name, schema] of Object.entries(paramShape(params))) {
    const d = paramDefault(schema);
    const prop = js.properties?.[name];
    if (d && prop) js.properties![name] = { default: d.value, ...prop };
  }
  return js;
}

/** One line naming the PyTorch counterparts, e.g. `torch.nn.Conv2d / torch.nn.functional.conv2d`. */
export function pytorchLabel(ref: PytorchRef): string {
  const names = [ref.modules?.[0], ref.functions?.[0], ...(ref.modules || ref.functions ? [] : (ref.methods ?? []).map((m) => `Tensor.${m}`))].filter(
    (n): n is string => n !== undefined,
  );
  const text = names.join(" / ");
  return ref.note ? (text ? `${text} (${ref.note})` : ref.note) : text;
}

export interface OpParamJson {
  name: string;
  required: boolean;
  default?: unknown;
  schema: JsonSchema;
}

export interface OpJson {
  name: string;
  summary: string;
  pytorch: PytorchRef;
  /** Tensor inputs; max null: any number. */
  arity: { min: number; max: number | null };
  params: OpParamJson[];
  weights: { role: string; shape: string; if?: string; unless?: string }[];
}

function opJson(op: AnyOp): OpJson {
  const js = opParamsJsonSchema(op.params);
  const required = new Set(js.required ?? []);
  const params = Object.entries(js.properties ?? {}).map(([name, schema]) => {
    const { default: dflt, ...rest } = schema;
    return { name, required: required.has(name), ...(dflt !== undefined ? { default: dflt } : {}), schema: rest as JsonSchema };
  });
  return {
    name: op.name,
    summary: op.summary,
    pytorch: op.pytorch,
    arity: { min: op.arity.min, max: Number.isFinite(op.arity.max) ? op.arity.max : null },
    params,
    weights: (op.weightRoles ?? []).map((w) => ({ ...w })),
  };
}

/** The contents of ops.json: every registered op, sorted by name. */
export function opsManifest(): { comment: string; ops: OpJson[] } {
  return {
    comment: "Generated from src/ops by `npm run regen`; do not edit.",
    ops: [...OPS.values()].map(opJson).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}

/** ops.json as written: pretty-printed, newline at the end. */
export function opsJsonText(): string {
  return `${JSON.stringify(opsManifest(), null, 2)}\n`;
}

// ------------------------------------------------------------------ docs/spec.md

/** A parameter's type in words, from its JSON Schema: `pair`, `positive int`, `'none'` or `'tanh'`, ... */
export function typeWords(s: JsonSchema): string {
  const any = s.anyOf as JsonSchema[] | undefined;
  if (any) {
    const items = any.map((a) =>
      a.type === "array" && (a.prefixItems as unknown[] | undefined)?.length === 2
        ? `[h, w] of ${typeWords((a.prefixItems as JsonSchema[])[0]!)}`
        : typeWords(a),
    );
    if (any.length === 2 && items[1] === `[h, w] of ${items[0]}`) return items[0] === "positive int" ? "pair" : `pair (${items[0]})`;
    return items.join(", or ");
  }
  if (s.const !== undefined) return literal(s.const);
  if (Array.isArray(s.enum)) return s.enum.map(literal).join(" or ");
  if (s.type === "integer") return s.minimum === 1 ? "positive int" : s.minimum === 0 ? "non-negative int" : "int";
  if (s.type === "number") return s.exclusiveMinimum === 0 ? "positive number" : "number";
  if (s.type === "boolean") return "bool";
  if (s.type === "array") return `list of ${typeWords((s.items as JsonSchema | undefined) ?? {})}`;
  if (s.type === "object") return "mapping";
  if (s.type === "string") return "string";
  return "any";
}

const literal = (v: unknown): string => (typeof v === "string" ? `'${v}'` : JSON.stringify(v));
const code = (v: unknown): string => `\`${typeof v === "string" ? `'${v}'` : JSON.stringify(v)}\``;

function paramsCell(op: OpJson, withTypes: boolean): string {
  if (op.params.length === 0) return "—";
  return op.params
    .map((p) => {
      const type = withTypes ? ` ${typeWords(p.schema)}` : "";
      const dflt = p.default !== undefined ? ` (${code(p.default)})` : p.required ? " (required)" : "";
      return `\`${p.name}\`${type}${dflt}`;
    })
    .join(", ");
}

function pytorchCell(ref: PytorchRef): string {
  const names = [...(ref.modules ?? []).slice(0, 1), ...(ref.functions ?? []).slice(0, 1)];
  if (names.length === 0 && ref.methods?.length) names.push(`Tensor.${ref.methods[0]}`);
  return (
    [...names.map((n) => `\`${n.replace(/^torch\.nn\.functional\./, "F.").replace(/^torch\.nn\./, "nn.")}\``), ...(ref.note ? [ref.note] : [])].join(", ") ||
    "—"
  );
}

const weightsCell = (op: OpJson): string =>
  op.weights.length === 0
    ? "—"
    : op.weights.map((w) => `\`${w.role}\`${w.if ? ` (if \`${w.if}\`)` : ""}${w.unless ? ` (unless \`${w.unless}\`)` : ""} \`${w.shape}\``).join(", ");

/** The generated tables of docs/spec.md, by region name. */
export function specMdRegions(): Record<string, string> {
  const ops = opsManifest().ops;
  const index = ["| op | PyTorch | inputs | parameters (default) | weights |", "|---|---|---|---|---|"];
  for (const op of ops) {
    const arity = op.arity.min === op.arity.max ? `${op.arity.min}` : `${op.arity.min}–${op.arity.max ?? "n"}`;
    index.push(`| \`${op.name}\` | ${pytorchCell(op.pytorch)} | ${arity} | ${paramsCell(op, false)} | ${weightsCell(op)} |`);
  }
  const acts = ["| op | PyTorch | parameters (default) | lowering |", "|---|---|---|---|"];
  for (const op of OPS.values()) {
    if (op.doc?.table !== "activations") continue;
    acts.push(`| \`${op.name}\` | ${pytorchCell(op.pytorch)} | ${paramsCell(opJson(op), true)} | ${op.doc.lowering} |`);
  }
  return { "op-index": index.join("\n"), activations: acts.join("\n") };
}

/** Rewrites the marked regions (`<!-- BEGIN GENERATED <name> -->` … `<!-- END GENERATED <name> -->`) of a markdown text. */
export function rewriteRegions(text: string, regions: Record<string, string>, file = "docs/spec.md"): string {
  let out = text;
  for (const [name, body] of Object.entries(regions)) {
    const begin = `<!-- BEGIN GENERATED ${name} (npm run regen, from src/ops) -->`;
    const end = `<!-- END GENERATED ${name} -->`;
    const i = out.indexOf(begin);
    const j = out.indexOf(end);
    if (i < 0 || j < i) throw new Error(`${file}: the marked region '${name}' is missing (expected the lines '${begin}' and '${end}')`);
    out = `${out.slice(0, i + begin.length)}\n${body}\n${out.slice(j)}`;
  }
  return out;
}
