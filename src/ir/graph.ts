import type { Location } from "../diagnostics/index.js";
import type { WeightsCall } from "../lower/catalog.js";
import type { AnyOp } from "../ops/index.js";
import type { Shape } from "../ops/types.js";
import type { DType, Spec, SpecLayer, SpecOutput } from "../netspec/types.js";
import type { WtsDtype, WtsHeader } from "../weights/wts.js";

export interface IRInput {
  name: string;
  /** Undefined when the spec gave an invalid shape. */
  shape: Shape | undefined;
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
  /** Output shape, once inferred. */
  shape?: Shape;
  inputShapes?: Shape[];
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

export interface Graph {
  name: string;
  spec: Spec;
  inputs: IRInput[];
  /** Topologically ordered once the ordering pass ran. */
  nodes: IRNode[];
  outputs: SpecOutput[];
  wts?: WtsHeader;
}
