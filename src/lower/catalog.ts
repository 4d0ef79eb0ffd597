// The one table of TensorRT calls a lowering may emit: INetworkDefinition
// layers (with their setters), trtgen::NetworkBuilder composites and the
// NetworkBuilder's build-time weights calls. Each entry names its arguments in
// C++ order with their types. Ops build calls through the typed constructors
// derived from it (`net`, `builder`, `weightsCalls`), emit renders them by
// walking the argument order here, and the simulator reads them by name.

/** Argument types and the TypeScript value each holds in a lowered call. */
export interface ArgValues {
  /** An ITensor variable, passed as `*var`. */
  tensor: string;
  /** ITensor* const* + count. */
  tensors: string[];
  int: number;
  float: number;
  bool: boolean;
  /** nvinfer1::Dims. */
  dims: number[];
  /** const float* + count. */
  floats: number[];
  /** nvinfer1::Permutation. */
  perm: number[];
  /** A uint32_t axes bit mask; the value lists the axes. */
  mask: number[];
  /** A nvinfer1::Weights variable of a weights step; null for an empty Weights. */
  weights: string | null;
  /** A C++ string literal. */
  string: string;
  /** Plugin creation fields. */
  pluginFields: PluginField[];
}

export interface PluginField {
  name: string;
  type: "float32" | "int32" | "string";
  value: number | number[] | string;
}

export type ArgType = keyof ArgValues;
/**
 * An argument: a plain type, a member of `nvinfer1::<enum>`, or a trt_compat.h
 * constant of a compat type; `values` lists the members a lowering may use (each
 * present in every supported release; the simulator implements all of them).
 */
export type ArgSpec = ArgType | { readonly enum: string; readonly values: readonly string[] } | { readonly compat: string; readonly values: readonly string[] };

/**
 * A layer setter with one argument. `default` is TensorRT's documented default,
 * the same in every supported release (8.2 to 11.x and TensorRT-RTX, checked in
 * their NvInfer.h); a setter given its default is not rendered. For dims it is
 * the value of every element.
 */
export interface SetterSpec {
  readonly fn: string;
  readonly arg: ArgSpec;
  readonly default?: number | boolean;
}

export interface CallSpec {
  readonly args: Readonly<Record<string, ArgSpec>>;
  readonly setters?: Readonly<Record<string, SetterSpec>>;
  /** What the generated program needs when it uses this call (see LoweredProgram.uses). */
  readonly uses?: Feature;
  /** Set for calls the CPU simulator cannot run, with what they are. */
  readonly unsimulatable?: string;
}

/** The members an enum argument of a call may take. */
export type EnumValue<S extends ArgSpec> = S extends { readonly values: readonly (infer V)[] } ? V : never;

/** Features a generated program may depend on. */
export type Feature = "plugins";
export const FEATURES: readonly Feature[] = ["plugins"];

const e = <const V extends readonly string[]>(name: string, values: V) => ({ enum: name, values }) as const;

const elementWise = e("ElementWiseOperation", ["kSUM", "kSUB", "kPROD", "kDIV", "kMAX", "kMIN", "kPOW", "kGREATER", "kLESS", "kEQUAL"]);
const matrixOp = e("MatrixOperation", ["kNONE", "kTRANSPOSE"]);
// prettier-ignore
const unaryOps = ["kEXP", "kLOG", "kSQRT", "kRECIP", "kABS", "kNEG", "kSIN", "kCOS", "kTAN", "kSINH", "kCOSH", "kASIN", "kACOS", "kATAN", "kASINH", "kACOSH", "kATANH", "kCEIL", "kFLOOR", "kERF", "kSIGN", "kROUND"] as const;
// prettier-ignore
const activations = ["kRELU", "kSIGMOID", "kTANH", "kLEAKY_RELU", "kELU", "kSELU", "kSOFTSIGN", "kSOFTPLUS", "kCLIP", "kHARD_SIGMOID", "kSCALED_TANH", "kTHRESHOLDED_RELU"] as const;

// Convolution, deconvolution and pooling window setters (IConvolutionLayer,
// IDeconvolutionLayer, IPoolingLayer): defaults (1, ..., 1) and (0, ..., 0).
const stride = { fn: "setStrideNd", arg: "dims", default: 1 } as const;
const prePadding = { fn: "setPrePadding", arg: "dims", default: 0 } as const;
const postPadding = { fn: "setPostPadding", arg: "dims", default: 0 } as const;
const convSetters = {
  stride,
  prePadding,
  postPadding,
  dilation: { fn: "setDilationNd", arg: "dims", default: 1 },
  nbGroups: { fn: "setNbGroups", arg: "int", default: 1 },
} as const;
const convArgs = { input: "tensor", nbOutputMaps: "int", kernelSize: "dims", kernel: "weights", bias: "weights" } as const;

