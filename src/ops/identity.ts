import { unaryOp } from "./elementwise_common.js";

export const identity = unaryOp({
  name: "identity",
  summary: "passes its input through unchanged",
  lower: (ctx) => ctx.main("addIdentity", [ctx.input()]),
  pytorch: "torch.nn.Identity",
});
