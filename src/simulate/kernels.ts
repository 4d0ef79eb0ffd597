// TensorRT layer semantics on the CPU, float32 storage (sums accumulate in
// float64). Each kernel follows the documented behaviour of the
// INetworkDefinition method it is named after, not PyTorch's.
import { erf } from "./erf.js";
import { SimError, broadcastShape, broadcastTo, fmt, gather, numel, stridesOf, tensor, type Tensor } from "./tensor.js";

type Pair = [number, number];

function nchw(x: Tensor, what: string): [number, number, number, number] {
  if (x.shape.length !== 4) throw new SimError(`${what}: expected a rank-4 NCHW input, got ${fmt(x.shape)}`);
  return x.shape as [number, number, number, number];
}

export interface ConvGeometry {
  kernel: Pair;
  stride: Pair;
  pre: Pair;
  post: Pair;
  dilation: Pair;
  groups: number;
}

/** addConvolutionNd: weights [K, C/groups, kh, kw]; out = floor((in + pre + post - d(k-1) - 1) / s) + 1. */
export function convolution(x: Tensor, K: number, w: Float32Array, bias: Float32Array | undefined, g: ConvGeometry): Tensor {
  const [N, C, H, W] = nchw(x, "convolution");
  const [kh, kw] = g.kernel;
  const [sh, sw] = g.stride;
  const [dh, dw] = g.dilation;
  const G = g.groups;
  if (C % G !== 0 || K % G !== 0) throw new SimError(`convolution: channels ${C} -> ${K} are not divisible by ${G} groups`);
  const cg = C / G;
  const kg = K / G;
  if (w.length !== K * cg * kh * kw)
    throw new SimError(`convolution: kernel weights hold ${w.length} values, expected ${K}·${cg}·${kh}·${kw} = ${K * cg * kh * kw}`);
  if (bias && bias.length !== K) throw new SimError(`convolution: bias holds ${bias.length} values, expected ${K}`);
  const OH = Math.floor((H + g.pre[0] + g.post[0] - dh * (kh - 1) - 1) / sh) + 1;
  const OW = Math.floor((W + g.pre[1] + g.post[1] - dw * (kw - 1) - 1) / sw) + 1;
  if (OH < 1 || OW < 1) throw new SimError(`convolution: output would be ${OH}×${OW}`);
  const xd = x.data;
  const out = new Float32Array(N * K * OH * OW);
  const acc = new Float64Array(OH * OW);
  const plane = H * W;
  for (let n = 0; n < N; n++) {
    for (let oc = 0; oc < K; oc++) {
      const grp = Math.floor(oc / kg);
      acc.fill(bias ? bias[oc]! : 0);
      for (let icg = 0; icg < cg; icg++) {
        const inBase = (n * C + grp * cg + icg) * plane;
        const wBase = (oc * cg + icg) * kh * kw;
        for (let ky = 0; ky < kh; ky++) {
          const offY = ky * dh - g.pre[0];
          for (let kx = 0; kx < kw; kx++) {
            const wv = w[wBase + ky * kw + kx]!;
            if (wv === 0) continue;
            const offX = kx * dw - g.pre[1];
            const ox0 = Math.max(0, Math.ceil(-offX / sw));
            const ox1 = Math.min(OW - 1, Math.floor((W - 1 - offX) / sw));
            if (ox0 > ox1) continue;
            for (let oy = 0; oy < OH; oy++) {
              const iy = oy * sh + offY;
              if (iy < 0 || iy >= H) continue;
              const ib = inBase + iy * W + offX;
              const ob = oy * OW;
              if (sw === 1) {
                for (let ox = ox0; ox <= ox1; ox++) acc[ob + ox] = acc[ob + ox]! + wv * xd[ib + ox]!;
              } else {
                for (let ox = ox0; ox <= ox1; ox++) acc[ob + ox] = acc[ob + ox]! + wv * xd[ib + ox * sw]!;
              }
            }
          }
        }
      }
      out.set(acc, (n * K + oc) * OH * OW);
    }
  }
  return tensor([N, K, OH, OW], out);
}

