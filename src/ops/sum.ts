import { reduceOp } from "./reduce_common.js";

export const sum = reduceOp({ name: "sum", summary: "sum over dimensions", pytorch: { functions: ["torch.sum"], methods: ["sum"] }, trt: "kSUM" });
