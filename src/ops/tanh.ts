import { activation, unaryOp } from "./elementwise_common.js";

export const tanh = unaryOp({
  name: "tanh",
  summary: "hyperbolic tangent",
  lower: (ctx) => activation(ctx, "kTANH"),
  activationDoc: "`addActivation(kTANH)`",
  pytorch: { modules: ["torch.nn.Tanh"], functions: ["torch.tanh", "torch.nn.functional.tanh"], methods: ["tanh", "tanh_"] },
});