/** addDeconvolutionNd: weights [C, K/groups, kh, kw]; out = (in - 1)s + d(k - 1) + 1 - pre - post. */
export function deconvolution(x: Tensor, K: number, w: Float32Array, bias: Float32Array | undefined, g: ConvGeometry): Tensor {
  const [N, C, H, W] = nchw(x, "deconvolution");
  const [kh, kw] = g.kernel;
  const [sh, sw] = g.stride;
  const [dh, dw] = g.dilation;
  const G = g.groups;
  if (C % G !== 0 || K % G !== 0) throw new SimError(`deconvolution: channels ${C} -> ${K} are not divisible by ${G} groups`);
  const cg = C / G;
  const kg = K / G;
  if (w.length !== C * kg * kh * kw)
    throw new SimError(`deconvolution: kernel weights hold ${w.length} values, expected ${C}·${kg}·${kh}·${kw} = ${C * kg * kh * kw}`);
  if (bias && bias.length !== K) throw new SimError(`deconvolution: bias holds ${bias.length} values, expected ${K}`);
  const OH = (H - 1) * sh + dh * (kh - 1) + 1 - g.pre[0] - g.post[0];
  const OW = (W - 1) * sw + dw * (kw - 1) + 1 - g.pre[1] - g.post[1];
  if (OH < 1 || OW < 1) throw new SimError(`deconvolution: output would be ${OH}×${OW}`);
  const xd = x.data;
  const out = new Float32Array(N * K * OH * OW);
  const acc = new Float64Array(OH * OW);
  const plane = H * W;
  for (let n = 0; n < N; n++) {
    for (let oc = 0; oc < K; oc++) {
      const grp = Math.floor(oc / kg);
      const ocg = oc - grp * kg;
      acc.fill(bias ? bias[oc]! : 0);
      for (let icg = 0; icg < cg; icg++) {
        const ic = grp * cg + icg;
        const inBase = (n * C + ic) * plane;
        const wBase = (ic * kg + ocg) * kh * kw;
        for (let ky = 0; ky < kh; ky++) {
          const offY = ky * dh - g.pre[0];
          for (let kx = 0; kx < kw; kx++) {
            const wv = w[wBase + ky * kw + kx]!;
            if (wv === 0) continue;
            const offX = kx * dw - g.pre[1];
            const ix0 = Math.max(0, Math.ceil(-offX / sw));
            const ix1 = Math.min(W - 1, Math.floor((OW - 1 - offX) / sw));
            if (ix0 > ix1) continue;
            for (let iy = 0; iy < H; iy++) {
              const oy = iy * sh + offY;
              if (oy < 0 || oy >= OH) continue;
              const ib = inBase + iy * W;
              const ob = oy * OW + offX;
              for (let ix = ix0; ix <= ix1; ix++) acc[ob + ix * sw] = acc[ob + ix * sw]! + wv * xd[ib + ix]!;
            }
          }
        }
      }
      out.set(acc, (n * K + oc) * OH * OW);
    }
  }
  return tensor([N, K, OH, OW], out);
}

export type ScaleMode = "kUNIFORM" | "kCHANNEL" | "kELEMENTWISE";

/**
 * addScale / addScaleNd: (x·scale + shift)^power; an empty Weights is the
 * identity (scale 1, shift 0, power 1). kCHANNEL uses `channelAxis`.
 */
export function scale(
  x: Tensor,
  mode: ScaleMode,
  shift: Float32Array | undefined,
  scl: Float32Array | undefined,
  power: Float32Array | undefined,
  channelAxis: number,
): Tensor {
  const rank = x.shape.length;
  let period = 1; // values per coefficient run
  let count = 1;
  if (mode === "kCHANNEL") {
    if (channelAxis < 0 || channelAxis >= rank) throw new SimError(`scale: channel axis ${channelAxis} is out of range for ${fmt(x.shape)}`);
    count = x.shape[channelAxis]!;
    period = numel(x.shape.slice(channelAxis + 1));
  } else if (mode === "kELEMENTWISE") {
    if (rank < 3) throw new SimError(`scale: kELEMENTWISE needs rank >= 3, got ${fmt(x.shape)}`);
    count = numel(x.shape.slice(rank - 3));
  }
  for (const [name, v] of [
    ["shift", shift],
    ["scale", scl],
    ["power", power],
  ] as const) {
    if (v && v.length !== count) throw new SimError(`scale: ${name} holds ${v.length} values, ${mode} needs ${count}`);
  }
  const out = new Float32Array(x.data.length);
  const xd = x.data;
  for (let i = 0; i < xd.length; i++) {
    const c = mode === "kUNIFORM" ? 0 : Math.floor(i / period) % count;
    let v = xd[i]! * (scl ? scl[c]! : 1) + (shift ? shift[c]! : 0);
    if (power) v = Math.pow(v, power[c]!);
    out[i] = v;
  }
  return tensor([...x.shape], out);
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
export const geluErf = (v: number) => 0.5 * v * (1 + erf(v / Math.SQRT2));
export const geluTanh = (v: number) => 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v)));

