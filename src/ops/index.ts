// The registry of ops. Each op lives in its own file (src/ops/<op>.ts) with its
// parameter schema, shape inference, weight requirements and lowering.
import { adaptive_avg_pool2d } from "./adaptive_avg_pool2d.js";
import { add } from "./add.js";
import { avg_pool2d } from "./avg_pool2d.js";
import { batch_norm2d } from "./batch_norm2d.js";
import { clamp } from "./clamp.js";
import { concat } from "./concat.js";
import { constant } from "./constant.js";
import { conv2d } from "./conv2d.js";
import { conv_transpose2d } from "./conv_transpose2d.js";
import { custom } from "./custom.js";
import { div } from "./div.js";
import { elu } from "./elu.js";
import { flatten } from "./flatten.js";
import { gelu } from "./gelu.js";
import { group_norm } from "./group_norm.js";
import { hardsigmoid } from "./hardsigmoid.js";
import { hardswish } from "./hardswish.js";
import { hardtanh } from "./hardtanh.js";
import { identity } from "./identity.js";
import { layer_norm } from "./layer_norm.js";
import { leaky_relu } from "./leaky_relu.js";
import { linear } from "./linear.js";
import { logsigmoid } from "./logsigmoid.js";
import { matmul } from "./matmul.js";
import { normalize } from "./normalize.js";
import { max_pool2d } from "./max_pool2d.js";
import { mean } from "./mean.js";
import { mish } from "./mish.js";
import { mul } from "./mul.js";
import { permute } from "./permute.js";
import { prelu } from "./prelu.js";
import { relu } from "./relu.js";
import { relu6 } from "./relu6.js";
import { reshape } from "./reshape.js";
import { sigmoid } from "./sigmoid.js";
import { silu } from "./silu.js";
import { slice } from "./slice.js";
import { softmax } from "./softmax.js";
import { softplus } from "./softplus.js";
import { sub } from "./sub.js";
import { sum } from "./sum.js";
import { tanh } from "./tanh.js";
// math ops (issue 10)
import { abs } from "./abs.js";
import { argmax } from "./argmax.js";
import { amax } from "./amax.js";
import { amin } from "./amin.js";
import { erf } from "./erf.js";
import { exp } from "./exp.js";
import { maximum } from "./maximum.js";
import { minimum } from "./minimum.js";
import { neg } from "./neg.js";
import { pow } from "./pow.js";
import { scaled_dot_product_attention } from "./scaled_dot_product_attention.js";
import { multi_head_attention } from "./multi_head_attention.js";
import { sqrt } from "./sqrt.js";
import type { OpDef } from "./types.js";
import { upsample } from "./upsample.js";
// shape ops (issue 10)
import { channel_shuffle } from "./channel_shuffle.js";
import { chunk } from "./chunk.js";
import { expand } from "./expand.js";
import { gather } from "./gather.js";
import { pad } from "./pad.js";
import { roll } from "./roll.js";
import { select } from "./select.js";
import { split } from "./split.js";
import { transpose } from "./transpose.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOp = OpDef<any>;

const all: AnyOp[] = [
  conv2d,
  conv_transpose2d,
  batch_norm2d,
  relu,
  relu6,
  leaky_relu,
  prelu,
  sigmoid,
  tanh,
  silu,
  hardswish,
  hardsigmoid,
  gelu,
  elu,
  softplus,
  mish,
  logsigmoid,
  hardtanh,
  clamp,
  max_pool2d,
  avg_pool2d,
  adaptive_avg_pool2d,
  linear,
  flatten,
  reshape,
  permute,
  add,
  sub,
  mul,
  div,
  concat,
  upsample,
  softmax,
  mean,
  sum,
  slice,
  identity,
  custom,
  // issue 10 (normalization and data ops)
  constant,
  layer_norm,
  group_norm,
  matmul,
  // math ops (issue 10)
  erf,
  sqrt,
  exp,
  abs,
  neg,
  pow,
  maximum,
  minimum,
  amax,
  amin,
  argmax,
  scaled_dot_product_attention,
  multi_head_attention,
  normalize,
  // shape ops (issue 10)
  transpose,
  channel_shuffle,
  expand,
  pad,
  roll,
  chunk,
  split,
  select,
  gather,
];

export const OPS: ReadonlyMap<string, AnyOp> = new Map(all.map((op) => [op.name, op]));

export function getOp(name: string): AnyOp | undefined {
  return OPS.get(name);
}
