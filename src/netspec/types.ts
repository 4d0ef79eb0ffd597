import type { Location } from "../diagnostics/index.js";
import type { BuildDefaults } from "./build.js";
import type { SourceFile } from "./source.js";

export type DType = "float32" | "float16";

export interface SpecInput {
  name: string;
  /**
   * Undefined when the spec's shape is invalid (already reported). For a dynamic input, its
   * shape at the first profile's `opt` (the shape reports and weight checks use).
   */
  shape: number[] | undefined;
  /** The spec's shape with -1 for each dynamic dimension; only on a dynamic input. */
  dims?: number[];
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

/** The min/opt/max shapes of one dynamic input in one optimization profile. */
export interface ProfileRange {
  min: number[];
  opt: number[];
  max: number[];
}

/** One optimization profile: a shape range for every dynamic input. */
export interface SpecProfile {
  /** Dynamic input name → its range. */
  ranges: Map<string, ProfileRange>;
  index: number;
  loc: Location;
}

export interface Spec {
  name: string;
  inputs: SpecInput[];
  /** Optimization profiles (empty when every input is static). */
  profiles: SpecProfile[];
  layers: SpecLayer[];
  outputs: SpecOutput[];
  /** The `build:` section: defaults for the builder program's options (src/netspec/build.ts). */
  build: BuildDefaults;
  source: SourceFile;
}

/** Keys every layer may have besides its op's parameters. */
export const LAYER_KEYS = ["name", "op", "input", "inputs", "weights"] as const;
export const TOP_KEYS = ["name", "description", "inputs", "profiles", "layers", "outputs", "build"] as const;
export const INPUT_KEYS = ["name", "shape", "dtype"] as const;
