// Dense float32 tensors (C-contiguous) and the index helpers the kernels share.

export interface Tensor {
  shape: number[];
  data: Float32Array;
  /** A TensorRT bool tensor (comparison results), values 0 and 1; float32 when absent. */
  bool?: true;
}

/** A problem that stops the simulation; its message is one line for the user. */
export class SimError extends Error {}

export const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export const fmt = (shape: readonly number[]): string => `[${shape.join(", ")}]`;

export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

export function tensor(shape: number[], data?: Float32Array): Tensor {
  const n = numel(shape);
  if (data && data.length !== n) throw new SimError(`internal: ${data.length} values for shape ${fmt(shape)}`);
  return { shape, data: data ?? new Float32Array(n) };
}

/**
 * Reads `src` at `offset + Σ idx[i]·strides[i]` for every index of `shape` in C
 * order (strides may be 0 for broadcasting, or permuted for transposes).
 */
export function gather(src: Float32Array, shape: readonly number[], strides: readonly number[], offset = 0): Float32Array {
  const n = numel(shape);
  const out = new Float32Array(n);
  const rank = shape.length;
  if (n === 0) return out;
  if (rank === 0) {
    out[0] = src[offset]!;
    return out;
  }
  const last = shape[rank - 1]!;
  const ls = strides[rank - 1]!;
  const idx = new Array<number>(rank).fill(0);
  let base = offset;
  let o = 0;
  for (;;) {
    if (ls === 1) for (let j = 0; j < last; j++) out[o++] = src[base + j]!;
    else for (let j = 0, p = base; j < last; j++, p += ls) out[o++] = src[p]!;
    // advance the outer dimensions
    let d = rank - 2;
    for (; d >= 0; d--) {
      idx[d]!++;
      base += strides[d]!;
      if (idx[d]! < shape[d]!) break;
      base -= strides[d]! * shape[d]!;
      idx[d] = 0;
    }
    if (d < 0) return out;
  }
}

/** Broadcasts an equal-rank tensor to `shape` (dims equal or 1). */
export function broadcastTo(t: Tensor, shape: readonly number[]): Float32Array {
  if (t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i])) return t.data;
  const st = stridesOf(t.shape).map((s, i) => (t.shape[i] === 1 ? 0 : s));
  return gather(t.data, shape, st);
}

/** TensorRT broadcasting between equal-rank tensors: each dimension equal, or 1 in one of them. */
export function broadcastShape(a: readonly number[], b: readonly number[], what: string): number[] {
  if (a.length !== b.length) throw new SimError(`${what}: inputs ${fmt(a)} and ${fmt(b)} have different ranks (TensorRT broadcasts only equal ranks)`);
  return a.map((d, i) => {
    const e = b[i]!;
    if (d !== e && d !== 1 && e !== 1) throw new SimError(`${what}: inputs ${fmt(a)} and ${fmt(b)} do not broadcast in dimension ${i}`);
    return d === 1 ? e : d;
  });
}
