import { reduceOp } from "./reduce_common.js";

export const sum = reduceOp({ name: "sum", summary: "sum over dimensions", pytorch: "torch.sum", trt: "kSUM" });
