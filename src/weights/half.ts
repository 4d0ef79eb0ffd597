// IEEE 754 binary16 helpers: the exact widening every .wts reader applies to
// float16 values (docs/wts.md), and the rounding the simulator uses for half
// precision.

/** binary16 bits → the binary32 bits of the same value: exact, ±0, subnormals, ±inf and NaN payloads kept. */
export function widenHalfBits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >> 10) & 0x1f;
  let mant = h & 0x3ff;
  if (exp === 0x1f) return (sign | 0x7f800000 | (mant << 13)) >>> 0;
  if (exp !== 0) return (sign | ((exp + 112) << 23) | (mant << 13)) >>> 0;
  if (mant === 0) return sign >>> 0;
  let e = 113; // subnormal half: normalise into a float32
  while ((mant & 0x400) === 0) {
    mant <<= 1;
    e--;
  }
  return (sign | (e << 23) | ((mant & 0x3ff) << 13)) >>> 0;
}

/** Rounds a float32 value to the nearest binary16 value (ties to even), returned as a number. */
export function roundToHalf(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const a = Math.abs(x);
  if (a >= 65520) return Math.sign(x) * Infinity;
  // spacing of binary16 values around a
  const e = Math.max(Math.floor(Math.log2(a)), -14);
  const ulp = 2 ** (e - 10);
  let q = a / ulp;
  const fl = Math.floor(q);
  const rest = q - fl;
  q = rest > 0.5 || (rest === 0.5 && fl % 2 === 1) ? fl + 1 : fl;
  return Math.sign(x) * q * ulp;
}