/** addActivation with IActivationLayer's alpha/beta, formulas as documented for nvinfer1::ActivationType. */
export function activationFn(kind: string, alpha: number, beta: number): (v: number) => number {
  switch (kind) {
    case "kRELU":
      return (v) => (v > 0 ? v : 0);
    case "kSIGMOID":
      return sigmoid;
    case "kTANH":
      return Math.tanh;
    case "kLEAKY_RELU":
      return (v) => (v >= 0 ? v : alpha * v);
    case "kELU":
      return (v) => (v >= 0 ? v : alpha * (Math.exp(v) - 1));
    case "kSELU":
      return (v) => (v >= 0 ? beta * v : beta * alpha * (Math.exp(v) - 1));
    case "kSOFTSIGN":
      return (v) => v / (1 + Math.abs(v));
    case "kSOFTPLUS":
      // alpha·log(exp(beta·x) + 1), evaluated without overflow
      return (v) => {
        const t = beta * v;
        return alpha * (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t)));
      };
    case "kCLIP":
      return (v) => Math.max(alpha, Math.min(beta, v));
    case "kHARD_SIGMOID":
      return (v) => Math.max(0, Math.min(1, alpha * v + beta));
    case "kSCALED_TANH":
      return (v) => alpha * Math.tanh(beta * v);
    case "kTHRESHOLDED_RELU":
      return (v) => (v > alpha ? v : 0);
    case "kGELU_ERF":
      return geluErf;
    case "kGELU_TANH":
      return geluTanh;
    default:
      throw new SimError(`activation type ${kind} is not simulated`);
  }
}

export function map(x: Tensor, f: (v: number) => number): Tensor {
  if (x.bool) throw new SimError("activation/unary layers do not take a bool tensor");
  const out = new Float32Array(x.data.length);
  const xd = x.data;
  for (let i = 0; i < xd.length; i++) out[i] = f(xd[i]!);
  return tensor([...x.shape], out);
}

/** addUnary. */
export function unaryFn(op: string): (v: number) => number {
  const fns: Record<string, (v: number) => number> = {
    kEXP: Math.exp,
    kLOG: Math.log,
    kSQRT: Math.sqrt,
    kRECIP: (v) => 1 / v,
    kABS: Math.abs,
    kNEG: (v) => -v,
    kSIN: Math.sin,
    kCOS: Math.cos,
    kTAN: Math.tan,
    kSINH: Math.sinh,
    kCOSH: Math.cosh,
    kASIN: Math.asin,
    kACOS: Math.acos,
    kATAN: Math.atan,
    kASINH: Math.asinh,
    kACOSH: Math.acosh,
    kATANH: Math.atanh,
    kCEIL: Math.ceil,
    kFLOOR: Math.floor,
    kERF: erf,
    kSIGN: Math.sign,
    kROUND: (v) => {
      const r = Math.round(v);
      return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r; // half to even
    },
  };
  const f = fns[op];
  if (!f) throw new SimError(`unary operation ${op} is not simulated`);
  return f;
}

export interface PoolGeometry {
  window: Pair;
  stride: Pair;
  pre: Pair;
  post: Pair;
  /** kAVERAGE: divide by the number of input (non-padding) elements in the window. */
  excludePadding: boolean;
}

/** addPoolingNd (explicit padding, floor output size): out = floor((in + pre + post - k) / s) + 1. */
export function pooling(x: Tensor, type: "kMAX" | "kAVERAGE", g: PoolGeometry): Tensor {
  const [N, C, H, W] = nchw(x, "pooling");
  const [kh, kw] = g.window;
  const [sh, sw] = g.stride;
  const OH = Math.floor((H + g.pre[0] + g.post[0] - kh) / sh) + 1;
  const OW = Math.floor((W + g.pre[1] + g.post[1] - kw) / sw) + 1;
  if (OH < 1 || OW < 1) throw new SimError(`pooling: output would be ${OH}×${OW}`);
  const out = new Float32Array(N * C * OH * OW);
  const xd = x.data;
  let o = 0;
  for (let p = 0; p < N * C; p++) {
    const base = p * H * W;
    for (let oy = 0; oy < OH; oy++) {
      const y0 = oy * sh - g.pre[0];
      const ys = Math.max(0, y0);
      const ye = Math.min(H, y0 + kh);
      for (let ox = 0; ox < OW; ox++) {
        const x0 = ox * sw - g.pre[1];
        const xs = Math.max(0, x0);
        const xe = Math.min(W, x0 + kw);
        if (type === "kMAX") {
          let m = -Infinity;
          for (let y = ys; y < ye; y++) for (let xx = xs; xx < xe; xx++) m = Math.max(m, xd[base + y * W + xx]!);
          out[o++] = m;
        } else {
          let s = 0;
          for (let y = ys; y < ye; y++) for (let xx = xs; xx < xe; xx++) s += xd[base + y * W + xx]!;
          const count = g.excludePadding ? Math.max(0, ye - ys) * Math.max(0, xe - xs) : kh * kw;
          out[o++] = count > 0 ? s / count : 0;
        }
      }
    }
  }
  return tensor([N, C, OH, OW], out);
}

