import type { CppNamer } from "../emit/namer.js";
import type { BoundWeight } from "../ir/graph.js";
import type { Arg, Call, LayerStep, Step } from "./types.js";

/** What an op's lower() gets: its inputs as tensor variables, its weights, and step builders. */
/** A batch norm folded into the convolution being lowered (`--fold-bn`): its tensor names and eps. */
export interface FoldedBatchNorm {
  layer: string;
  gamma: string;
  beta: string;
  mean: string;
  variance: string;
  eps: number;
}

export class LowerContext {
  readonly steps: Step[] = [];
  private suffixes = new Set<string>();
  /** Set when the following batch norm is folded into this layer's weights. */
  foldedBatchNorm?: FoldedBatchNorm;

  constructor(
    private readonly namer: CppNamer,
    /** Spec layer name. */
    readonly layer: string,
    /** Tensor variables of the layer's inputs. */
    readonly inputs: string[],
    readonly inputShapes: number[][],
    readonly outShape: number[],
    private readonly boundWeights: BoundWeight[],
  ) {}

  /** The i-th input tensor as an ITensor& argument. */
  input(i = 0): Arg {
    return { k: "tensor", v: this.inputs[i]! };
  }

  /** File weights of a role (`weight`, `bias`, ...), read with their checked count. */
  weight(role: string): Arg {
    const w = this.bound(role);
    return this.weightsStep(
      `${this.layer}_${role}`,
      {
        fn: "weight",
        args: [
          { k: "string", v: w.tensor },
          { k: "int", v: w.count },
        ],
      },
      w.count,
    );
  }

  /**
   * Convolution kernel and bias with the folded batch norm applied at build time:
   * W' = W * gamma / sqrt(var + eps) per output channel, b' = (b - mean) * that + beta.
   */
  foldedConvWeights(outChannels: number, hasBias: boolean): { kernel: Arg; bias: Arg } {
    const bn = this.foldedBatchNorm!;
    const w = this.boundWeights.find((x) => x.role === "weight")!;
    const s = (v: string) => ({ k: "string", v }) as const;
    const bnArgs = [s(bn.gamma), s(bn.variance), { k: "float", v: bn.eps } as const, { k: "int", v: outChannels } as const];
    const kernel = this.weightsStep(
      `${this.layer}_folded_weight`,
      { fn: "foldedConvWeight", args: [s(w.tensor), { k: "int", v: w.count }, ...bnArgs] },
      w.count,
    );
    const bias = this.weightsStep(
      `${this.layer}_folded_bias`,
      { fn: "foldedConvBias", args: [s(hasBias ? this.tensorName("bias")! : ""), s(bn.beta), s(bn.mean), ...bnArgs] },
      outChannels,
    );
    return { kernel, bias };
  }

  /** File weights of a role, a kernel [..., kh, kw] spread out by `dilation` with zeros between the taps. */
  dilatedKernel(role: string, kernel: readonly [number, number], dilation: readonly [number, number]): Arg {
    const w = this.bound(role);
    const count = (w.count / (kernel[0] * kernel[1])) * (dilation[0] * (kernel[0] - 1) + 1) * (dilation[1] * (kernel[1] - 1) + 1);
    const i = (v: number) => ({ k: "int", v }) as const;
    return this.weightsStep(
      `${this.layer}_dilated_${role}`,
      { fn: "dilatedKernel", args: [{ k: "string", v: w.tensor }, i(w.count), i(kernel[0]), i(kernel[1]), i(dilation[0]), i(dilation[1])] },
      count,
    );
  }

  private bound(role: string): BoundWeight {
    const w = this.boundWeights.find((x) => x.role === role);
    if (!w) throw new Error(`internal: layer '${this.layer}' has no weight role '${role}'`);
    return w;
  }

  /** Tensor name in the .wts of a role, or undefined. */
  tensorName(role: string): string | undefined {
    return this.boundWeights.find((x) => x.role === role)?.tensor;
  }

  /** A derived or constant Weights value computed by the NetworkBuilder. */
  weightsStep(base: string, call: Call, count: number): Arg {
    const v = this.namer.name(base);
    this.steps.push({ kind: "weights", var: v, call, count });
    return { k: "weights", v };
  }

  /** Constant values as Weights (in the network's compute precision). */
  constantWeights(values: number[], base = "const"): Arg {
    return this.weightsStep(`${this.layer}_${base}`, { fn: "constant", args: [{ k: "floats", v: values }] }, values.length);
  }

  /** A constant tensor of the given shape. */
  constantTensor(values: number[], shape: number[], suffix = "const"): string {
    const w = this.constantWeights(values, suffix);
    return this.layerStep("network", "addConstant", [{ k: "dims", v: shape }, w], shape, suffix);
  }

  /**
   * Adds a layer call; returns its output tensor variable. The first layer of a
   * spec layer is named after it; helper layers get `<layer>/<suffix>`.
   */
  layerStep(target: LayerStep["target"], fn: string, args: Arg[], outShape: number[], suffix?: string, setters: Call[] = []): string {
    let name = this.layer;
    let base = this.layer;
    if (suffix !== undefined) {
      let s = suffix;
      for (let i = 2; this.suffixes.has(s); i++) s = `${suffix}${i}`;
      this.suffixes.add(s);
      name = `${this.layer}/${s}`;
      base = `${this.layer}_${s}`;
    }
    const v = this.namer.name(base);
    const out = this.namer.name(`${base}_out`);
    this.steps.push({ kind: "layer", var: v, target, call: { fn, args }, name, setters, out, outShape });
    return out;
  }

  /** The main layer (no suffix). */
  main(fn: string, args: Arg[], setters: Call[] = [], target: LayerStep["target"] = "network", outShape = this.outShape): string {
    return this.layerStep(target, fn, args, outShape, undefined, setters);
  }

  /** A helper layer with a suffix in its name. */
  helper(suffix: string, fn: string, args: Arg[], outShape: number[], setters: Call[] = [], target: LayerStep["target"] = "network"): string {
    return this.layerStep(target, fn, args, outShape, suffix, setters);
  }

  /** A user C++ snippet that must set `output`. */
  snippet(code: string): string {
    const out = this.namer.name(`${this.layer}_out`);
    this.steps.push({ kind: "snippet", code, inputs: this.inputs, out, outShape: this.outShape, name: this.layer });
    return out;
  }

  /** Reshape helper (shuffle) to an explicit shape. */
  reshape(tensor: string, shape: number[], suffix = "reshape"): string {
    return this.helper(suffix, "addShuffle", [{ k: "tensor", v: tensor }], shape, [call("setReshapeDimensions", { k: "dims", v: shape })]);
  }
}

export const call = (fn: string, ...args: Arg[]): Call => ({ fn, args });
export const dims = (v: number[]): Arg => ({ k: "dims", v });
export const int = (v: number): Arg => ({ k: "int", v });
export const float = (v: number): Arg => ({ k: "float", v });
export const bool = (v: boolean): Arg => ({ k: "bool", v });
export const tensor = (v: string): Arg => ({ k: "tensor", v });
export const nvEnum = (type: string, v: string): Arg => ({ k: "enum", type, v });
export const mask = (axes: number[]): Arg => ({ k: "mask", v: axes.reduce((m, a) => m | (1 << a), 0) });
