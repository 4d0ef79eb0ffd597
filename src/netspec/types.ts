import type { Location } from "../diagnostics/index.js";
import type { BuildDefaults } from "./build.js";
import type { SourceFile } from "./source.js";

export type DType = "float32" | "float16";

export interface SpecInput {
  name: string;
  /** Undefined when the spec's shape is invalid (already reported). */
  shape: number[] | undefined;
  dtype: DType;
  index: number;
  loc: Location;
}

export interface SpecLayer {
  name: string;
  op: string;
  /** Explicit inputs, or undefined when the layer reads the previous layer. */
  inputs: string[] | undefined;
  /** Everything but the common keys: the op's parameters, unvalidated. */
  params: Record<string, unknown>;
  /** Weight-name overrides, role → tensor name. */
  weights: Record<string, string>;
  index: number;
  loc: Location;
}

export interface SpecOutput {
  name: string;
  loc: Location;
}

export interface Spec {
  name: string;
  inputs: SpecInput[];
  layers: SpecLayer[];
  outputs: SpecOutput[];
  /** The `build:` section: defaults for the builder program's options (src/netspec/build.ts). */
  build: BuildDefaults;
  source: SourceFile;
}

/** Keys every layer may have besides its op's parameters. */
export const LAYER_KEYS = ["name", "op", "input", "inputs", "weights"] as const;
export const TOP_KEYS = ["name", "description", "inputs", "layers", "outputs", "build"] as const;
export const INPUT_KEYS = ["name", "shape", "dtype"] as const;
