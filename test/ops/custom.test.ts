import { describe, expect, it } from "vitest";
import { custom } from "../../src/ops/custom.js";
import { infer, paramValidationTests } from "./helpers.js";

// No PyTorch fixture: a custom layer stands for anything, its output shape is declared.
describe("custom", () => {
  it("returns the declared output shape, whatever the inputs", () => {
    expect(infer(custom, { output_shape: [1, 8, 4, 4], snippet: "// c++" }, [[1, 3, 8, 8]])).toEqual([1, 8, 4, 4]);
    expect(
      infer(custom, { output_shape: [2, 5], plugin: "MyPlugin" }, [
        [2, 3],
        [2, 2],
      ]),
    ).toEqual([2, 5]);
  });

  it("fills plugin defaults", () => {
    expect(custom.params.parse({ output_shape: [1], plugin: "P" })).toEqual({
      output_shape: [1],
      plugin: "P",
      plugin_version: "1",
      plugin_namespace: "",
      plugin_fields: {},
    });
  });

  describe("parameter validation", () =>
    paramValidationTests(
      custom,
      { output_shape: [1, 8], plugin: "P", plugin_fields: { alpha: { type: "float32", value: 0.5 }, dims: { type: "int32", value: [1, 2] } } },
      [
        { output_shape: [1, 8] },
        { output_shape: [1, 8], plugin: "P", snippet: "x" },
        { output_shape: [], snippet: "x" },
        { output_shape: [1, 0], snippet: "x" },
        { output_shape: [1, -1], snippet: "x" },
        { snippet: "x" },
        { output_shape: [1], plugin: "" },
        { output_shape: [1], plugin: "P", plugin_fields: { a: { type: "float64", value: 1 } } },
        { output_shape: [1], plugin: "P", plugin_fields: { a: { type: "float32", value: true } } },
        // a value must match its declared type (issue 11: emit crashed or the C++ narrowed it)
        { output_shape: [1], plugin: "P", plugin_fields: { a: { type: "int32", value: "abc" } } },
        { output_shape: [1], plugin: "P", plugin_fields: { a: { type: "int32", value: 10000000000 } } },
        { output_shape: [1], plugin: "P", plugin_fields: { a: { type: "int32", value: -2147483649 } } },
        { output_shape: [1], plugin: "P", plugin_fields: { a: { type: "int32", value: 1.5 } } },
        { output_shape: [1], plugin: "P", plugin_fields: { a: { type: "int32", value: [1, 2.5] } } },
        { output_shape: [1], plugin: "P", plugin_fields: { a: { type: "float32", value: "abc" } } },
        { output_shape: [1], plugin: "P", plugin_fields: { a: { type: "float32", value: Infinity } } },
        { output_shape: [1], plugin: "P", plugin_fields: { a: { type: "float32", value: NaN } } },
        { output_shape: [1], plugin: "P", plugin_fields: { a: { type: "float32", value: 1e39 } } },
        { output_shape: [1], plugin: "P", plugin_fields: { a: { type: "float32", value: [] } } },
        { output_shape: [1], plugin: "P", plugin_fields: { a: { type: "string", value: [1, 2] } } },
        { output_shape: [1], plugin: "P", plugin_fields: { a: { type: "string", value: 3 } } },
        { output_shape: [1], plugin: "P", plugin_fields: { a: { type: "string", value: "a\0b" } } },
      ],
    ));
});
