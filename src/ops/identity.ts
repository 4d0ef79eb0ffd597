import { net } from "../lower/catalog.js";
import { unaryOp } from "./elementwise_common.js";

export const identity = unaryOp({
  name: "identity",
  summary: "passes its input through unchanged",
  lower: (ctx) => ctx.main(net.addIdentity({ input: ctx.input() })),
  pytorch: "torch.nn.Identity",
});
