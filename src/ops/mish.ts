import { net } from "../lower/catalog.js";
import { unaryOp } from "./elementwise_common.js";
import { softplus } from "./softplus.js";

// PyTorch: x * tanh(softplus(x)) with softplus's threshold 20 (x itself above it),
// so the softplus lowering (exact for large |x|) is reused, then tanh and the product.
export const mish = unaryOp({
  name: "mish",
  summary: "x * tanh(softplus(x))",
  activationDoc:
    "the `softplus` lowering (beta 1, threshold 20), then `addActivation(kTANH)` (helper `<name>/tanh`) and the product with x (helper `<name>/mul`)",
  pytorch: { modules: ["torch.nn.Mish"], functions: ["torch.nn.functional.mish"] },
  lower(ctx) {
    const sp = softplus.lower!(ctx, { beta: 1, threshold: 20 });
    const t = ctx.helper("tanh", net.addActivation({ input: sp, type: "kTANH" }), ctx.outShape);
    return ctx.helper("mul", net.addElementWise({ input1: ctx.input(), input2: t, op: "kPROD" }), ctx.outShape);
  },
});
