import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { specJsonSchema } from "../../src/netspec/schema.js";
import { OPS } from "../../src/ops/index.js";
import { opParamsJsonSchema, paramDefault, typeWords } from "../../src/ops/manifest.js";

type Props = Record<string, { default?: unknown }>;

describe("JSON Schema defaults come from the zod schemas", () => {
  const withDefaults = [...OPS.values()].flatMap((op) =>
    Object.entries((op.params as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {})
      .filter(([, s]) => paramDefault(s) !== undefined)
      .map(([name, s]) => [op.name, name, s] as const),
  );

  it("covers the pair parameters", () => {
    const pairs = withDefaults.map(([op, p]) => `${op}.${p}`);
    expect(pairs).toEqual(
      expect.arrayContaining(["conv2d.stride", "conv2d.padding", "conv2d.dilation", "conv_transpose2d.output_padding", "max_pool2d.padding"]),
    );
  });

  it.each(withDefaults.map(([op, p, s]) => [`${op}.${p}`, op, p, s] as const))("%s: the schema's default parses to the zod default", (_l, op, p, s) => {
    const prop = (opParamsJsonSchema(OPS.get(op)!.params).properties as Props)[p]!;
    expect(prop, `${op}.${p} has no default in the JSON Schema`).toHaveProperty("default");
    const zodDefault = s.parse(undefined);
    expect(s.parse(prop.default)).toEqual(zodDefault);
  });

  it("writes pairs in their short form, as PyTorch's defaults read", () => {
    const props = (opParamsJsonSchema(OPS.get("conv2d")!.params).properties ?? {}) as Props;
    expect([props.stride!.default, props.padding!.default, props.dilation!.default]).toEqual([1, 0, 1]);
  });

  it("the spec schema (trtgen schema) carries them", () => {
    const layers = (specJsonSchema() as { properties: { layers: { items: { oneOf: { title: string; properties: Props }[] } } } }).properties.layers.items.oneOf;
    expect(layers.find((l) => l.title === "conv2d")!.properties.stride!.default).toBe(1);
    expect(layers.find((l) => l.title === "avg_pool2d")!.properties.padding!.default).toBe(0);
  });
});

describe("typeWords", () => {
  it("names the parameter types of the docs tables", () => {
    const props = (opParamsJsonSchema(OPS.get("conv2d")!.params).properties ?? {}) as Record<string, Record<string, unknown>>;
    expect(typeWords(props.kernel_size!)).toBe("pair");
    expect(typeWords(props.groups!)).toBe("positive int");
    expect(typeWords(props.bias!)).toBe("bool");
    expect(typeWords(props.padding_mode!)).toBe("'zeros'");
  });
});