/** INetworkDefinition methods: `network.<fn>(args)`. */
const network = {
  addActivation: {
    args: { input: "tensor", type: e("ActivationType", activations) },
    // no default: TensorRT's alpha/beta defaults differ per activation type
    setters: { alpha: { fn: "setAlpha", arg: "float" }, beta: { fn: "setBeta", arg: "float" } },
  },
  addConcatenation: {
    args: { inputs: "tensors" },
    // the default axis depends on the rank
    setters: { axis: { fn: "setAxis", arg: "int" } },
  },
  addConstant: { args: { dimensions: "dims", weights: "weights" } },
  addConvolutionNd: { args: convArgs, setters: convSetters },
  addDeconvolutionNd: { args: convArgs, setters: convSetters },
  addElementWise: { args: { input1: "tensor", input2: "tensor", op: elementWise } },
  addIdentity: { args: { input: "tensor" } },
  addGather: { args: { data: "tensor", indices: "tensor", axis: "int" } },
  addMatrixMultiply: { args: { input0: "tensor", op0: matrixOp, input1: "tensor", op1: matrixOp } },
  addPaddingNd: { args: { input: "tensor", prePadding: "dims", postPadding: "dims" } },
  addParametricReLU: { args: { input: "tensor", slope: "tensor" } },
  addPoolingNd: {
    args: { input: "tensor", type: e("PoolingType", ["kMAX", "kAVERAGE"]), windowSize: "dims" },
    setters: { stride, prePadding, postPadding, averageCountExcludesPadding: { fn: "setAverageCountExcludesPadding", arg: "bool", default: true } },
  },
  addReduce: {
    args: { input: "tensor", operation: e("ReduceOperation", ["kSUM", "kPROD", "kMAX", "kMIN", "kAVG"]), reduceAxes: "mask", keepDimensions: "bool" },
  },
  addResize: {
    args: { input: "tensor" },
    setters: {
      resizeMode: { fn: "setResizeMode", arg: { compat: "ResizeMode", values: ["kResizeNearest", "kResizeLinear"] } },
      outputDimensions: { fn: "setOutputDimensions", arg: "dims" },
      // sets the output size as floor(in * scale) only; the lowering gives the size exactly
      scales: { fn: "setScales", arg: "floats" },
      coordinateTransformation: {
        fn: "setCoordinateTransformation",
        arg: e("ResizeCoordinateTransformation", ["kASYMMETRIC", "kHALF_PIXEL", "kALIGN_CORNERS"]),
      },
      nearestRounding: { fn: "setNearestRounding", arg: e("ResizeRoundMode", ["kFLOOR", "kCEIL", "kHALF_UP", "kHALF_DOWN"]) },
    },
  },
  addScale: { args: { input: "tensor", mode: e("ScaleMode", ["kUNIFORM", "kCHANNEL", "kELEMENTWISE"]), shift: "weights", scale: "weights", power: "weights" } },
  addSelect: { args: { condition: "tensor", thenInput: "tensor", elseInput: "tensor" } },
  addShuffle: {
    args: { input: "tensor" },
    setters: {
      firstTranspose: { fn: "setFirstTranspose", arg: "perm" },
      reshapeDimensions: { fn: "setReshapeDimensions", arg: "dims" },
      secondTranspose: { fn: "setSecondTranspose", arg: "perm" },
    },
  },
  addSlice: {
    args: { input: "tensor", start: "dims", size: "dims", stride: "dims" },
    // no default: the default mode (strict bounds) is spelled differently before 8.5; kFILL
    // needs its fill value as a layer input, so it is the NetworkBuilder's fillSlice
    setters: { mode: { fn: "setMode", arg: { compat: "SliceMode", values: ["kSliceWrap", "kSliceClamp", "kSliceReflect"] } } },
  },
  addSoftMax: {
    args: { input: "tensor" },
    // the default axes depend on the rank
    setters: { axes: { fn: "setAxes", arg: "mask" } },
  },
  addUnary: { args: { input: "tensor", operation: e("UnaryOperation", unaryOps) } },
} as const satisfies Record<string, CallSpec>;

/** trtgen::NetworkBuilder composite layers: `b.<fn>(args)` (cpp-runtime/network_builder.h). */
const composites = {
  gelu: { args: { input: "tensor", tanhApproximation: "bool" } },
  argmax: { args: { input: "tensor", axis: "int" } },
  fillSlice: { args: { input: "tensor", start: "dims", size: "dims", value: "float" } },
  plugin: {
    args: { inputs: "tensors", name: "string", version: "string", pluginNamespace: "string", fields: "pluginFields" },
    uses: "plugins",
    unsimulatable: "a TensorRT plugin",
  },
  // issue 10: normalization (INormalizationLayer from 8.6, a composition before)
  normalization: { args: { input: "tensor", scale: "tensor", bias: "tensor", axes: "mask", eps: "float" } },
} as const satisfies Record<string, CallSpec>;

