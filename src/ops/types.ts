import type * as z from "zod";
import type { LowerContext } from "../lower/context.js";

/** A tensor shape, NCHW with the batch dimension (explicit batch). */
export type Shape = number[];

/** An impossible shape or parameter combination found by an op. */
export class OpError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    /** The parameter the problem is about, for pointing at it in the spec. */
    readonly param?: string,
  ) {
    super(message);
  }
}

/**
 * A valid configuration whose TensorRT lowering would compute something other
 * than PyTorch (found after shape inference; reported as E0202, emit refuses).
 */
export interface Inexact {
  reason: string;
  hint?: string;
  /** The parameter the problem is about, for pointing at it in the spec. */
  param?: string;
}

/**
 * Where an op comes from in PyTorch (written to ops.json, read by the Python
 * exporter's drafter and the test interpreter): fully qualified names.
 */
export interface PytorchRef {
  /**
   * Module classes whose constructor arguments are the op's parameters (same
   * names, stored as attributes of the same names); the first is the canonical one.
   */
  readonly modules?: readonly string[];
  /** Functions computing the op: the tensor input(s) first, then the op's parameters in declaration order. */
  readonly functions?: readonly string[];
  /** `torch.Tensor` method names computing the op. */
  readonly methods?: readonly string[];
  /** What a reader should know beyond the names, e.g. `eval mode`. */
  readonly note?: string;
}

/**
 * A weight role of an op, declared as data (ops.json): the names and order
 * that weights() returns, and the shape in words for docs and the drafter.
 */
export interface WeightRole {
  readonly role: string;
  /** The stored shape in terms of parameters and the input, e.g. `[out_channels, in_channels / groups, kh, kw]`. */
  readonly shape: string;
  /** A boolean parameter the role exists only when true (e.g. `bias`). */
  readonly if?: string;
  /** A boolean parameter the role exists only when false (e.g. a packed weight that a flag splits). */
  readonly unless?: string;
}

/** A weight tensor an op needs, with the shape PyTorch stores it in. */
export interface WeightReq {
  /** Role name, also the default state_dict suffix: `<layer>.<role>`. */
  role: string;
  shape: number[];
  /** Optional label per dimension, e.g. ['out', 'in', undefined, undefined]. */
  labels?: (string | undefined)[];
}

/** What an op's dynamic-shape check sees (spec `profiles`, src/ir/dynamic.ts). */
export interface DynamicShapes {
  /** The input shapes with -1 for each dimension that varies between profile shapes. */
  inputs: Shape[];
  /** The output shape, likewise. */
  out: Shape;
}

/**
 * How an op takes input dimensions that vary at run time (dynamic shapes):
 * - "any": its lowering holds for every extent of a dynamic dimension (what its weights fix,
 *   such as channels, cannot vary: that is checked for every op). Shuffles it adds reshape
 *   with TensorRT's 0 (copy) and -1 (inferred) placeholders, which lowering derives; a
 *   lowering that would still fix a varying extent is refused there (src/lower/lower.ts).
 * - "none": every input dimension must be static (its lowering needs each extent).
 * - a function: why these dynamic dimensions cannot be taken, or undefined when they can.
 */
export type DynamicSupport<P> = "any" | "none" | ((d: DynamicShapes, p: P) => Inexact | undefined);

export interface OpDef<P = unknown> {
  /** Op name as written in the spec (`op: conv2d`). */
  readonly name: string;
  /** One line for docs and `--help`. */
  readonly summary: string;
  /**
   * For ops listed in a generated table of docs/spec.md (`npm run regen`): the
   * table and a markdown line on the TensorRT lowering.
   */
  readonly doc?: { readonly table: "activations"; readonly lowering: string };
  /** The PyTorch modules, functions and methods it mirrors. */
  readonly pytorch: PytorchRef;
  /** Strict zod object schema of the op's parameters (PyTorch names and defaults). */
  readonly params: z.ZodType<P>;
  /** How many tensor inputs the op takes. */
  readonly arity: { min: number; max: number };
  /** Output shape from input shapes; throws OpError when impossible. */
  inferShape(inputs: Shape[], p: P): Shape;
  /** Which input dimensions may be dynamic (spec `profiles`); every op declares it. */
  readonly dynamic: DynamicSupport<P>;
  /**
   * Where the lowering cannot equal PyTorch for these shapes and parameters:
   * the reason, or undefined when it is exact. Every configuration that
   * passes this and inferShape must lower to PyTorch's semantics.
   */
  inexact?(inputs: Shape[], p: P, out: Shape): Inexact | undefined;
  /** Weight roles as data, in the order weights() returns them (required with weights()). */
  readonly weightRoles?: readonly WeightRole[];
  /** Weight tensors the op reads. */
  weights?(inputs: Shape[], p: P, out: Shape): WeightReq[];
  /** Multiply-accumulate count for the summary table. */
  macs?(inputs: Shape[], p: P, out: Shape): number;
  /** Short parameter summary for the layer table, e.g. `k=5 s=2 p=2`. */
  describe?(p: P): string;
  /**
   * Appends the TensorRT calls (as data) that compute this op with PyTorch's
   * semantics on every supported TensorRT release; returns the output tensor
   * variable. Throws LowerError for configurations TensorRT cannot express.
   */
  lower?(ctx: LowerContext, p: P): string;
}

/** A valid PyTorch configuration that trtgen cannot lower to TensorRT. */
export class LowerError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Identity helper that keeps the parameter type of an op definition. */
export function defineOp<P>(def: OpDef<P>): OpDef<P> {
  return def;
}

export const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

export const fmtShape = (s: readonly number[]): string => `[${s.join(", ")}]`;

/** Normalizes a possibly negative dimension index like PyTorch; throws on out of range. */
export function normDim(dim: number, rank: number, param = "dim"): number {
  if (dim < -rank || dim >= rank) {
    throw new OpError(`${param} ${dim} is out of range for a tensor of rank ${rank} (expected ${-rank}..${rank - 1})`, undefined, param);
  }
  return dim < 0 ? dim + rank : dim;
}

export function requireRank(shape: Shape, rank: number, what: string): void {
  if (shape.length !== rank) {
    throw new OpError(`expected a rank-${rank} tensor (${what}), got rank ${shape.length}`);
  }
}
