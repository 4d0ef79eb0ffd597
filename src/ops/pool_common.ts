import { OpError, type Shape, requireRank } from "./types.js";
import type { Pair } from "./params.js";

export interface PoolGeometry {
  kernel_size: Pair;
  stride: Pair;
  padding: Pair;
  dilation: Pair;
  ceil_mode: boolean;
}

/**
 * PyTorch's pooling output size (aten pooling_output_shape):
 * out = floor_or_ceil((in + 2p - d*(k-1) - 1) / s) + 1, and with ceil_mode the
 * last window is dropped when it would start at or beyond in + p (entirely in
 * the right padding).
 */
export function poolOutSize(input: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  const span = input + 2 * p - d * (k - 1) - 1;
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (out - 1) * s >= input + p) out -= 1;
  return out;
}

export function poolShape(x: Shape, g: PoolGeometry): Shape {
  requireRank(x, 4, "N, C, H, W");
  const [n, c, h, w] = x as [number, number, number, number];
  for (let i = 0; i < 2; i++) {
    // PyTorch (pool2d_shape_check): kernel_size / 2 >= padding, with the undilated kernel size.
    const k = g.kernel_size[i]!;
    if (g.padding[i]! * 2 > k) {
      throw new OpError(
        `padding ${g.padding[i]} is more than half of the ${i === 0 ? "height" : "width"} kernel size ${k}`,
        "PyTorch rejects this too; use padding <= kernel_size / 2",
        "padding",
      );
    }
  }
  const oh = poolOutSize(h, g.kernel_size[0], g.stride[0], g.padding[0], g.dilation[0], g.ceil_mode);
  const ow = poolOutSize(w, g.kernel_size[1], g.stride[1], g.padding[1], g.dilation[1], g.ceil_mode);
  if (oh < 1 || ow < 1) {
    throw new OpError(`output size would be ${oh}×${ow}: the kernel does not fit into the padded input ${h + 2 * g.padding[0]}×${w + 2 * g.padding[1]}`, "use a smaller kernel or a larger input");
  }
  return [n, c, oh, ow];
}
