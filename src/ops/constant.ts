import * as z from "zod";
import { net } from "../lower/catalog.js";
import { posInt } from "./params.js";
import { defineOp } from "./types.js";

export const constant = defineOp({
  name: "constant",
  summary: "a tensor of the .wts file as network data (a parameter or buffer used as a value, e.g. a class token)",
  pytorch: { note: "an nn.Parameter or buffer read as data (class tokens, positional embeddings, layer scale); no input" },
  params: z.strictObject({
    shape: z.array(posInt, { error: "expected the tensor's shape as a list of positive sizes" }).min(1).max(8, "expected at most 8 dimensions"),
  }),
  arity: { min: 0, max: 0 },
  dynamic: "any",
  inferShape(_inputs, p) {
    return [...p.shape];
  },
  weightRoles: [{ role: "value", shape: "shape" }],
  weights(_inputs, p) {
    return [{ role: "value", shape: [...p.shape] }];
  },
  lower(ctx, p) {
    return ctx.main(net.addConstant({ dimensions: [...p.shape], weights: ctx.weight("value") }));
  },
});