/** addPaddingNd: zeros before/after the last pre.length dims (negative amounts crop). */
export function padding(x: Tensor, pre: number[], post: number[]): Tensor {
  const rank = x.shape.length;
  const k = pre.length;
  if (post.length !== k || k > rank) throw new SimError(`padding: ${k} pre and ${post.length} post amounts for ${fmt(x.shape)}`);
  const outShape = x.shape.map((d, i) => (i < rank - k ? d : d + pre[i - rank + k]! + post[i - rank + k]!));
  if (outShape.some((d) => d < 1)) throw new SimError(`padding: output would be ${fmt(outShape)}`);
  const out = new Float32Array(numel(outShape));
  const inStrides = stridesOf(x.shape);
  const outStrides = stridesOf(outShape);
  const xd = x.data;
  // walk every input element; place it where it lands inside the output
  const idx = new Array<number>(rank).fill(0);
  for (let i = 0; i < xd.length; i++) {
    let rem = i;
    let o = 0;
    let inside = true;
    for (let d = 0; d < rank; d++) {
      idx[d] = Math.floor(rem / inStrides[d]!);
      rem -= idx[d]! * inStrides[d]!;
      const p = d < rank - k ? 0 : pre[d - rank + k]!;
      const od = idx[d]! + p;
      if (od < 0 || od >= outShape[d]!) {
        inside = false;
        break;
      }
      o += od * outStrides[d]!;
    }
    if (inside) out[o] = xd[i]!;
  }
  return tensor(outShape, out);
}

const ELEMENTWISE: Record<string, (a: number, b: number) => number> = {
  kSUM: (a, b) => a + b,
  kSUB: (a, b) => a - b,
  kPROD: (a, b) => a * b,
  kDIV: (a, b) => a / b,
  kMAX: (a, b) => Math.max(a, b),
  kMIN: (a, b) => Math.min(a, b),
  // NaN for any negative base, integer exponents included: no release documents kPOW there and
  // TensorRT-RTX raises as exp(b * log(a)), unlike C's pow and PyTorch
  kPOW: (a, b) => (a < 0 ? NaN : Math.pow(a, b)),
};

/** Comparisons: bool outputs (TensorRT's kGREATER, kLESS, kEQUAL). */
const COMPARISON: Record<string, (a: number, b: number) => boolean> = {
  kGREATER: (a, b) => a > b,
  kLESS: (a, b) => a < b,
  kEQUAL: (a, b) => a === b,
};

/** addElementWise with broadcasting between equal-rank tensors; comparisons give a bool tensor. */
export function elementwise(a: Tensor, b: Tensor, op: string): Tensor {
  const cmp = COMPARISON[op];
  const f = ELEMENTWISE[op];
  if (!f && !cmp) throw new SimError(`element-wise operation ${op} is not simulated`);
  if (a.bool || b.bool) throw new SimError(`element-wise ${op} on a bool tensor is not simulated (TensorRT takes bool only in kAND/kOR/kXOR)`);
  const shape = broadcastShape(a.shape, b.shape, "element-wise");
  const ad = broadcastTo(a, shape);
  const bd = broadcastTo(b, shape);
  const out = new Float32Array(ad.length);
  if (cmp) {
    for (let i = 0; i < out.length; i++) out[i] = cmp(ad[i]!, bd[i]!) ? 1 : 0;
    return { ...tensor(shape, out), bool: true };
  }
  if (op === "kSUM") for (let i = 0; i < out.length; i++) out[i] = ad[i]! + bd[i]!;
  else if (op === "kPROD") for (let i = 0; i < out.length; i++) out[i] = ad[i]! * bd[i]!;
  else for (let i = 0; i < out.length; i++) out[i] = f!(ad[i]!, bd[i]!);
  return tensor(shape, out);
}

/** addSelect: condition ? then : else, element by element; all three broadcast (equal ranks). */
export function select(condition: Tensor, thenT: Tensor, elseT: Tensor): Tensor {
  if (!condition.bool) throw new SimError("select: the condition must be a bool tensor (e.g. a kGREATER result)");
  if (thenT.bool !== elseT.bool) throw new SimError("select: the then and else inputs must have the same type");
  const shape = broadcastShape(broadcastShape(condition.shape, thenT.shape, "select"), elseT.shape, "select");
  const c = broadcastTo(condition, shape);
  const t = broadcastTo(thenT, shape);
  const e = broadcastTo(elseT, shape);
  const out = new Float32Array(c.length);
  for (let i = 0; i < out.length; i++) out[i] = c[i]! !== 0 ? t[i]! : e[i]!;
  return thenT.bool ? { ...tensor(shape, out), bool: true } : tensor(shape, out);
}

