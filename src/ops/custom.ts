import * as z from "zod";
import { NAME_WITHOUT_CONTROL } from "../ir/limits.js";
import { builder } from "../lower/catalog.js";
import { int, name, posInt, unionError } from "./params.js";
import { defineOp } from "./types.js";

const float32 = z
  .number()
  .refine(Number.isFinite, "expected a finite number")
  .refine((v) => Math.abs(v) <= 3.4028234663852886e38, "expected a value within float32's range (|v| <= 3.4028235e38)");
/** A plugin field: its declared type decides which values it takes (checked, never coerced). */
const pluginField = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      type: z.literal("float32"),
      value: z.union([float32, z.array(float32).min(1)], { error: unionError("a float32 field takes a number or a non-empty list of numbers") }),
    }),
    z.strictObject({
      type: z.literal("int32"),
      value: z.union([int, z.array(int).min(1)], { error: unionError("an int32 field takes an integer or a non-empty list of integers") }),
    }),
    z.strictObject({
      type: z.literal("string"),
      value: z.string({ error: "a string field takes a string" }).refine((v) => !v.includes("\0"), "expected a string without NUL characters"),
    }),
  ],
  { error: "expected type float32, int32 or string" },
);
const params = z
  .strictObject({
    output_shape: z.array(posInt, { error: "expected the output shape as a list of positive integers, batch included" }).min(1),
    plugin: name.min(1, "expected the plugin creator's name").optional(),
    plugin_version: name.default("1"),
    plugin_namespace: name.default(""),
    plugin_fields: z
      .record(name, pluginField, { error: (iss) => (iss.code === "invalid_key" ? `the field name: expected ${NAME_WITHOUT_CONTROL}` : undefined) })
      .default({}),
    snippet: z.string().min(1, "expected C++ code").optional(),
  })
  .refine((p) => (p.plugin === undefined) !== (p.snippet === undefined), {
    message: "give exactly one of 'plugin' (a TensorRT plugin by name) and 'snippet' (C++ code)",
    path: ["plugin"],
  });

/**
 * A snippet that still holds the placeholder `trtgen-export spec` drafts: a line starting with
 * `// TODO:` (W0503 todo-snippet; `emit` refuses it without --allow-todo).
 */
const DRAFTED_TODO = /^[ \t]*\/\/ TODO:/m;

/** Whether a custom layer's parameters hold a drafted TODO snippet. */
export function hasDraftedTodo(p: { snippet?: string }): boolean {
  return p.snippet !== undefined && DRAFTED_TODO.test(p.snippet);
}

export const custom = defineOp({
  name: "custom",
  summary: "escape hatch: a TensorRT plugin by name, or a C++ snippet, with a declared output shape",
  pytorch: { note: "anything: a hand-written C++ snippet" },
  params,
  arity: { min: 1, max: Infinity },
  dynamic: "none",
  inferShape(_inputs, p) {
    return [...p.output_shape];
  },
  lower(ctx, p) {
    if (p.snippet !== undefined) return ctx.snippet(p.snippet);
    const fields = Object.entries(p.plugin_fields)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, f]) => ({ name, type: f.type, value: f.value }));
    return ctx.main(builder.plugin({ inputs: ctx.inputs, name: p.plugin!, version: p.plugin_version, pluginNamespace: p.plugin_namespace, fields }));
  },
  describe: (p) => (p.plugin !== undefined ? `plugin ${p.plugin} v${p.plugin_version}` : "snippet"),
});
