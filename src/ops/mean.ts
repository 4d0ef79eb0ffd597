import { reduceOp } from "./reduce_common.js";

export const mean = reduceOp({ name: "mean", summary: "mean over dimensions", pytorch: { functions: ["torch.mean"], methods: ["mean"] }, trt: "kAVG" });