/** addParametricReLU: x >= 0 ? x : slope·x, slope broadcast to x. */
export function parametricRelu(x: Tensor, slope: Tensor): Tensor {
  const shape = broadcastShape(x.shape, slope.shape, "parametric ReLU");
  if (shape.some((d, i) => d !== x.shape[i])) throw new SimError(`parametric ReLU: slope ${fmt(slope.shape)} is larger than the input ${fmt(x.shape)}`);
  const s = broadcastTo(slope, shape);
  const out = new Float32Array(x.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = x.data[i]!;
    out[i] = v >= 0 ? v : v * s[i]!;
  }
  return tensor([...x.shape], out);
}

export function transpose(x: Tensor, perm: number[]): Tensor {
  const rank = x.shape.length;
  const p = perm.slice(0, rank);
  if (new Set(p).size !== rank || p.some((v) => v < 0 || v >= rank)) throw new SimError(`shuffle: ${fmt(p)} is not a permutation of rank ${rank}`);
  const st = stridesOf(x.shape);
  const shape = p.map((i) => x.shape[i]!);
  return tensor(
    shape,
    gather(
      x.data,
      shape,
      p.map((i) => st[i]!),
    ),
  );
}

/** IShuffleLayer reshape dims: 0 copies the input dimension (zero is placeholder), -1 is inferred. */
export function reshapeDims(inShape: number[], dims: number[]): number[] {
  const total = numel(inShape);
  const out = dims.map((d, i) => {
    if (d === 0) {
      if (i >= inShape.length) throw new SimError(`shuffle: reshape dimension ${i} is 0 but the input has rank ${inShape.length}`);
      return inShape[i]!;
    }
    return d;
  });
  const unknown = out.filter((d) => d === -1).length;
  if (unknown > 1) throw new SimError(`shuffle: reshape dimensions ${fmt(dims)} have more than one -1`);
  const known = numel(out.filter((d) => d !== -1));
  if (unknown === 1) {
    if (known === 0 || total % known !== 0) throw new SimError(`shuffle: cannot reshape ${fmt(inShape)} into ${fmt(dims)}`);
    return out.map((d) => (d === -1 ? total / known : d));
  }
  if (known !== total) throw new SimError(`shuffle: cannot reshape ${fmt(inShape)} (${total} values) into ${fmt(dims)} (${known} values)`);
  return out;
}

/** IShuffleLayer: first transpose, then reshape, then second transpose. */
export function shuffle(x: Tensor, first: number[] | undefined, reshape: number[] | undefined, second: number[] | undefined): Tensor {
  let t = first ? transpose(x, first) : x;
  if (reshape) t = tensor(reshapeDims(t.shape, reshape), t.data);
  if (second) t = transpose(t, second);
  return t === x ? tensor([...x.shape], x.data.slice()) : t;
}

export interface ResizeOptions {
  mode: "nearest" | "linear";
  /** Output dims (from setOutputDimensions, or floor(in * scale) from setScales). */
  outShape: number[];
  transform: "kASYMMETRIC" | "kHALF_PIXEL" | "kALIGN_CORNERS";
  rounding: "kFLOOR" | "kCEIL" | "kHALF_UP" | "kHALF_DOWN";
}

/**
 * addResize: separable per dimension; linear interpolates between the two
 * nearest inputs (clamped at the edges). Output coordinates map to input
 * coordinates by the LENGTH ratio, as NvInfer.h documents for
 * ResizeCoordinateTransformation: kASYMMETRIC x * in/out, kHALF_PIXEL
 * (x + 0.5) * in/out - 0.5, kALIGN_CORNERS x * (in-1)/(out-1). Scales given
 * with setScales only determine the output size; they never enter the mapping
 * (unlike PyTorch's scale_factor, which maps by 1/scale).
 */
