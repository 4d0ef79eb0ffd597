// Executes a LoweredProgram (the TensorRT calls trtgen would emit) on the CPU.
// Every step is interpreted by the TensorRT method it names, with that
// method's documented semantics; the spec's ops are never consulted.
import type { Arg, Call, LayerStep, LoweredProgram, Step, WeightsStep } from "../lower/types.js";
import * as K from "./kernels.js";
import { SimError, fmt, numel, tensor, type Tensor } from "./tensor.js";
import { roundToHalf } from "../weights/half.js";

export interface SimulationResult {
  /** Spec output name → tensor. */
  outputs: Map<string, Tensor>;
  /** Spec layer name → its output tensor (every layer, in program order). */
  layers: Map<string, Tensor>;
}

/** Layers a CPU simulation cannot run (plugins and C++ snippets). */
export function unsimulatable(program: LoweredProgram): { layer: string; what: string }[] {
  const out: { layer: string; what: string }[] = [];
  for (const l of program.layers) {
    for (const s of l.steps) {
      if (s.kind === "snippet") out.push({ layer: l.layer, what: "a C++ snippet" });
      else if (s.kind === "layer" && s.target === "builder" && s.call.fn === "plugin") {
        const name = s.call.args[1];
        out.push({ layer: l.layer, what: `TensorRT plugin '${name?.k === "string" ? name.v : "?"}'` });
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
    if (v.length !== numel(i.shape)) throw new SimError(`input '${i.name}' ${fmt(i.shape)} needs ${numel(i.shape)} values, got ${v.length}`);
    // a float16 network input receives half-precision values
    env.tensors.set(i.var, tensor([...i.shape], i.dtype === "float16" ? v.map(roundHalf) : v));
  }
  const layers = new Map<string, Tensor>();
  for (const l of program.layers) {
    for (const s of l.steps) {
      try {
        env.run(s);
      } catch (e) {
        if (!(e instanceof SimError)) throw e;
        const what = s.kind === "layer" ? `${s.call.fn} '${s.name}'` : s.kind === "weights" ? `weights ${s.call.fn}(${s.var})` : "snippet";
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

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** Setters of one layer; every setter must be consumed by the layer's handler. */
class Setters {
  private readonly map = new Map<string, Arg[]>();
  private readonly used = new Set<string>();
  constructor(calls: Call[]) {
    for (const c of calls) this.map.set(c.fn, c.args);
  }
  get(fn: string): Arg[] | undefined {
    this.used.add(fn);
    return this.map.get(fn);
  }
  unused(): string[] {
    return [...this.map.keys()].filter((k) => !this.used.has(k));
  }
}

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
    if (s.kind === "weights") this.weightsStep(s);
    else if (s.kind === "layer") this.layerStep(s);
    else throw new SimError(`a C++ snippet cannot be simulated`);
  }

  // ---- argument decoding
  private t(a: Arg | undefined): Tensor {
    if (a?.k !== "tensor") throw new SimError(`expected a tensor argument, got ${a?.k ?? "nothing"}`);
    return this.tensor(a.v);
  }
  private int(a: Arg | undefined): number {
    if (a?.k !== "int") throw new SimError(`expected an int argument, got ${a?.k ?? "nothing"}`);
    return a.v;
  }
  private num(a: Arg | undefined): number {
    if (a?.k !== "float" && a?.k !== "int") throw new SimError(`expected a float argument, got ${a?.k ?? "nothing"}`);
    return Math.fround(a.v);
  }
  private bool(a: Arg | undefined): boolean {
    if (a?.k !== "bool") throw new SimError(`expected a bool argument, got ${a?.k ?? "nothing"}`);
    return a.v;
  }
  private dims(a: Arg | undefined): number[] {
    if (a?.k !== "dims") throw new SimError(`expected a Dims argument, got ${a?.k ?? "nothing"}`);
    return a.v;
  }
  private pair(a: Arg | undefined, what: string): [number, number] {
    const d = this.dims(a);
    if (d.length !== 2) throw new SimError(`${what} ${fmt(d)}: only 2-D windows are simulated`);
    return [d[0]!, d[1]!];
  }
  private enumV(a: Arg | undefined): string {
    if (a?.k !== "enum" && a?.k !== "compat") throw new SimError(`expected an enum argument, got ${a?.k ?? "nothing"}`);
    return a.v;
  }
  private mask(a: Arg | undefined): number {
    if (a?.k !== "mask" && a?.k !== "int") throw new SimError(`expected an axes mask, got ${a?.k ?? "nothing"}`);
    return a.v;
  }
  /** undefined for an empty Weights{}. */
  private w(a: Arg | undefined): Float32Array | undefined {
    if (a?.k === "noWeights") return undefined;
    if (a?.k !== "weights") throw new SimError(`expected a Weights argument, got ${a?.k ?? "nothing"}`);
    const w = this.weightVars.get(a.v);
    if (!w) throw new SimError(`weights '${a.v}' are used before they are defined`);
    return w.length === 0 ? undefined : w;
  }
  private str(a: Arg | undefined): string {
    if (a?.k !== "string") throw new SimError(`expected a string argument, got ${a?.k ?? "nothing"}`);
    return a.v;
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
    const a = s.call.args;
    const f = Math.fround;
    let v: Float32Array;
    switch (s.call.fn) {
      case "weight":
        v = this.fileTensor(this.str(a[0]), this.int(a[1]));
        break;
      case "constant": {
        const x = a[0];
        if (x?.k !== "floats") throw new SimError("constant() expects floats");
        v = Float32Array.from(x.v);
        break;
      }
      case "batchNormScale": {
        // scale[c] = g[c] / sqrt(v[c] + eps), in float
        const c = this.int(a[3]);
        const eps = this.num(a[2]);
        const g = this.floatsOr(this.str(a[0]), c, 1);
        const vr = this.floatsOr(this.str(a[1]), c, 1);
        v = new Float32Array(c);
        for (let i = 0; i < c; i++) v[i] = g[i]! / f(Math.sqrt(f(vr[i]! + eps)));
        break;
      }
      case "foldedConvWeight": {
        // W'[o, ...] = W[o, ...] * g[o] / sqrt(v[o] + eps)
        const count = this.int(a[1]);
        const c = this.int(a[5]);
        const w = this.fileTensor(this.str(a[0]), count);
        const g = this.floatsOr(this.str(a[2]), c, 1);
        const vr = this.floatsOr(this.str(a[3]), c, 1);
        const eps = this.num(a[4]);
        const per = count / c;
        v = new Float32Array(count);
        for (let o = 0; o < c; o++) {
          const scale = f(g[o]! / f(Math.sqrt(f(vr[o]! + eps))));
          for (let i = 0; i < per; i++) v[o * per + i] = f(w[o * per + i]! * scale);
        }
        break;
      }
      case "dilatedKernel": {
        // [..., kh, kw] -> [..., dh*(kh-1)+1, dw*(kw-1)+1], zeros between the taps
        const count = this.int(a[1]);
        const [kh, kw, dh, dw] = [this.int(a[2]), this.int(a[3]), this.int(a[4]), this.int(a[5])];
        const w = this.fileTensor(this.str(a[0]), count);
        const [eh, ew] = [dh * (kh - 1) + 1, dw * (kw - 1) + 1];
        const planes = count / (kh * kw);
        v = new Float32Array(planes * eh * ew);
        for (let p = 0; p < planes; p++) {
          for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) v[(p * eh + i * dh) * ew + j * dw] = w[(p * kh + i) * kw + j]!;
        }
        break;
      }
      case "foldedConvBias": {
        // b'[o] = (b[o] - m[o]) * g[o] / sqrt(v[o] + eps) + beta[o]
        const c = this.int(a[6]);
        const eps = this.num(a[5]);
        const b = this.floatsOr(this.str(a[0]), c, 0);
        const beta = this.floatsOr(this.str(a[1]), c, 0);
        const m = this.floatsOr(this.str(a[2]), c, 0);
        const g = this.floatsOr(this.str(a[3]), c, 1);
        const vr = this.floatsOr(this.str(a[4]), c, 1);
        v = new Float32Array(c);
        for (let o = 0; o < c; o++) v[o] = f(f(f(b[o]! - m[o]!) * f(g[o]! / f(Math.sqrt(f(vr[o]! + eps))))) + beta[o]!);
        break;
      }
      case "batchNormShift": {
        // shift[c] = b[c] - m[c] * g[c] / sqrt(v[c] + eps), in float
        const c = this.int(a[5]);
        const eps = this.num(a[4]);
        const b = this.floatsOr(this.str(a[0]), c, 0);
        const g = this.floatsOr(this.str(a[1]), c, 1);
        const m = this.floatsOr(this.str(a[2]), c, 0);
        const vr = this.floatsOr(this.str(a[3]), c, 1);
        v = new Float32Array(c);
        for (let i = 0; i < c; i++) v[i] = f(b[i]! - f(f(m[i]! * g[i]!) / f(Math.sqrt(f(vr[i]! + eps)))));
        break;
      }
      default:
        throw new SimError(`NetworkBuilder::${s.call.fn} is not simulated`);
    }
    if (v.length !== s.count) throw new SimError(`${s.call.fn} produced ${v.length} values, the program expects ${s.count}`);
    this.weightVars.set(s.var, v);
  }

  // ---- layers
  private layerStep(s: LayerStep): void {
    const set = new Setters(s.setters);
    const out = s.target === "builder" ? this.builderLayer(s) : this.networkLayer(s, set);
    const extra = set.unused();
    if (extra.length > 0) throw new SimError(`setter${extra.length > 1 ? "s" : ""} ${extra.join(", ")} not simulated for ${s.call.fn}`);
    if (!sameShape(out.shape, s.outShape)) {
      throw new SimError(`TensorRT computes ${fmt(out.shape)} but the lowering declares ${fmt(s.outShape)} (a lowering bug)`);
    }
    this.tensors.set(s.out, out);
  }

  private builderLayer(s: LayerStep): Tensor {
    const a = s.call.args;
    if (s.call.fn === "gelu") return K.map(this.t(a[0]), this.bool(a[1]) ? K.geluTanh : K.geluErf);
    throw new SimError(`NetworkBuilder::${s.call.fn} cannot be simulated`);
  }

  private convGeometry(set: Setters, kernel: [number, number]): K.ConvGeometry {
    const pad = set.get("setPaddingNd");
    const pre = set.get("setPrePadding") ?? pad;
    const post = set.get("setPostPadding") ?? pad;
    const stride = set.get("setStrideNd");
    const dil = set.get("setDilationNd");
    const groups = set.get("setNbGroups");
    return {
      kernel,
      stride: stride ? this.pair(stride[0], "stride") : [1, 1],
      pre: pre ? this.pair(pre[0], "pre-padding") : [0, 0],
      post: post ? this.pair(post[0], "post-padding") : [0, 0],
      dilation: dil ? this.pair(dil[0], "dilation") : [1, 1],
      groups: groups ? this.int(groups[0]) : 1,
    };
  }

  private networkLayer(s: LayerStep, set: Setters): Tensor {
    const a = s.call.args;
    switch (s.call.fn) {
      case "addConvolutionNd":
      case "addDeconvolutionNd": {
        const x = this.t(a[0]);
        const k = this.int(a[1]);
        const kernel = this.pair(a[2], "kernel");
        const w = this.w(a[3]) ?? new Float32Array(0);
        const bias = this.w(a[4]);
        const g = this.convGeometry(set, kernel);
        return s.call.fn === "addConvolutionNd" ? K.convolution(x, k, w, bias, g) : K.deconvolution(x, k, w, bias, g);
      }
      case "addScale":
      case "addScaleNd": {
        const x = this.t(a[0]);
        const mode = this.enumV(a[1]) as K.ScaleMode;
        if (!["kUNIFORM", "kCHANNEL", "kELEMENTWISE"].includes(mode)) throw new SimError(`ScaleMode ${mode} is not simulated`);
        // addScale: the channel axis is the third-to-last dimension; addScaleNd names it
        const axis = s.call.fn === "addScaleNd" ? this.int(a[5]) : x.shape.length - 3;
        const ca = set.get("setChannelAxis");
        return K.scale(x, mode, this.w(a[2]), this.w(a[3]), this.w(a[4]), ca ? this.int(ca[0]) : axis);
      }
      case "addActivation": {
        const alpha = set.get("setAlpha");
        const beta = set.get("setBeta");
        return K.map(this.t(a[0]), K.activationFn(this.enumV(a[1]), alpha ? this.num(alpha[0]) : 0, beta ? this.num(beta[0]) : 0));
      }
      case "addUnary":
        return K.map(this.t(a[0]), K.unaryFn(this.enumV(a[1])));
      case "addPoolingNd": {
        const type = this.enumV(a[1]);
        if (type !== "kMAX" && type !== "kAVERAGE") throw new SimError(`PoolingType ${type} is not simulated`);
        const window = this.pair(a[2], "window");
        const pad = set.get("setPaddingNd");
        const pre = set.get("setPrePadding") ?? pad;
        const post = set.get("setPostPadding") ?? pad;
        const stride = set.get("setStrideNd");
        const excl = set.get("setAverageCountExcludesPadding");
        return K.pooling(this.t(a[0]), type, {
          window,
          stride: stride ? this.pair(stride[0], "stride") : [1, 1],
          pre: pre ? this.pair(pre[0], "pre-padding") : [0, 0],
          post: post ? this.pair(post[0], "post-padding") : [0, 0],
          excludePadding: excl ? this.bool(excl[0]) : true,
        });
      }
      case "addPaddingNd":
        return K.padding(this.t(a[0]), this.dims(a[1]), this.dims(a[2]));
      case "addElementWise":
        return K.elementwise(this.t(a[0]), this.t(a[1]), this.enumV(a[2]));
      case "addSelect":
        return K.select(this.t(a[0]), this.t(a[1]), this.t(a[2]));
      case "addShuffle": {
        const first = set.get("setFirstTranspose");
        const reshape = set.get("setReshapeDimensions");
        const second = set.get("setSecondTranspose");
        const zero = set.get("setZeroIsPlaceholder");
        if (zero && !this.bool(zero[0])) throw new SimError("setZeroIsPlaceholder(false) is not simulated");
        const perm = (x: Arg[] | undefined) => {
          if (!x) return undefined;
          const p = x[0];
          if (p?.k !== "perm") throw new SimError(`expected a Permutation, got ${p?.k ?? "nothing"}`);
          return p.v;
        };
        return K.shuffle(this.t(a[0]), perm(first), reshape ? this.dims(reshape[0]) : undefined, perm(second));
      }
      case "addResize":
        return this.resize(this.t(a[0]), set);
      case "addConcatenation": {
        const ts = a[0];
        if (ts?.k !== "tensors") throw new SimError("expected a tensor list");
        const xs = ts.v.map((v) => this.tensor(v));
        const axis = set.get("setAxis");
        const rank = xs[0]!.shape.length;
        return K.concatenation(xs, axis ? this.int(axis[0]) : Math.max(0, rank - 3));
      }
      case "addMatrixMultiply":
        return K.matrixMultiply(this.t(a[0]), this.enumV(a[1]), this.t(a[2]), this.enumV(a[3]));
      case "addSoftMax": {
        const x = this.t(a[0]);
        const axes = set.get("setAxes");
        const m = axes ? this.mask(axes[0]) : 1 << Math.max(0, x.shape.length - 3);
        const bits = x.shape.map((_d, i) => i).filter((i) => (m >>> i) & 1);
        if (bits.length !== 1) throw new SimError(`softmax axes mask ${m} must name exactly one axis of ${fmt(x.shape)}`);
        return K.softmax(x, bits[0]!);
      }
      case "addReduce":
        return K.reduce(this.t(a[0]), this.enumV(a[1]), this.mask(a[2]), this.bool(a[3]));
      case "addSlice": {
        const mode = set.get("setMode");
        if (mode && this.enumV(mode[0]) !== "kSTRICT_BOUNDS" && this.enumV(mode[0]) !== "kDEFAULT")
          throw new SimError(`slice mode ${this.enumV(mode[0])} is not simulated`);
        return K.slice(this.t(a[0]), this.dims(a[1]), this.dims(a[2]), this.dims(a[3]));
      }
      case "addConstant": {
        const shape = this.dims(a[0]);
        const w = this.w(a[1]) ?? new Float32Array(0);
        if (w.length !== numel(shape)) throw new SimError(`constant ${fmt(shape)} needs ${numel(shape)} values, the weights hold ${w.length}`);
        return tensor([...shape], w.slice());
      }
      case "addParametricReLU":
        return K.parametricRelu(this.t(a[0]), this.t(a[1]));
      case "addIdentity": {
        const x = this.t(a[0]);
        return tensor([...x.shape], x.data.slice());
      }
      default:
        throw new SimError(`INetworkDefinition::${s.call.fn} is not simulated`);
    }
  }

  private resize(x: Tensor, set: Setters): Tensor {
    const modeA = set.get("setResizeMode") ?? set.get("setInterpolationMode");
    const m = modeA ? this.enumV(modeA[0]) : "kNEAREST";
    const mode = /NEAREST|Nearest/.test(m) ? "nearest" : /LINEAR|Linear/.test(m) ? "linear" : undefined;
    if (!mode) throw new SimError(`resize mode ${m} is not simulated`);
    const scalesA = set.get("setScales");
    const dimsA = set.get("setOutputDimensions");
    if (scalesA && dimsA) throw new SimError("resize has both setScales and setOutputDimensions");
    let outShape: number[];
    if (scalesA) {
      // the scales set the output size only (floor(in * scale)); the mapping uses in/out
      const f = scalesA[0];
      if (f?.k !== "floats") throw new SimError("setScales expects floats");
      if (f.v.length !== x.shape.length) throw new SimError(`setScales has ${f.v.length} scales for ${fmt(x.shape)}`);
      outShape = x.shape.map((d, i) => Math.floor(d * Math.fround(f.v[i]!)));
    } else if (dimsA) {
      outShape = this.dims(dimsA[0]);
      if (outShape.length !== x.shape.length) throw new SimError(`setOutputDimensions ${fmt(outShape)} has a different rank than ${fmt(x.shape)}`);
    } else {
      throw new SimError("resize needs setScales or setOutputDimensions");
    }
    const ctA = set.get("setCoordinateTransformation");
    const align = set.get("setAlignCorners");
    const transform = ctA ? this.enumV(ctA[0]) : align && this.bool(align[0]) ? "kALIGN_CORNERS" : "kASYMMETRIC";
    if (!["kASYMMETRIC", "kHALF_PIXEL", "kALIGN_CORNERS"].includes(transform)) throw new SimError(`coordinate transformation ${transform} is not simulated`);
    const roundA = set.get("setNearestRounding");
    const rounding = roundA ? this.enumV(roundA[0]) : "kFLOOR";
    if (!["kFLOOR", "kCEIL", "kHALF_UP", "kHALF_DOWN"].includes(rounding)) throw new SimError(`nearest rounding ${rounding} is not simulated`);
    const sel = set.get("setSelectorForSinglePixel");
    if (sel && this.enumV(sel[0]) !== "kFORMULA") throw new SimError(`single-pixel selector ${this.enumV(sel[0])} is not simulated`);
    return K.resize(x, { mode, outShape, transform: transform as K.ResizeOptions["transform"], rounding: rounding as K.ResizeOptions["rounding"] });
  }
}
