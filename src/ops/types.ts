import type { z } from "zod";
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

/** A weight tensor an op needs, with the shape PyTorch stores it in. */
export interface WeightReq {
  /** Role name, also the default state_dict suffix: `<layer>.<role>`. */
  role: string;
  shape: number[];
  /** Optional label per dimension, e.g. ['out', 'in', undefined, undefined]. */
  labels?: (string | undefined)[];
}

export interface OpDef<P = unknown> {
  /** Op name as written in the spec (`op: conv2d`). */
  readonly name: string;
  /** One line for docs and `--help`. */
  readonly summary: string;
  /** The PyTorch module or function it mirrors. */
  readonly pytorch: string;
  /** Strict zod object schema of the op's parameters (PyTorch names and defaults). */
  readonly params: z.ZodType<P>;
  /** How many tensor inputs the op takes. */
  readonly arity: { min: number; max: number };
  /** Output shape from input shapes; throws OpError when impossible. */
  inferShape(inputs: Shape[], p: P): Shape;
  /**
   * Where the lowering cannot equal PyTorch for these shapes and parameters:
   * the reason, or undefined when it is exact. Every configuration that
   * passes this and inferShape must lower to PyTorch's semantics.
   */
  inexact?(inputs: Shape[], p: P, out: Shape): Inexact | undefined;
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
