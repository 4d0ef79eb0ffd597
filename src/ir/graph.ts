import type { Location } from "../diagnostics/index.js";
import type { AnyOp } from "../ops/index.js";
import type { Shape } from "../ops/types.js";
import type { DType, Spec, SpecOutput } from "../spec/types.js";
import type { WtsHeader } from "../weights/wts.js";

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
  type?: number;
}

export interface IRNode {
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

export function nodeMap(g: Graph): Map<string, IRNode> {
  return new Map(g.nodes.map((n) => [n.name, n]));
}

/** Shape of a value (network input or layer output) by name, if known. */
export function shapeOf(g: Graph, name: string, nodes = nodeMap(g)): Shape | undefined {
  return g.inputs.find((i) => i.name === name)?.shape ?? nodes.get(name)?.shape;
}
