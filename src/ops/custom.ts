import { z } from "zod";
import { builder } from "../lower/catalog.js";
import { defineOp } from "./types.js";

const fieldValue = z.union([z.number(), z.string(), z.array(z.number())], { error: "expected a number, a string or a list of numbers" });
const params = z
  .strictObject({
    output_shape: z.array(z.number().int().min(1), { error: "expected the output shape as a list of positive integers, batch included" }).min(1),
    plugin: z.string().min(1, "expected the plugin creator's name").optional(),
    plugin_version: z.string().default("1"),
    plugin_namespace: z.string().default(""),
    plugin_fields: z.record(z.string(), z.strictObject({ type: z.enum(["float32", "int32", "string"]), value: fieldValue })).default({}),
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
