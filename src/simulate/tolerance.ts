// The comparison tolerance of docs/numerics.md, shared in meaning with the
// generated builder's --verify (cpp-runtime/engine_runner.cpp scaledAtol) and
// tested against the same table (test/tolerance/cases.txt):
//
//   |actual - expected| <= atol + rtol·|expected| + k · depth · u · max|expected|
//
// u = 2^-24 (float32's unit roundoff), depth = layers on the output's longest
// path (src/ir/depth.ts), max|expected| over the whole reference tensor.

/** float32's unit roundoff. */
export const UNIT_ROUNDOFF = 2 ** -24;
/** The default k: about 3 times the largest float32-vs-float64 k measured on torchvision models (docs/numerics.md). */
export const DEFAULT_SCALE_TOL = 64;

/** Largest |value| (NaN and infinities skipped). */
export function maxAbsFinite(data: Float32Array): number {
  let m = 0;
  for (const v of data) {
    const a = Math.abs(v);
    if (a > m && a !== Infinity) m = a;
  }
  return m;
}

/** The absolute part of the bound: atol plus the depth- and magnitude-scaled term. */
export function scaledAtol(atol: number, k: number, depth: number, expected: Float32Array): number {
  return atol + k * depth * UNIT_ROUNDOFF * maxAbsFinite(expected);
}
