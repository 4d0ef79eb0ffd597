// Full-value .wts reader for the simulator: every tensor's values as float32.
//
//   <N>\n
//   <name> <count> <hex> ...\n          plain (tensorrtx): big-endian float32 bit patterns
//   <name> <type> <count> <hex> ...\n   typed: type 0 = float32 (8 hex digits), 1 = float16 (4)
//
// Float16 values are widened to float32 exactly.
import { readFileSync } from "node:fs";
import { isTypedLine } from "../weights/wts.js";

export class WtsReadError extends Error {}

const NL = 0x0a;
const isWs = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d;

/** Hex digit value, or -1. */
const HEXVAL = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEXVAL[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  HEXVAL[0x61 + i] = 10 + i;
  HEXVAL[0x41 + i] = 10 + i;
}

const view = new DataView(new ArrayBuffer(4));

/** IEEE binary16 bits → float32 value (exact). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 0x1f) return m === 0 ? sign * Infinity : NaN;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
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

interface Tok {
  s: number;
  e: number;
}

/**
 * Reads every tensor of a .wts file. With `only`, tensors not named there are
 * skipped without decoding their values.
 */
export function readWtsValues(path: string, only?: ReadonlySet<string>): Map<string, Float32Array> {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new WtsReadError(`cannot read weights file '${path}': ${err.code === "ENOENT" ? "no such file" : err.message}`);
  }
  const out = new Map<string, Float32Array>();
  const n = buf.length;
  let pos = 0;
  let line = 0;
  let sawHeader = false;
  let typed: boolean | undefined;
  const tok = (from: number, end: number): Tok | undefined => {
    let i = from;
    while (i < end && isWs(buf[i]!)) i++;
    if (i >= end) return undefined;
    const s = i;
    while (i < end && !isWs(buf[i]!)) i++;
    return { s, e: i };
  };
  const text = (t: Tok) => buf.toString("latin1", t.s, t.e);
  const fail = (msg: string): never => {
    throw new WtsReadError(`${path}:${line}: ${msg}`);
  };
  while (pos < n) {
    let end = buf.indexOf(NL, pos);
    if (end === -1) end = n;
    line++;
    const lineStart = pos;
    pos = end + 1;
    const t0 = tok(lineStart, end);
    if (!t0) continue;
    if (!sawHeader) {
      sawHeader = true;
      if (!/^[0-9]+$/.test(text(t0))) fail("the first line must be the number of tensors");
      continue;
    }
    const name = text(t0);
    const t1 = tok(t0.e, end);
    const t2 = t1 ? tok(t1.e, end) : undefined;
    if (!t1) fail(`tensor '${name}' has no value count`);
    // decided on the first tensor line, with the rule every reader shares
    typed ??= isTypedLine(text(t1!), t2 && text(t2), t2 !== undefined && tok(t2.e, end) !== undefined);
    let half = false;
    let countTok = t1!;
    if (typed) {
      const ty = text(t1!);
      if (ty !== "0" && ty !== "1") fail(`tensor '${name}': type must be 0 (float32) or 1 (float16), got '${ty}'`);
      half = ty === "1";
      if (!t2) fail(`tensor '${name}' has no value count`);
      countTok = t2!;
    }
    const countText = text(countTok);
    if (!/^[0-9]+$/.test(countText)) fail(`tensor '${name}': expected the value count, got '${countText.slice(0, 20)}'`);
    const count = Number(countText);
    if (out.has(name)) fail(`duplicate tensor name '${name}'`);
    if (only && !only.has(name)) continue;
    const values = new Float32Array(count);
    const maxDigits = half ? 4 : 8;
    let k = 0;
    let i = countTok.e;
    for (;;) {
      while (i < end && isWs(buf[i]!)) i++;
      if (i >= end) break;
      let bits = 0;
      let digits = 0;
      const s = i;
      while (i < end && !isWs(buf[i]!)) {
        const v = HEXVAL[buf[i]!]!;
        if (v < 0 || ++digits > maxDigits)
          fail(
            `tensor '${name}': value ${k + 1} '${buf.toString("latin1", s, Math.min(i + 1, s + 16))}' is not a ${half ? "float16" : "float32"} hex bit pattern`,
          );
        bits = bits * 16 + v;
        i++;
      }
      if (k >= count) fail(`tensor '${name}' declares ${count} values but the line has more`);
      if (half) values[k++] = halfToFloat(bits);
      else {
        view.setUint32(0, bits);
        values[k++] = view.getFloat32(0);
      }
    }
    if (k !== count) fail(`tensor '${name}' declares ${count} values but the line has ${k}`);
    out.set(name, values);
  }
  if (!sawHeader) throw new WtsReadError(`${path}: the file is empty`);
  return out;
}
