// TEMPLATE for a new op: copy to src/ops/<op>.ts, rename, fill in, delete what
// does not apply. Not registered (src/ops/index.ts) and never used. The full
// checklist, which test/ops/registry.test.ts enforces, is in docs/contributing.md.
//
// An activation (one input, output of the input's shape) is one call of
// unaryOp, like src/ops/silu.ts; anything else is a defineOp, like conv2d.ts.
import * as z from "zod";
import { activation, unaryOp } from "./elementwise_common.js";
import { num } from "./params.js";

export const template_op = unaryOp({
  // Op name as written in specs (`op: template_op`); the file is src/ops/<name>.ts.
  name: "template_op",
  // One line for docs/spec.md, the JSON Schema and --help.
  summary: "what it computes, PyTorch's formula",
  // The row of the generated activations table of docs/spec.md (markdown): the TensorRT calls.
  activationDoc: "`addActivation(kRELU)`",
  // ops.json: what trtgen-export drafts as this op. Module classes whose constructor
  // arguments are the parameters below (same names, kept as attributes) and functions
  // f(input, <parameters in order>) need no Python code; anything else needs a handler in
  // python/trtgen_export/draft/{modules,functions,methods}.py.
  pytorch: { modules: ["torch.nn.ReLU"], functions: ["torch.nn.functional.relu"], methods: ["relu"] },
  // PyTorch's parameter names and defaults; zod defaults go into ops.json, the JSON
  // Schema and docs/spec.md. Leave `params` out for an op without parameters.
  params: z.strictObject({ alpha: num.default(1) }),
  // The TensorRT calls, as data, through the LowerContext helpers (elementwise_common.ts).
  lower: (ctx, p) => activation(ctx, "kRELU", p.alpha),
  // Short parameter summary for the `trtgen check` layer table.
  describe: (p) => `alpha=${p.alpha}`,
});
