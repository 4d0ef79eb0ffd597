import { unaryOp } from "./elementwise_common.js";

export const silu = unaryOp({
  name: "silu",
  summary: "x * sigmoid(x) (swish)",
  pytorch: "torch.nn.SiLU",
});
