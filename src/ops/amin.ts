import { reduceOp } from "./reduce_common.js";

export const amin = reduceOp({ name: "amin", summary: "minimum over dimensions", pytorch: { functions: ["torch.amin"], methods: ["amin"] }, trt: "kMIN" });
