import { reduceOp } from "./reduce_common.js";

export const amax = reduceOp({ name: "amax", summary: "maximum over dimensions", pytorch: { functions: ["torch.amax"], methods: ["amax"] }, trt: "kMAX" });
