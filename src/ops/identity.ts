import { unaryOp } from "./elementwise_common.js";

export const identity = unaryOp({
  name: "identity",
  summary: "passes its input through unchanged",
  pytorch: "torch.nn.Identity",
});
