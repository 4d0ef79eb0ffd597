// The lowered program: TensorRT calls as data. Ops produce it; templates only
// render it (see templates/ and src/emit/helpers.ts), and the same data is
// what a CPU simulation would execute.

export type Arg =
  /** An ITensor& argument: `*var`. */
  | { k: "tensor"; v: string }
  /** ITensor* const* + count: `std::array<nvinfer1::ITensor*, N>{a, b}.data(), N`. */
  | { k: "tensors"; v: string[] }
  | { k: "int"; v: number }
  /** A uint32_t bit mask (axes). */
  | { k: "mask"; v: number }
  | { k: "float"; v: number }
  | { k: "bool"; v: boolean }
  /** nvinfer1::Dims: `trtgen::dims({...})`. */
  | { k: "dims"; v: number[] }
  /** const float* + count: `std::array<float, N>{...}.data(), N`. */
  | { k: "floats"; v: number[] }
  /** nvinfer1::Permutation: `trtgen::permutation({...})`. */
  | { k: "perm"; v: number[] }
  /** `nvinfer1::<type>::<v>` */
  | { k: "enum"; type: string; v: string }
  /** A version-dependent constant from trt_compat.h: `trtgen::compat::<v>`. */
  | { k: "compat"; v: string }
  /** A nvinfer1::Weights variable produced by a weights step. */
  | { k: "weights"; v: string }
  /** Weights{} with count 0 (no bias / no power). */
  | { k: "noWeights" }
  /** A C++ string literal. */
  | { k: "string"; v: string }
  /** Plugin creation fields: `{trtgen::PluginFieldValue::floats("name", {...}), ...}`. */
  | { k: "pluginFields"; v: { name: string; type: "float32" | "int32" | "string"; value: number | number[] | string }[] };

export interface Call {
  fn: string;
  args: Arg[];
}

/** `const nvinfer1::Weights var = b.<fn>(args);`: host weights read or derived at build time. */
export interface WeightsStep {
  kind: "weights";
  var: string;
  call: Call;
  /** Number of values the resulting Weights hold. */
  count: number;
}

/**
 * `auto* var = <target>.<fn>(args);` checked and named, then setters, then
 * `nvinfer1::ITensor* out = var->getOutput(0);`.
 * target "network" = INetworkDefinition, "builder" = trtgen::NetworkBuilder composites.
 */
export interface LayerStep {
  kind: "layer";
  var: string;
  target: "network" | "builder";
  call: Call;
  /** TensorRT layer name (setName): the spec layer, with a suffix for helper layers. */
  name: string;
  setters: Call[];
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
  /** Tensor variable holding the layer's output. */
  out: string;
}

export interface LoweredInput {
  name: string;
  var: string;
  dtype: "float32" | "float16";
  shape: number[];
}

export interface LoweredOutput {
  name: string;
  var: string;
  shape: number[];
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
}
