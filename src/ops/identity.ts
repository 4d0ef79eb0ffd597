import { net } from "../lower/catalog.js";
import { unaryOp } from "./elementwise_common.js";

export const identity = unaryOp({
  name: "identity",
  summary: "passes its input through unchanged",
  lower: (ctx) => ctx.main(net.addIdentity({ input: ctx.input() })),
  pytorch: {
    modules: [
      "torch.nn.Identity",
      "torch.nn.Dropout",
      "torch.nn.Dropout1d",
      "torch.nn.Dropout2d",
      "torch.nn.Dropout3d",
      "torch.nn.AlphaDropout",
      "torch.nn.FeatureAlphaDropout",
    ],
    functions: ["torch.nn.functional.dropout", "torch.nn.functional.dropout2d", "torch.nn.functional.alpha_dropout"],
    methods: ["contiguous", "clone", "detach", "float"],
    note: "dropout is the identity at inference",
  },
});
