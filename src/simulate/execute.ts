// Executes a LoweredProgram (the TensorRT calls trtgen would emit) on the CPU.
// Every step is interpreted by the TensorRT method it names, with that
// method's documented semantics; the spec's ops are never consulted.
import { axesMask, checkCall, setterValue, specOf, type BuilderCall, type NetworkCall } from "../lower/catalog.js";
import type { LayerStep, LoweredProgram, Step, WeightsStep } from "../lower/types.js";
import { valueHint } from "../lower/values.js";
import * as K from "./kernels.js";
import { SimError, fmt, numel, tensor, type Tensor } from "./tensor.js";
import { roundToHalf } from "../weights/half.js";

export interface SimulationResult {
  /** Spec output name → tensor. */
  outputs: Map<string, Tensor>;
  /** Spec layer name → its output tensor (every layer, in program order). */
  layers: Map<string, Tensor>;
}

/** Layers a CPU simulation cannot run (C++ snippets and catalog calls marked unsimulatable, such as plugins). */
export function unsimulatable(program: LoweredProgram): { layer: string; what: string }[] {
  const out: { layer: string; what: string }[] = [];
  for (const l of program.layers) {
    for (const s of l.steps) {
      if (s.kind === "snippet") out.push({ layer: l.layer, what: "a C++ snippet" });
      else {
        const what = specOf(s.call).unsimulatable;
        if (what !== undefined) out.push({ layer: l.layer, what: s.call.fn === "plugin" ? `TensorRT plugin '${s.call.args.name}'` : what });
      }
    }
  }
  return out;
}

/** Runs the program on float32 inputs (spec input name → values in C order). */
export function executeProgram(
  program: LoweredProgram,
  weights: ReadonlyMap<string, Float32Array>,
  inputs: ReadonlyMap<string, Float32Array>,
  /** Dynamic shapes: the shape each dynamic input runs at (required for those). */
  shapes: ReadonlyMap<string, readonly number[]> = new Map(),
): SimulationResult {
  const blocked = unsimulatable(program);
  if (blocked.length > 0) {
    const b = blocked[0]!;
    throw new SimError(
      `layer '${b.layer}' is a custom layer (${b.what}) and cannot be simulated${blocked.length > 1 ? ` (nor can ${blocked.length - 1} more custom layer${blocked.length > 2 ? "s" : ""})` : ""}`,
    );
  }
  const env = new Env(weights);
  for (const i of program.inputs) {
    const v = inputs.get(i.name);
    if (!v) throw new SimError(`no values for input '${i.name}'`);
    const shape = shapes.get(i.name) ?? i.shape;
    if (!sameShape(shape, i.shape)) throw new SimError(`input '${i.name}' ${fmt(i.shape)} cannot run at ${fmt(shape)}`);
    if (shape.includes(-1)) throw new SimError(`input '${i.name}' ${fmt(i.shape)} is dynamic: give the shape to run at`);
    if (v.length !== numel(shape)) throw new SimError(`input '${i.name}' ${fmt(shape)} needs ${numel(shape)} values, got ${v.length}`);
    // a float16 network input receives half-precision values
    env.tensors.set(i.var, tensor([...shape], i.dtype === "float16" ? v.map(roundHalf) : v));
  }
  const layers = new Map<string, Tensor>();
  for (const l of program.layers) {
    for (const s of l.steps) {
      try {
        env.run(s);
      } catch (e) {
        if (!(e instanceof SimError)) throw e;
        const what = s.kind === "layer" ? `${s.call.fn} '${s.name}'` : s.kind === "weights" ? `weights ${s.call.fn}(${valueHint(program, s.var)})` : "snippet";
        throw new SimError(`layer '${l.layer}' (${what}): ${e.message}`);
      }
    }
    layers.set(l.layer, env.tensor(l.out));
  }
  const outputs = new Map<string, Tensor>();
  for (const o of program.outputs) {
    const t = env.tensor(o.var);
    if (!sameShape(t.shape, o.shape)) throw new SimError(`output '${o.name}' is ${fmt(t.shape)} but the spec says ${fmt(o.shape)}`);
    outputs.set(o.name, t);
  }
  return { outputs, layers };
}

const roundHalf = (v: number) => roundToHalf(v);

/** Whether shape `a` fits the declared shape `b` (-1 in `b`: a dynamic dimension, any extent). */
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i] || b[i] === -1);

class Env {
  readonly tensors = new Map<string, Tensor>();
  readonly weightVars = new Map<string, Float32Array>();

