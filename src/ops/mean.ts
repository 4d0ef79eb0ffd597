import { reduceOp } from "./reduce_common.js";

export const mean = reduceOp({ name: "mean", summary: "mean over dimensions", pytorch: "torch.mean", trt: "kAVG" });