/** trtgen::NetworkBuilder weights calls: `const nvinfer1::Weights var = b.<fn>(args);`. "" names mean the documented fallback. */
const weights = {
  weight: { args: { name: "string", count: "int" } },
  constant: { args: { values: "floats" } },
  batchNormScale: { args: { gamma: "string", var: "string", eps: "float", channels: "int" } },
  batchNormShift: { args: { beta: "string", gamma: "string", mean: "string", var: "string", eps: "float", channels: "int" } },
  foldedConvWeight: { args: { weight: "string", count: "int", gamma: "string", var: "string", eps: "float", channels: "int" } },
  foldedConvBias: { args: { bias: "string", beta: "string", mean: "string", gamma: "string", var: "string", eps: "float", channels: "int" } },
  dilatedKernel: { args: { weight: "string", count: "int", kh: "int", kw: "int", dh: "int", dw: "int" } },
  // int32 Weights of a file tensor holding whole numbers in [0, bound)
  indices: { args: { name: "string", count: "int", bound: "int" } },
} as const satisfies Record<string, CallSpec>;

export const CATALOG = { network, builder: composites, weights } as const;
export type Catalog = typeof CATALOG;
export type Target = keyof Catalog;

/**
 * Public trtgen::NetworkBuilder members the generated code calls outside the
 * lowered program (weights check, inputs, outputs, error handling): the
 * templates' own plumbing, not calls a lowering emits.
 */
export const BUILDER_PLUMBING = ["requireAll", "computeType", "input", "output", "check", "nameNewLayers", "fail", "ok", "report"] as const;

// ---- types derived from the table

type ValueOf<S> = S extends ArgType ? ArgValues[S] : S extends { readonly values: readonly (infer V)[] } ? V : never;
type ArgsOf<E> = E extends { readonly args: infer A } ? { -readonly [K in keyof A]: ValueOf<A[K]> } : never;
type SettersOf<E> = E extends { readonly setters: infer S }
  ? { -readonly [K in keyof S]?: S[K] extends { readonly arg: infer A } ? ValueOf<A> : never }
  : Record<never, never>;

/** A call of `fn` on `target` with its named arguments (and, for layers, its setters). */
export type CallOf<T extends Target, F extends keyof Catalog[T]> = T extends "weights"
  ? { target: T; fn: F; args: ArgsOf<Catalog[T][F]> }
  : { target: T; fn: F; args: ArgsOf<Catalog[T][F]>; setters: SettersOf<Catalog[T][F]> };

type CallsOf<T extends Target> = { [F in keyof Catalog[T]]: CallOf<T, F> }[keyof Catalog[T]];
export type NetworkCall = CallsOf<"network">;
export type BuilderCall = CallsOf<"builder">;
/** A layer: an INetworkDefinition method or a NetworkBuilder composite. */
export type LayerCall = NetworkCall | BuilderCall;
export type WeightsCall = CallsOf<"weights">;
export type AnyCall = LayerCall | WeightsCall;

type Constructors<T extends Target> = {
  [F in keyof Catalog[T]]: T extends "weights"
    ? (args: ArgsOf<Catalog[T][F]>) => CallOf<T, F>
    : (args: ArgsOf<Catalog[T][F]>, setters?: SettersOf<Catalog[T][F]>) => CallOf<T, F>;
};

function constructors<T extends Target>(target: T): Constructors<T> {
  const table = CATALOG[target] as Record<string, CallSpec>;
  return Object.fromEntries(
    Object.keys(table).map((fn) => [
      fn,
      target === "weights" ? (args: object) => ({ target, fn, args }) : (args: object, setters: object = {}) => ({ target, fn, args, setters }),
    ]),
  ) as unknown as Constructors<T>;
}

/** `net.addConvolutionNd({ input, nbOutputMaps, ... }, { stride: [2, 2] })`: INetworkDefinition layers. */
export const net = constructors("network");
/** NetworkBuilder composite layers. */
export const builder = constructors("builder");
/** NetworkBuilder weights calls. */
export const weightsCalls = constructors("weights");

// ---- lookups for emit and simulate

/** The table entry of a call. */
export function specOf(c: { target: Target; fn: string }): CallSpec {
  const s = (CATALOG[c.target] as Record<string, CallSpec>)[c.fn];
  if (!s) throw new Error(`internal: ${c.target} call '${c.fn}' is not in the catalog`);
  return s;
}