  constructor(private readonly file: ReadonlyMap<string, Float32Array>) {}

  tensor(v: string): Tensor {
    const t = this.tensors.get(v);
    if (!t) throw new SimError(`tensor '${v}' is used before it is defined`);
    return t;
  }

  run(s: Step): void {
    if (s.kind !== "snippet") {
      try {
        checkCall(s.call);
      } catch (e) {
        throw new SimError((e as Error).message);
      }
    }
    if (s.kind === "weights") this.weightsStep(s);
    else if (s.kind === "layer") this.layerStep(s);
    else throw new SimError(`a C++ snippet cannot be simulated`);
  }

  /** undefined for an empty Weights. */
  private w(v: string | null): Float32Array | undefined {
    if (v === null) return undefined;
    const w = this.weightVars.get(v);
    if (!w) throw new SimError(`weights '${v}' are used before they are defined`);
    return w.length === 0 ? undefined : w;
  }

  // ---- NetworkBuilder weights calls (cpp-runtime/network_builder.cpp)
  private fileTensor(name: string, count: number): Float32Array {
    const v = this.file.get(name);
    if (!v) throw new SimError(`the .wts file has no tensor '${name}'`);
    if (v.length !== count) throw new SimError(`tensor '${name}' holds ${v.length} values, expected ${count}`);
    return v;
  }
  private floatsOr(name: string, count: number, fallback: number): Float32Array {
    return name === "" ? new Float32Array(count).fill(fallback) : this.fileTensor(name, count);
  }

