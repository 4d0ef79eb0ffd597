import { activation, unaryOp } from "./elementwise_common.js";

export const relu = unaryOp({
  name: "relu",
  summary: "max(x, 0)",
  lower: (ctx) => activation(ctx, "kRELU"),
  activationDoc: "`addActivation(kRELU)`",
  pytorch: {
    modules: ["torch.nn.ReLU"],
    functions: ["torch.nn.functional.relu", "torch.relu", "torch.nn.functional.relu_", "torch.relu_"],
    methods: ["relu", "relu_"],
  },
});