export function resize(x: Tensor, o: ResizeOptions): Tensor {
  let t = x;
  for (let axis = 0; axis < x.shape.length; axis++) {
    const inLen = t.shape[axis]!;
    const outLen = o.outShape[axis]!;
    if (inLen === outLen) continue;
    const coord = (i: number): number => {
      if (o.transform === "kALIGN_CORNERS") return outLen === 1 ? 0 : (i * (inLen - 1)) / (outLen - 1);
      if (o.transform === "kHALF_PIXEL") return ((i + 0.5) * inLen) / outLen - 0.5;
      return (i * inLen) / outLen;
    };
    const lo = new Int32Array(outLen);
    const hi = new Int32Array(outLen);
    const frac = new Float64Array(outLen);
    for (let i = 0; i < outLen; i++) {
      const c = coord(i);
      if (o.mode === "nearest") {
        const r =
          o.rounding === "kFLOOR"
            ? Math.floor(c)
            : o.rounding === "kCEIL"
              ? Math.ceil(c)
              : o.rounding === "kHALF_UP"
                ? Math.floor(c + 0.5)
                : Math.ceil(c - 0.5);
        lo[i] = hi[i] = Math.min(Math.max(r, 0), inLen - 1);
      } else {
        const cc = Math.min(Math.max(c, 0), inLen - 1);
        const f = Math.floor(cc);
        lo[i] = f;
        hi[i] = Math.min(f + 1, inLen - 1);
        frac[i] = cc - f;
      }
    }
    const outer = numel(t.shape.slice(0, axis));
    const inner = numel(t.shape.slice(axis + 1));
    const shape = t.shape.map((d, i) => (i === axis ? outLen : d));
    const out = new Float32Array(numel(shape));
    const td = t.data;
    for (let a = 0; a < outer; a++) {
      for (let i = 0; i < outLen; i++) {
        const ob = (a * outLen + i) * inner;
        const b0 = (a * inLen + lo[i]!) * inner;
        const b1 = (a * inLen + hi[i]!) * inner;
        const f = frac[i]!;
        if (f === 0) for (let j = 0; j < inner; j++) out[ob + j] = td[b0 + j]!;
        else for (let j = 0; j < inner; j++) out[ob + j] = td[b0 + j]! * (1 - f) + td[b1 + j]! * f;
      }
    }
    t = tensor(shape, out);
  }
  return t === x ? tensor([...x.shape], x.data.slice()) : t;
}

export function concatenation(xs: Tensor[], axis: number): Tensor {
  const first = xs[0]!;
  const rank = first.shape.length;
  if (axis < 0 || axis >= rank) throw new SimError(`concatenation: axis ${axis} is out of range for rank ${rank}`);
  for (const t of xs) {
    if (t.shape.length !== rank || t.shape.some((d, i) => i !== axis && d !== first.shape[i])) {
      throw new SimError(`concatenation: ${fmt(t.shape)} does not match ${fmt(first.shape)} outside axis ${axis}`);
    }
  }
  const shape = [...first.shape];
  shape[axis] = xs.reduce((s, t) => s + t.shape[axis]!, 0);
  const outer = numel(first.shape.slice(0, axis));
  const out = new Float32Array(numel(shape));
  let o = 0;
  for (let a = 0; a < outer; a++) {
    for (const t of xs) {
      const chunk = numel(t.shape.slice(axis));
      out.set(t.data.subarray(a * chunk, (a + 1) * chunk), o);
      o += chunk;
    }
  }
  return tensor(shape, out);
}

/** addMatrixMultiply (kNONE/kTRANSPOSE) over the last two dims; leading dims broadcast (equal ranks). */
export function matrixMultiply(a: Tensor, opA: string, b: Tensor, opB: string): Tensor {
  for (const op of [opA, opB]) if (op !== "kNONE" && op !== "kTRANSPOSE") throw new SimError(`matrix multiply: MatrixOperation ${op} is not simulated`);
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra < 2 || ra !== rb) throw new SimError(`matrix multiply: inputs ${fmt(a.shape)} and ${fmt(b.shape)} need equal ranks >= 2`);
  const ta = opA === "kTRANSPOSE";
  const tb = opB === "kTRANSPOSE";
  const [a0, a1] = [a.shape[ra - 2]!, a.shape[ra - 1]!];
  const [b0, b1] = [b.shape[rb - 2]!, b.shape[rb - 1]!];
  const M = ta ? a1 : a0;
  const Ka = ta ? a0 : a1;
  const Kb = tb ? b1 : b0;
  const N = tb ? b0 : b1;
  if (Ka !== Kb) throw new SimError(`matrix multiply: inner dimensions differ (${fmt(a.shape)}${ta ? "ᵀ" : ""} · ${fmt(b.shape)}${tb ? "ᵀ" : ""})`);
  const lead = broadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2), "matrix multiply");
  const sa = stridesOf(a.shape.slice(0, -2)).map((s, i) => (a.shape[i] === 1 ? 0 : s * a0 * a1));
  const sb = stridesOf(b.shape.slice(0, -2)).map((s, i) => (b.shape[i] === 1 ? 0 : s * b0 * b1));
  const batches = numel(lead);
  const [ai, ak] = ta ? [1, a1] : [a1, 1];
  const [bk, bj] = tb ? [1, b1] : [b1, 1];
  const out = new Float32Array(batches * M * N);
  const ad = a.data;
  const bd = b.data;
  const leadStrides = stridesOf(lead);
  for (let bt = 0; bt < batches; bt++) {
    let aBase = 0;
    let bBase = 0;
    let rem = bt;
    for (let d = 0; d < lead.length; d++) {
      const idx = Math.floor(rem / leadStrides[d]!);
      rem -= idx * leadStrides[d]!;
      aBase += idx * sa[d]!;
      bBase += idx * sb[d]!;
    }
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        let pa = aBase + i * ai;
        let pb = bBase + j * bj;
        for (let k = 0; k < Ka; k++, pa += ak, pb += bk) s += ad[pa]! * bd[pb]!;
        out[(bt * M + i) * N + j] = s;
      }
    }
  }
  return tensor([...lead, M, N], out);
}