/** Calls checkCall has passed: emit renders a layer's arguments and its setters, each of which checks. */
const checkedCalls = new WeakSet<object>();

/** Whether a catalog type admits a value: enums and constants only the members the catalog lists. */
const admits = (t: ArgSpec, v: unknown): boolean => typeof t !== "object" || v === undefined || t.values.includes(v as string);

/**
 * Throws unless a call has exactly its catalog arguments and only catalog setters (for calls
 * built without the typed constructors). The check allocates nothing and runs once a call;
 * only a call with a problem is looked at again, for the message (`npm run bench`: emit of a
 * 1000-layer spec checks ~5000 calls).
 */
export function checkCall(c: AnyCall): void {
  if (checkedCalls.has(c)) return;
  const spec = specOf(c);
  const args = c.args as Record<string, unknown>;
  const given = "setters" in c ? (c.setters as Record<string, unknown>) : undefined;
  const setterSpecs = spec.setters;
  let ok = true;
  let count = 0;
  // the catalog's own tables: object literals
  for (const k in spec.args) {
    ok &&= args[k] !== undefined && admits(spec.args[k]!, args[k]);
    count++;
  }
  // every catalog argument given, so no other one where there are as many
  ok &&= Object.keys(args).length === count;
  if (given) for (const k in given) ok &&= setterSpecs !== undefined && k in setterSpecs && admits(setterSpecs[k]!.arg, given[k]);
  if (!ok) throw new Error(`${c.fn}: ${callProblems(spec, args, given).join(", ")} (see src/lower/catalog.ts)`);
  checkedCalls.add(c);
}

function callProblems(spec: CallSpec, args: Record<string, unknown>, given: Record<string, unknown> | undefined): string[] {
  const setterSpecs = spec.setters ?? {};
  const missing: string[] = [];
  const members: string[] = [];
  const extra: string[] = [];
  const setters: string[] = [];
  const member = (k: string, t: ArgSpec, v: unknown) => {
    if (!admits(t, v)) members.push(`'${k}' ${String(v)} is not a ${typeof t === "object" && "enum" in t ? "member" : "constant"} the catalog lists`);
  };
  for (const k in spec.args) {
    if (args[k] === undefined) missing.push(`no argument '${k}'`);
    member(k, spec.args[k]!, args[k]);
  }
  for (const k in setterSpecs) member(k, setterSpecs[k]!.arg, given?.[k]);
  for (const k of Object.keys(args)) if (!(k in spec.args)) extra.push(`unknown argument '${k}'`);
  if (given) for (const k of Object.keys(given)) if (!(k in setterSpecs)) setters.push(`unknown setter '${k}'`);
  return [...missing, ...members, ...extra, ...setters];
}

/** The arguments of a call in C++ order, with their types. */
export function orderedArgs(c: AnyCall): { name: string; type: ArgSpec; value: unknown }[] {
  checkCall(c);
  const args = c.args as Record<string, unknown>;
  return Object.entries(specOf(c).args).map(([name, type]) => ({ name, type, value: args[name] }));
}

function equalsDefault(s: SetterSpec, value: unknown): boolean {
  if (s.default === undefined) return false;
  return Array.isArray(value) ? value.every((v) => v === s.default) : value === s.default;
}

/** A layer's setters in the catalog's order, without those given TensorRT's default. */
export function renderedSetters(c: LayerCall): { fn: string; type: ArgSpec; value: unknown }[] {
  checkCall(c);
  const given = c.setters as Record<string, unknown>;
  const out: { fn: string; type: ArgSpec; value: unknown }[] = [];
  for (const [name, s] of Object.entries(specOf(c).setters ?? {})) {
    const value = given[name];
    if (value !== undefined && !equalsDefault(s, value)) out.push({ fn: s.fn, type: s.arg, value });
  }
  return out;
}

/**
 * The value a setter leaves in effect: the one given, else TensorRT's default
 * (dims of `rank` elements), else undefined where the default has no single value.
 */
export function setterValue<C extends LayerCall, K extends keyof C["setters"] & string>(c: C, name: K, rank = 2): C["setters"][K] | undefined {
  const given = (c.setters as Record<string, unknown>)[name];
  if (given !== undefined) return given as C["setters"][K];
  const s = specOf(c).setters?.[name];
  if (s?.default === undefined) return undefined;
  return (s.arg === "dims" ? Array<number>(rank).fill(s.default as number) : s.default) as C["setters"][K];
}

/** Bit mask of axes. */
export const axesMask = (axes: readonly number[]): number => axes.reduce((m, a) => m | (1 << a), 0);
