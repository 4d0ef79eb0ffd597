import { unaryOp } from "./elementwise_common.js";

export const tanh = unaryOp({
  name: "tanh",
  summary: "hyperbolic tangent",
  pytorch: "torch.nn.Tanh",
});