/** addSoftMax over one axis. */
export function softmax(x: Tensor, axis: number): Tensor {
  const rank = x.shape.length;
  if (axis < 0 || axis >= rank) throw new SimError(`softmax: axis ${axis} is out of range for ${fmt(x.shape)}`);
  const len = x.shape[axis]!;
  const inner = numel(x.shape.slice(axis + 1));
  const outer = numel(x.shape.slice(0, axis));
  const out = new Float32Array(x.data.length);
  const xd = x.data;
  const tmp = new Float64Array(len);
  for (let a = 0; a < outer; a++) {
    for (let j = 0; j < inner; j++) {
      const base = a * len * inner + j;
      let m = -Infinity;
      for (let i = 0; i < len; i++) m = Math.max(m, xd[base + i * inner]!);
      let s = 0;
      for (let i = 0; i < len; i++) s += tmp[i] = Math.exp(xd[base + i * inner]! - m);
      for (let i = 0; i < len; i++) out[base + i * inner] = tmp[i]! / s;
    }
  }
  return tensor([...x.shape], out);
}

/** addReduce over the axes of a bit mask. */
export function reduce(x: Tensor, op: string, axesMask: number, keepDims: boolean): Tensor {
  const rank = x.shape.length;
  const axes = x.shape.map((_d, i) => i).filter((i) => (axesMask >>> i) & 1);
  if (axesMask >>> rank !== 0) throw new SimError(`reduce: axes mask ${axesMask} names dimensions beyond rank ${rank}`);
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outStrides = stridesOf(kept).map((s, i) => (axes.includes(i) ? 0 : s));
  const n = numel(kept);
  const init = op === "kMAX" ? -Infinity : op === "kMIN" ? Infinity : op === "kPROD" ? 1 : 0;
  const acc = new Float64Array(n).fill(init);
  const inStrides = stridesOf(x.shape);
  const xd = x.data;
  for (let i = 0; i < xd.length; i++) {
    let rem = i;
    let o = 0;
    for (let d = 0; d < rank; d++) {
      const idx = Math.floor(rem / inStrides[d]!);
      rem -= idx * inStrides[d]!;
      o += idx * outStrides[d]!;
    }
    const v = xd[i]!;
    if (op === "kSUM" || op === "kAVG") acc[o] = acc[o]! + v;
    else if (op === "kMAX") acc[o] = Math.max(acc[o]!, v);
    else if (op === "kMIN") acc[o] = Math.min(acc[o]!, v);
    else if (op === "kPROD") acc[o] = acc[o]! * v;
    else throw new SimError(`reduce operation ${op} is not simulated`);
  }
  const count = numel(axes.map((a) => x.shape[a]!));
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = op === "kAVG" ? acc[i]! / count : acc[i]!;
  return tensor(keepDims ? kept : x.shape.filter((_d, i) => !axes.includes(i)), out);
}

/** addSlice (strict bounds): out[i] = in[start + i·stride] per dimension. */
/** ISliceLayer's sample modes: what an out-of-bounds coordinate reads. */
export type SliceMode = "strict" | "wrap" | "clamp" | "reflect" | "fill";

/** An out-of-bounds coordinate `i` of a dimension of size `n` mapped by `mode` (-1: the fill value). */
function sampleIndex(i: number, n: number, mode: SliceMode): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case "wrap":
      return ((i % n) + n) % n;
    case "clamp":
      return Math.min(Math.max(i, 0), n - 1);
    case "reflect": {
      // mirrored about the edge elements, repeated indefinitely (period 2(n-1)); n = 1 repeats
      if (n === 1) return 0;
      const period = 2 * (n - 1);
      const k = ((i % period) + period) % period;
      return k < n ? k : period - k;
    }
    default:
      return -1;
  }
}

/**
 * addSlice: out[i] = x[start + i * stride] per dimension; strides may be 0 or
 * negative. Out-of-bounds coordinates fail in the default (strict) mode and are
 * mapped by `mode` otherwise ("fill": the value `fill`).
 */
