import * as z from "zod";
import { OPS } from "../ops/index.js";
import { opParamsJsonSchema, pytorchLabel } from "../ops/manifest.js";
import { buildSchema } from "./build.js";
import { profilesSchema } from "./profiles.js";

/** JSON Schema of the spec format, for editors (`# yaml-language-server: $schema=...`). */
export function specJsonSchema(): Record<string, unknown> {
  const name = { type: "string", minLength: 1 };
  const common = {
    name: { ...name, description: "Layer name; for layers with weights, the state_dict prefix (weights default to <name>.weight, <name>.bias, ...)" },
    input: { ...name, description: "The tensor this layer reads; defaults to the previous layer" },
    inputs: { type: "array", items: name, minItems: 1, description: "Tensors this layer reads, in order" },
    weights: {
      type: "object",
      additionalProperties: name,
      description: "Weight-name overrides: role (weight, bias, running_mean, ...) → tensor name in the .wts",
    },
  };
  const layerVariants = [...OPS.values()].map((op) => {
    const p = opParamsJsonSchema(op.params);
    return {
      title: op.name,
      description: `${op.summary} (${pytorchLabel(op.pytorch)})`,
      type: "object",
      properties: { ...common, op: { const: op.name }, ...(p.properties ?? {}) },
      required: ["name", "op", ...(p.required ?? [])],
      additionalProperties: false,
    };
  });
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://trtgen.dev/spec.schema.json",
    title: "trtgen network spec",
    type: "object",
    additionalProperties: false,
    required: ["name", "inputs", "layers", "outputs"],
    properties: {
      name: { ...name, description: "Network name; used for generated file and function names" },
      description: { type: "string" },
      inputs: {
        type: "array",
        minItems: 1,
        items: {
          type: "object",
          additionalProperties: false,
          required: ["name", "shape"],
          properties: {
            name,
            shape: {
              type: "array",
              items: { type: "integer", anyOf: [{ minimum: 1 }, { const: -1 }] },
              minItems: 1,
              maxItems: 8,
              description: "Dimensions, batch first (NCHW); -1 for a dynamic dimension (give its range in 'profiles')",
            },
            dtype: { enum: ["float32", "float16"], default: "float32" },
          },
        },
      },
      profiles: {
        ...jsonSchemaOf(profilesSchema),
        description: "Optimization profiles: for each dynamic input, its min, opt and max shapes",
      },
      layers: { type: "array", minItems: 1, items: { oneOf: layerVariants } },
      outputs: { type: "array", minItems: 1, items: name, description: "Layers whose results are the engine's outputs" },
      build: {
        ...jsonSchemaOf(buildSchema),
        description: "Defaults for the builder program's options (--fp16, --tf32, --workspace, --opt-level, --timing-cache, --dla-core, --gpu-fallback)",
      },
    },
  };
}

/** The JSON Schema of a section that its zod schema validates (without the `$schema` a document's root has). */
function jsonSchemaOf(section: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...schema } = z.toJSONSchema(section) as Record<string, unknown>;
  return schema;
}