  private weightsStep(s: WeightsStep): void {
    const f = Math.fround;
    const c = s.call;
    let v: Float32Array;
    switch (c.fn) {
      case "weight":
        v = this.fileTensor(c.args.name, c.args.count);
        break;
      case "constant":
        v = Float32Array.from(c.args.values);
        break;
      case "batchNormScale": {
        // scale[c] = g[c] / sqrt(v[c] + eps), in float
        const { channels: n, eps } = c.args;
        const g = this.floatsOr(c.args.gamma, n, 1);
        const vr = this.floatsOr(c.args.var, n, 1);
        v = new Float32Array(n);
        for (let i = 0; i < n; i++) v[i] = g[i]! / f(Math.sqrt(f(vr[i]! + f(eps))));
        break;
      }
      case "foldedConvWeight": {
        // W'[o, ...] = W[o, ...] * g[o] / sqrt(v[o] + eps)
        const { count, channels: n, eps } = c.args;
        const w = this.fileTensor(c.args.weight, count);
        const g = this.floatsOr(c.args.gamma, n, 1);
        const vr = this.floatsOr(c.args.var, n, 1);
        const per = count / n;
        v = new Float32Array(count);
        for (let o = 0; o < n; o++) {
          const scale = f(g[o]! / f(Math.sqrt(f(vr[o]! + f(eps)))));
          for (let i = 0; i < per; i++) v[o * per + i] = f(w[o * per + i]! * scale);
        }
        break;
      }
      case "dilatedKernel": {
        // [..., kh, kw] -> [..., dh*(kh-1)+1, dw*(kw-1)+1], zeros between the taps
        const { count, kh, kw, dh, dw } = c.args;
        const w = this.fileTensor(c.args.weight, count);
        const [eh, ew] = [dh * (kh - 1) + 1, dw * (kw - 1) + 1];
        const planes = count / (kh * kw);
        v = new Float32Array(planes * eh * ew);
        for (let p = 0; p < planes; p++) {
          for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) v[(p * eh + i * dh) * ew + j * dw] = w[(p * kh + i) * kw + j]!;
        }
        break;
      }
      case "indices": {
        // whole numbers in [0, bound), as NetworkBuilder::indices checks them
        v = this.fileTensor(c.args.name, c.args.count);
        const bad = v.findIndex((x) => !Number.isInteger(x) || x < 0 || x >= c.args.bound);
        if (bad >= 0) throw new SimError(`tensor '${c.args.name}' value ${v[bad]} at ${bad} is not an index in [0, ${c.args.bound})`);
        break;
      }
      case "foldedConvBias": {
        // b'[o] = (b[o] - m[o]) * g[o] / sqrt(v[o] + eps) + beta[o]
        const { channels: n, eps } = c.args;
        const b = this.floatsOr(c.args.bias, n, 0);
        const beta = this.floatsOr(c.args.beta, n, 0);
        const m = this.floatsOr(c.args.mean, n, 0);
        const g = this.floatsOr(c.args.gamma, n, 1);
        const vr = this.floatsOr(c.args.var, n, 1);
        v = new Float32Array(n);
        for (let o = 0; o < n; o++) v[o] = f(f(f(b[o]! - m[o]!) * f(g[o]! / f(Math.sqrt(f(vr[o]! + f(eps)))))) + beta[o]!);
        break;
      }
      case "batchNormShift": {
        // shift[c] = b[c] - m[c] * g[c] / sqrt(v[c] + eps), in float
        const { channels: n, eps } = c.args;
        const b = this.floatsOr(c.args.beta, n, 0);
        const g = this.floatsOr(c.args.gamma, n, 1);
        const m = this.floatsOr(c.args.mean, n, 0);
        const vr = this.floatsOr(c.args.var, n, 1);
        v = new Float32Array(n);
        for (let i = 0; i < n; i++) v[i] = f(b[i]! - f(f(m[i]! * g[i]!) / f(Math.sqrt(f(vr[i]! + f(eps))))));
        break;
      }
    }
    if (v.length !== s.count) throw new SimError(`${c.fn} produced ${v.length} values, the program expects ${s.count}`);
    this.weightVars.set(s.var, v);
  }

  // ---- layers
  private layerStep(s: LayerStep): void {
    const out = s.call.target === "builder" ? this.builderLayer(s.call) : this.networkLayer(s.call);
    if (!sameShape(out.shape, s.outShape)) {
      throw new SimError(`TensorRT computes ${fmt(out.shape)} but the lowering declares ${fmt(s.outShape)} (a lowering bug)`);
    }
    this.tensors.set(s.out, out);
  }

  private builderLayer(c: BuilderCall): Tensor {
    if (c.fn === "gelu") return K.map(this.tensor(c.args.input), c.args.tanhApproximation ? K.geluTanh : K.geluErf);
    // issue 10
    if (c.fn === "normalization") {
      return K.normalization(this.tensor(c.args.input), this.tensor(c.args.scale), this.tensor(c.args.bias), axesMask(c.args.axes), c.args.eps);
    }
    if (c.fn === "argmax") return K.argmax(this.tensor(c.args.input), c.args.axis);
    if (c.fn === "fillSlice") {
      const { input, start, size, value } = c.args;
      return K.slice(this.tensor(input), start, size, Array<number>(start.length).fill(1), "fill", value);
    }
    throw new SimError(`NetworkBuilder::${c.fn} cannot be simulated`);
  }

  private networkLayer(c: NetworkCall): Tensor {
    switch (c.fn) {
      case "addConvolutionNd":
      case "addDeconvolutionNd": {
        const x = this.tensor(c.args.input);
        const w = this.w(c.args.kernel) ?? new Float32Array(0);
        const g: K.ConvGeometry = {
          kernel: pair(c.args.kernelSize, "kernel"),
          stride: pair(setterValue(c, "stride")!, "stride"),
          pre: pair(setterValue(c, "prePadding")!, "pre-padding"),
          post: pair(setterValue(c, "postPadding")!, "post-padding"),
          dilation: pair(setterValue(c, "dilation")!, "dilation"),
          groups: setterValue(c, "nbGroups")!,
        };
        const conv = c.fn === "addConvolutionNd" ? K.convolution : K.deconvolution;
        return conv(x, c.args.nbOutputMaps, w, this.w(c.args.bias), g);
      }
      case "addScale": {
        const x = this.tensor(c.args.input);
        // addScale: the channel axis is the third-to-last dimension
        return K.scale(x, c.args.mode, this.w(c.args.shift), this.w(c.args.scale), this.w(c.args.power), x.shape.length - 3);
      }
      case "addActivation":
        return K.map(this.tensor(c.args.input), K.activationFn(c.args.type, Math.fround(c.setters.alpha ?? 0), Math.fround(c.setters.beta ?? 0)));
      case "addUnary":
        return K.map(this.tensor(c.args.input), K.unaryFn(c.args.operation));
      case "addPoolingNd": {
        const type = c.args.type;
        return K.pooling(this.tensor(c.args.input), type, {
          window: pair(c.args.windowSize, "window"),
          stride: pair(setterValue(c, "stride")!, "stride"),
          pre: pair(setterValue(c, "prePadding")!, "pre-padding"),
          post: pair(setterValue(c, "postPadding")!, "post-padding"),
          excludePadding: setterValue(c, "averageCountExcludesPadding")!,
        });
      }
      case "addPaddingNd":
        return K.padding(this.tensor(c.args.input), c.args.prePadding, c.args.postPadding);
      case "addElementWise":
        return K.elementwise(this.tensor(c.args.input1), this.tensor(c.args.input2), c.args.op);
      case "addSelect":
        return K.select(this.tensor(c.args.condition), this.tensor(c.args.thenInput), this.tensor(c.args.elseInput));
      case "addShuffle": {
        const { firstTranspose, reshapeDimensions, secondTranspose } = c.setters;
        return K.shuffle(this.tensor(c.args.input), firstTranspose, reshapeDimensions, secondTranspose);
      }
      case "addResize":
        return this.resize(this.tensor(c.args.input), c.setters);
      case "addConcatenation": {
        const xs = c.args.inputs.map((v) => this.tensor(v));
        return K.concatenation(xs, c.setters.axis ?? Math.max(0, xs[0]!.shape.length - 3));
      }
      case "addMatrixMultiply":
        return K.matrixMultiply(this.tensor(c.args.input0), c.args.op0, this.tensor(c.args.input1), c.args.op1);
      case "addSoftMax": {
        const x = this.tensor(c.args.input);
        const axes = c.setters.axes ?? [Math.max(0, x.shape.length - 3)];
        if (axes.length !== 1 || axes[0]! >= x.shape.length)
          throw new SimError(`softmax axes mask ${axesMask(axes)} must name exactly one axis of ${fmt(x.shape)}`);
        return K.softmax(x, axes[0]!);
      }
      case "addReduce":
        return K.reduce(this.tensor(c.args.input), c.args.operation, axesMask(c.args.reduceAxes), c.args.keepDimensions);
      case "addSlice": {
        const mode = c.setters.mode === undefined ? "strict" : SLICE_MODES[c.setters.mode];
        return K.slice(this.tensor(c.args.input), c.args.start, c.args.size, c.args.stride, mode);
      }
      case "addConstant": {
        const shape = c.args.dimensions;
        const w = this.w(c.args.weights) ?? new Float32Array(0);
        if (w.length !== numel(shape)) throw new SimError(`constant ${fmt(shape)} needs ${numel(shape)} values, the weights hold ${w.length}`);
        return tensor([...shape], w.slice());
      }
      case "addParametricReLU":
        return K.parametricRelu(this.tensor(c.args.input), this.tensor(c.args.slope));
      case "addGather":
        return K.gatherAxis(this.tensor(c.args.data), this.tensor(c.args.indices), c.args.axis);
      case "addIdentity": {
        const x = this.tensor(c.args.input);
        return tensor([...x.shape], x.data.slice());
      }
    }
  }

  private resize(x: Tensor, set: Extract<NetworkCall, { fn: "addResize" }>["setters"]): Tensor {
    const mode = set.resizeMode === "kResizeLinear" ? "linear" : "nearest";
    let outShape: number[];
    if (set.scales && set.outputDimensions) throw new SimError("resize has both setScales and setOutputDimensions");
    if (set.scales) {
      // the scales set the output size only (floor(in * scale)); the mapping uses in/out
      const f = set.scales;
      if (f.length !== x.shape.length) throw new SimError(`setScales has ${f.length} scales for ${fmt(x.shape)}`);
      outShape = x.shape.map((d, i) => Math.floor(d * Math.fround(f[i]!)));
    } else if (set.outputDimensions) {
      outShape = set.outputDimensions;
      if (outShape.length !== x.shape.length) throw new SimError(`setOutputDimensions ${fmt(outShape)} has a different rank than ${fmt(x.shape)}`);
    } else {
      throw new SimError("resize needs setScales or setOutputDimensions");
    }
    const transform = set.coordinateTransformation ?? "kASYMMETRIC";
    const rounding = set.nearestRounding ?? "kFLOOR";
    return K.resize(x, { mode, outShape, transform, rounding });
  }
}

/** trt_compat.h's slice mode constants. */
const SLICE_MODES = { kSliceWrap: "wrap", kSliceClamp: "clamp", kSliceReflect: "reflect" } as const satisfies Record<string, K.SliceMode>;

/** A 2-D window argument. */
function pair(d: readonly number[], what: string): [number, number] {
  if (d.length !== 2) throw new SimError(`${what} ${fmt(d)}: only 2-D windows are simulated`);
  return [d[0]!, d[1]!];
}
