// Raw tensors as `trtgen-export reference` writes them: little-endian float32,
// C-contiguous, no header.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { fileKind } from "../io/output.js";
import { SimError, fmt, numel } from "./tensor.js";

export function readF32(path: string, what: string): Float32Array {
  let buf: Buffer;
  try {
    // /dev/zero would be read until memory runs out (a FIFO is read: inputs may be piped in)
    const st = statSync(path);
    if (!st.isFile() && !st.isFIFO()) throw new SimError(`cannot read ${what} '${path}': is ${fileKind(st)}, not a file`);
    buf = readFileSync(path);
  } catch (e) {
    if (e instanceof SimError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new SimError(`cannot read ${what} '${path}': ${err.code === "ENOENT" ? "no such file" : err.message}`);
  }
  if (buf.length % 4 !== 0) throw new SimError(`${what} '${path}' has ${buf.length} bytes, not a whole number of float32 values`);
  const out = new Float32Array(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}

/** Reads a raw float32 file that must hold exactly the values of `shape`. */
export function readF32Shaped(path: string, shape: readonly number[], what: string): Float32Array {
  const v = readF32(path, what);
  const n = numel(shape);
  if (v.length !== n) {
    throw new SimError(`${what} '${path}' holds ${v.length} float32 values (${v.length * 4} bytes) but ${fmt(shape)} needs ${n} (${n * 4} bytes)`);
  }
  return v;
}

export function writeF32(path: string, data: Float32Array, what: string): void {
  const buf = Buffer.allocUnsafe(data.length * 4);
  for (let i = 0; i < data.length; i++) buf.writeFloatLE(data[i]!, i * 4);
  try {
    writeFileSync(path, buf);
  } catch (e) {
    throw new SimError(`cannot write ${what} '${path}': ${(e as Error).message}`);
  }
}

export const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

export interface Comparison {
  count: number;
  maxAbs: number;
  /** Largest |a-b|/|b| over values with b != 0. */
  maxRel: number;
  /** Values with |a-b| > atol + rtol·|b| (NaN against a number always counts; NaN against NaN matches). */
  violations: number;
  /** Flat index of the worst violation (largest excess), or -1. */
  worst: number;
}

export function compare(actual: Float32Array, expected: Float32Array, atol: number, rtol: number): Comparison {
  let maxAbs = 0;
  let maxRel = 0;
  let violations = 0;
  let worst = -1;
  let worstExcess = -Infinity;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    if (Number.isNaN(a) && Number.isNaN(b)) continue; // NaN where PyTorch has NaN (sqrt(-1)): a match
    if (Number.isNaN(a) || Number.isNaN(b)) {
      // NaN against a number never matches (as the builder's --verify: docs/numerics.md)
      violations++;
      maxAbs = NaN;
      if (worstExcess < Infinity) {
        worstExcess = Infinity;
        worst = i;
      }
      continue;
    }
    if (a === b) continue; // within any tolerance, equal infinities included
    const d = Math.abs(a - b);
    if (d > maxAbs) maxAbs = d;
    if (b !== 0 && d / Math.abs(b) > maxRel) maxRel = d / Math.abs(b);
    const excess = d - (atol + rtol * Math.abs(b));
    if (excess > 0 || Number.isNaN(excess)) {
      violations++;
      if (!(excess <= worstExcess)) {
        worstExcess = excess;
        worst = i;
      }
    }
  }
  return { count: expected.length, maxAbs, maxRel, violations, worst };
}

/** A flat index as a multi-index of `shape`. */
export function unflatten(i: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    out[d] = i % shape[d]!;
    i = Math.floor(i / shape[d]!);
  }
  return out;
}

/** `trtgen-export reference`'s file-name rule: characters outside [A-Za-z0-9_.-] become '_'. */
export const safeFilePart = (name: string): string => name.replace(/[^A-Za-z0-9_.-]/g, "_");
