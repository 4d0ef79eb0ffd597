import { unaryOp } from "./elementwise_common.js";
import { softplus } from "./softplus.js";

// log(sigmoid(x)) = -softplus(-x) = PyTorch's softplus with beta -1, whose
// lowering is exact for large |x| in float32: x itself where -x > 20, and
// -log(exp(-x) + 1) elsewhere (no overflow there since exp(-x) <= e^20).
export const logsigmoid = unaryOp({
  name: "logsigmoid",
  summary: "log(sigmoid(x)) = -softplus(-x)",
  activationDoc: "the `softplus` lowering with beta -1, threshold 20: `x` where `-x > 20`, `-log(exp(-x) + 1)` elsewhere",
  pytorch: { modules: ["torch.nn.LogSigmoid"], functions: ["torch.nn.functional.logsigmoid"] },
  lower: (ctx) => softplus.lower!(ctx, { beta: -1, threshold: 20 }),
});
