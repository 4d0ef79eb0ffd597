import type { Location } from "../diagnostics/index.js";
import type { WeightsCall } from "../lower/catalog.js";
import type { AnyOp } from "../ops/index.js";
import type { Shape } from "../ops/types.js";
import type { DType, Spec, SpecLayer, SpecOutput } from "../netspec/types.js";
import type { ProfilePoint } from "./dynamic.js";
import type { WtsDtype, WtsHeader } from "../weights/wts.js";

export interface IRInput {
  name: string;
  /** Undefined when the spec gave an invalid shape; a dynamic input's shape at the first profile's opt. */
  shape: Shape | undefined;
  /** A dynamic input's spec shape, -1 for each dimension that varies. */
  dims?: Shape;
  dtype: DType;
  loc: Location;
}

export interface BoundWeight {
  role: string;
  /** Tensor name in the .wts file. */
  tensor: string;
  shape: number[];
  labels: (string | undefined)[];
  count: number;
  /** Where the tensor is in the .wts file, once checked. */
  line?: number;
  /** Element type in the .wts file, once checked. */
  dtype?: WtsDtype;
}

export interface DerivedWeight {
  name: string;
  call: WeightsCall;
  count: number;
}

export interface IRNode {
  /** The spec layer this node was built from (raw parameters, weight overrides, location). */
  layer: SpecLayer;
  name: string;
  op: AnyOp;
  /** Validated parameters with PyTorch defaults filled in (undefined when invalid). */
  params: unknown;
  inputs: string[];
  index: number;
  loc: Location;
  /** Output shape, once inferred (in a dynamic graph: at the first profile's opt). */
  shape?: Shape;
  inputShapes?: Shape[];
  /** In a dynamic graph, once inferred: the shapes at every profile point (src/ir/dynamic.ts). */
  dynamic?: NodeDynamic;
  weights: BoundWeight[];
  /**
   * Weights of a role computed at build time by a NetworkBuilder weights call instead
   * of read from the file (set by rewrite passes such as fold_bn); `name` suffixes the variable.
   */
  derivedWeights?: Record<string, DerivedWeight>;
  /** Set by a rewrite pass: this node computes nothing; its output is node `of`'s output. */
  alias?: { of: string; note: string };
  /** False once a structural error makes later passes skip this node. */
  ok: boolean;
}

/** A layer's shapes in a dynamic graph: at each profile point, and with -1 for what varies. */
export interface NodeDynamic {
  /** Output shape at each point of graph.points. */
  points: Shape[];
  /** Input shapes at each point. */
  inputPoints: Shape[][];
  /** The output shape with -1 for each dimension that differs between points. */
  dims: Shape;
  /** The input shapes with -1 for each dimension that differs between points. */
  inputDims: Shape[];
}

export interface Graph {
  name: string;
  spec: Spec;
  inputs: IRInput[];
  /** The concrete input shapes TensorRT's profiles allow at their corners (src/ir/dynamic.ts); empty when static. */
  points: ProfilePoint[];
  /** Topologically ordered once the ordering pass ran. */
  nodes: IRNode[];
  outputs: SpecOutput[];
  wts?: WtsHeader;
}
