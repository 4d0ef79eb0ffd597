import * as z from "zod";
import { net } from "../lower/catalog.js";
import { activation, unaryOp } from "./elementwise_common.js";
import { num } from "./params.js";

export const softplus = unaryOp({
  name: "softplus",
  summary: "log(1 + exp(beta * x)) / beta, linear above threshold",
  activationDoc: "`beta` must not be 0. `addActivation(kSOFTPLUS)`, alpha = 1/beta, beta = beta, then `x` where `x * beta > threshold` (see below)",
  pytorch: { modules: ["torch.nn.Softplus"], functions: ["torch.nn.functional.softplus"] },
  params: z.strictObject({
    beta: num.refine((v) => v !== 0, "beta must not be 0").default(1),
    threshold: num.default(20),
  }),
  // PyTorch: beta*x > threshold ? x : log(1 + exp(beta*x)) / beta. kSOFTPLUS is
  // alpha * log(exp(beta*x) + 1) with no threshold, so the switch is a select on
  // the same comparison (x * beta computed as PyTorch does, so the sign of beta
  // needs no case). Constants are NetworkBuilder::constant weights, in the
  // network's compute type (half on strongly typed FP16 builds).
  //
  // A negative beta is lowered as -softplus_|beta|(-x) (the same function), so kSOFTPLUS
  // only ever gets positive alpha and beta: TensorRT 10.6 on a GPU merged a kSOFTPLUS with
  // alpha = beta = -1 into a kSOFTPLUS with alpha = beta = 1 on the same input (fixture
  // activations_shared_input, docs/gpu-results.md).
  lower(ctx, p) {
    const ones = ctx.outShape.map(() => 1);
    let sp: string;
    if (p.beta > 0) {
      sp = activation(ctx, "kSOFTPLUS", 1 / p.beta, p.beta);
    } else {
      const negated = ctx.helper("neg_input", net.addUnary({ input: ctx.input(), operation: "kNEG" }), ctx.outShape);
      const pos = ctx.main(net.addActivation({ input: negated, type: "kSOFTPLUS" }, { alpha: -1 / p.beta, beta: -p.beta }));
      sp = ctx.helper("neg", net.addUnary({ input: pos, operation: "kNEG" }), ctx.outShape);
    }
    let scaled = ctx.inputs[0]!;
    if (p.beta !== 1) {
      const beta = ctx.constantTensor([p.beta], ones, "beta");
      scaled = ctx.helper("scaled", net.addElementWise({ input1: ctx.input(), input2: beta, op: "kPROD" }), ctx.outShape);
    }
    const threshold = ctx.constantTensor([p.threshold], ones, "threshold");
    const above = ctx.helper("above", net.addElementWise({ input1: scaled, input2: threshold, op: "kGREATER" }), ctx.outShape);
    return ctx.helper("select", net.addSelect({ condition: above, thenInput: ctx.input(), elseInput: sp }), ctx.outShape);
  },
  describe: (p) => `beta=${p.beta} threshold=${p.threshold}`,
});
