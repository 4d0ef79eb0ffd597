import { net, weightsCalls, type LayerCall, type WeightsCall } from "./catalog.js";
import type { Step } from "./types.js";
import type { ValueIds } from "./values.js";

/** A weight of a role read from the .wts file (the IR's BoundWeight). */
export interface FileWeight {
  role: string;
  tensor: string;
  count: number;
}

/** A weight of a role computed at build time by a NetworkBuilder weights call (the IR's DerivedWeight). */
export interface ComputedWeight {
  /** Variable name suffix. */
  name: string;
  call: WeightsCall;
  count: number;
}

/** What an op's lower() gets: its inputs as tensor variables, its weights, and step builders. */
export class LowerContext {
  readonly steps: Step[] = [];
  private suffixes = new Set<string>();

  constructor(
    private readonly ids: ValueIds,
    /** Spec layer name. */
    readonly layer: string,
    /** Value ids of the layer's input tensors. */
    readonly inputs: string[],
    readonly inputShapes: number[][],
    readonly outShape: number[],
    private readonly boundWeights: FileWeight[],
    private readonly derivedWeights: Readonly<Record<string, ComputedWeight>> = {},
    /**
     * Dynamic shapes: this layer's extents vary between profile shapes, and it is lowered once
     * per profile shape (src/lower/dynamic.ts) with the shapes there.
     */
    readonly dynamic = false,
  ) {}

  /** The i-th input tensor variable. */
  input(i = 0): string {
    return this.inputs[i]!;
  }

  /** Weights of a role (`weight`, `bias`, ...): computed where a rewrite derived them, else read from the file with their checked count. */
  weight(role: string): string {
    const d = this.derivedWeights[role];
    if (d) return this.weightsStep(`${this.layer}_${d.name}`, d.call, d.count);
    const w = this.bound(role);
    return this.weightsStep(`${this.layer}_${role}`, weightsCalls.weight({ name: w.tensor, count: w.count }), w.count);
  }

  /** Weights of a role as weight() gives them, or null (an empty Weights) where the layer has none. */
  optionalWeight(role: string): string | null {
    return this.derivedWeights[role] || this.tensorName(role) !== undefined ? this.weight(role) : null;
  }

  /** File weights of a role, a kernel [..., kh, kw] spread out by `dilation` with zeros between the taps. */
  dilatedKernel(role: string, kernel: readonly [number, number], dilation: readonly [number, number]): string {
    const w = this.bound(role);
    const count = (w.count / (kernel[0] * kernel[1])) * (dilation[0] * (kernel[0] - 1) + 1) * (dilation[1] * (kernel[1] - 1) + 1);
    return this.weightsStep(
      `${this.layer}_dilated_${role}`,
      weightsCalls.dilatedKernel({ weight: w.tensor, count: w.count, kh: kernel[0], kw: kernel[1], dh: dilation[0], dw: dilation[1] }),
      count,
    );
  }

  private bound(role: string): FileWeight {
    const w = this.boundWeights.find((x) => x.role === role);
    if (!w) throw new Error(`internal: layer '${this.layer}' has no weight role '${role}'`);
    return w;
  }

  /** Tensor name in the .wts of a role, or undefined. */
  tensorName(role: string): string | undefined {
    return this.boundWeights.find((x) => x.role === role)?.tensor;
  }

  /** A derived or constant Weights value computed by the NetworkBuilder. */
  weightsStep(base: string, call: WeightsCall, count: number): string {
    const v = this.ids.next(base);
    this.steps.push({ kind: "weights", var: v, call, count });
    return v;
  }

  /** Constant values as Weights (in the network's compute precision). */
  constantWeights(values: number[], base = "const"): string {
    return this.weightsStep(`${this.layer}_${base}`, weightsCalls.constant({ values }), values.length);
  }

  /** A constant tensor of the given shape. */
  constantTensor(values: number[], shape: number[], suffix = "const"): string {
    const w = this.constantWeights(values, suffix);
    return this.layerStep(net.addConstant({ dimensions: shape, weights: w }), shape, suffix);
  }

  /**
   * Adds a layer call; returns its output tensor variable. The first layer of a
   * spec layer is named after it; helper layers get `<layer>/<suffix>`.
   */
  layerStep(call: LayerCall, outShape: number[], suffix?: string): string {
    let name = this.layer;
    let base = this.layer;
    if (suffix !== undefined) {
      let s = suffix;
      for (let i = 2; this.suffixes.has(s); i++) s = `${suffix}${i}`;
      this.suffixes.add(s);
      name = `${this.layer}/${s}`;
      base = `${this.layer}_${s}`;
    }
    const v = this.ids.next(base);
    const out = this.ids.next(`${base}_out`);
    this.steps.push({ kind: "layer", var: v, call, name, out, outShape });
    return out;
  }

  /** The main layer (no suffix). */
  main(call: LayerCall, outShape = this.outShape): string {
    return this.layerStep(call, outShape);
  }

  /** A helper layer with a suffix in its name. */
  helper(suffix: string, call: LayerCall, outShape: number[]): string {
    return this.layerStep(call, outShape, suffix);
  }

  /** A user C++ snippet that must set `output`. */
  snippet(code: string): string {
    const out = this.ids.next(`${this.layer}_out`);
    this.steps.push({ kind: "snippet", code, inputs: this.inputs, out, outShape: this.outShape, name: this.layer });
    return out;
  }

  /** Reshape helper (shuffle) to an explicit shape. */
  reshape(tensor: string, shape: number[], suffix = "reshape"): string {
    return this.helper(suffix, net.addShuffle({ input: tensor }, { reshapeDimensions: shape }), shape);
  }
}
