// The lowered program: TensorRT calls as data. Ops produce it; templates only
// render it (see templates/, src/emit/layers.ts and helpers.ts), and the same data is
// what a CPU simulation would execute. Tensors and Weights are value ids `%N`
// (src/lower/values.ts); emit names them in C++.

import type { Feature, LayerCall, WeightsCall } from "./catalog.js";

/** `const nvinfer1::Weights var = b.<fn>(args);`: host weights read or derived at build time. */
export interface WeightsStep {
  kind: "weights";
  var: string;
  call: WeightsCall;
  /** Number of values the resulting Weights hold. */
  count: number;
}

/**
 * `auto* var = <target>.<fn>(args);` checked and named, then setters, then
 * `nvinfer1::ITensor* out = var->getOutput(0);`.
 * The call's target "network" = INetworkDefinition, "builder" = trtgen::NetworkBuilder composites.
 */
export interface LayerStep {
  kind: "layer";
  var: string;
  /** The layer call with its setters (src/lower/catalog.ts). */
  call: LayerCall;
  /** TensorRT layer name (setName): the spec layer, with a suffix for helper layers. */
  name: string;
  out: string;
  outShape: number[];
}

/** A `custom` layer's C++ snippet, run in its own scope with `inputs[]` and `output`. */
export interface SnippetStep {
  kind: "snippet";
  code: string;
  inputs: string[];
  out: string;
  outShape: number[];
  /** Spec layer name, for the error when the snippet sets no output. */
  name: string;
}

export type Step = WeightsStep | LayerStep | SnippetStep;

export interface LoweredLayer {
  /** Spec layer name. */
  layer: string;
  op: string;
  /** One-line description for the block comment. */
  comment: string;
  steps: Step[];
  /** Value id of the layer's output tensor. */
  out: string;
  /** Layers on the longest path from an input, this one included (src/ir/depth.ts). */
  depth: number;
}

export interface LoweredInput {
  name: string;
  var: string;
  dtype: "float32" | "float16";
  /** -1 for a dynamic dimension. */
  shape: number[];
}

/** An optimization profile: the min/opt/max shape of every dynamic input (spec order). */
export interface LoweredProfile {
  inputs: { name: string; min: number[]; opt: number[]; max: number[] }[];
}

export interface LoweredOutput {
  name: string;
  var: string;
  /** -1 for a dimension that varies with the input shapes. */
  shape: number[];
  /** Layers on the longest path from an input (src/ir/depth.ts); scales the tolerance (docs/numerics.md). */
  depth: number;
}

export interface RequiredWeight {
  tensor: string;
  count: number;
}

export interface LoweredProgram {
  name: string;
  inputs: LoweredInput[];
  weights: RequiredWeight[];
  layers: LoweredLayer[];
  outputs: LoweredOutput[];
  /** Optimization profiles; empty when every input is static. */
  profiles: LoweredProfile[];
  /** Name hint of each value id `%N` (src/lower/values.ts), by N. */
  valueHints: string[];
  /** For each feature the program depends on, the spec layers that use it (from the catalog entries used). */
  uses: Record<Feature, string[]>;
}