export function slice(x: Tensor, start: number[], size: number[], stride: number[], mode: SliceMode = "strict", fill = 0): Tensor {
  const rank = x.shape.length;
  if (start.length !== rank || size.length !== rank || stride.length !== rank) throw new SimError(`slice: start/size/stride must have rank ${rank}`);
  const coords: number[][] = [];
  for (let d = 0; d < rank; d++) {
    const n = x.shape[d]!;
    if (size[d]! < 1) throw new SimError(`slice: size ${fmt(size)} is empty in dimension ${d}`);
    const c = Array.from({ length: size[d]! }, (_v, i) => sampleIndex(start[d]! + i * stride[d]!, n, mode));
    if (mode === "strict" && c.some((v) => v < 0)) {
      throw new SimError(`slice: start ${fmt(start)} size ${fmt(size)} stride ${fmt(stride)} reads outside ${fmt(x.shape)} in dimension ${d}`);
    }
    coords.push(c);
  }
  const st = stridesOf(x.shape);
  const out = new Float32Array(numel(size));
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    let off = 0;
    let inside = true;
    for (let d = 0; d < rank; d++) {
      const c = coords[d]![idx[d]!]!;
      if (c < 0) inside = false;
      off += c * st[d]!;
    }
    out[o] = inside ? x.data[off]! : Math.fround(fill);
    for (let d = rank - 1; d >= 0 && ++idx[d]! === size[d]!; d--) idx[d] = 0;
  }
  return tensor([...size], out);
}

/** addGather (default mode): out[a, i..., b] = data[a, indices[i...], b] along `axis`. */
export function gatherAxis(data: Tensor, indices: Tensor, axis: number): Tensor {
  const n = data.shape[axis];
  if (n === undefined) throw new SimError(`gather: axis ${axis} is out of range for ${fmt(data.shape)}`);
  const outer = numel(data.shape.slice(0, axis));
  const inner = numel(data.shape.slice(axis + 1));
  const k = indices.data.length;
  const out = new Float32Array(outer * k * inner);
  for (let j = 0; j < k; j++) {
    const i = indices.data[j]!;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new SimError(`gather: index ${i} is out of range for axis ${axis} of size ${n}`);
    for (let o = 0; o < outer; o++) out.set(data.data.subarray((o * n + i) * inner, (o * n + i + 1) * inner), (o * k + j) * inner);
  }
  return tensor([...data.shape.slice(0, axis), ...indices.shape, ...data.shape.slice(axis + 1)], out);
}

// ---- issue 10

/**
 * NetworkBuilder::normalization (INormalizationLayer): (x - mean) / sqrt(var + eps) * scale + bias
 * over the axes of the mask, the variance biased; scale and bias have x's rank and broadcast to it.
 */
export function normalization(x: Tensor, scale: Tensor, bias: Tensor, axesMask: number, eps: number): Tensor {
  const rank = x.shape.length;
  for (const [what, t] of [
    ["scale", scale],
    ["bias", bias],
  ] as const) {
    if (t.shape.length !== rank || t.shape.some((d, i) => d !== 1 && d !== x.shape[i])) {
      throw new SimError(`normalization: ${what} ${fmt(t.shape)} does not broadcast to the input ${fmt(x.shape)} (same rank, each dimension equal or 1)`);
    }
  }
  if (axesMask === 0) throw new SimError("normalization: the axes mask names no dimension");
  const mean = reduce(x, "kAVG", axesMask, true);
  const centered = elementwise(x, mean, "kSUB");
  const variance = reduce(elementwise(centered, centered, "kPROD"), "kAVG", axesMask, true);
  const std = map(variance, (v) => Math.fround(Math.sqrt(Math.fround(v + Math.fround(eps)))));
  return elementwise(elementwise(elementwise(centered, std, "kDIV"), scale, "kPROD"), bias, "kSUM");
}

/** NetworkBuilder::argmax: the index of the largest value along `axis` (kept, size 1), the first of equal ones, as a float. */
export function argmax(x: Tensor, axis: number): Tensor {
  const rank = x.shape.length;
  if (axis < 0 || axis >= rank) throw new SimError(`argmax: axis ${axis} is out of range for ${fmt(x.shape)}`);
  const len = x.shape[axis]!;
  const inner = numel(x.shape.slice(axis + 1));
  const outer = numel(x.shape.slice(0, axis));
  const out = new Float32Array(outer * inner);
  const xd = x.data;
  for (let a = 0; a < outer; a++) {
    for (let j = 0; j < inner; j++) {
      const base = a * len * inner + j;
      let best = 0;
      for (let i = 1; i < len; i++) if (xd[base + i * inner]! > xd[base + best * inner]!) best = i;
      out[a * inner + j] = best;
    }
  }
  return tensor(
    x.shape.map((d, i) => (i === axis ? 1 : d)),
    out,
  );
}
