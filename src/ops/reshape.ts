import * as z from "zod";
import { net } from "../lower/catalog.js";
import { sizeList } from "./params.js";
import { OpError, defineOp, fmtShape, product } from "./types.js";

export const reshape = defineOp({
  name: "reshape",
  summary: "gives the tensor a new shape with the same number of elements (one dimension may be -1)",
  pytorch: { functions: ["torch.reshape", "torch.squeeze", "torch.unsqueeze"], methods: ["view", "reshape", "squeeze", "unsqueeze", "view_as", "reshape_as"] },
  params: z.strictObject({
    shape: sizeList,
  }),
  arity: { min: 1, max: 1 },
  dynamic: "any",
  inferShape([x], p) {
    const total = product(x!);
    const unknown = p.shape.filter((d) => d === -1).length;
    if (unknown > 1) throw new OpError("only one dimension can be -1", undefined, "shape");
    const known = product(p.shape.filter((d) => d !== -1));
    if (unknown === 1) {
      if (total % known !== 0) {
        throw new OpError(
          `cannot reshape ${fmtShape(x!)} (${total} elements) into ${fmtShape(p.shape)}: ${total} is not divisible by ${known}`,
          undefined,
          "shape",
        );
      }
      return p.shape.map((d) => (d === -1 ? total / known : d));
    }
    if (known !== total) {
      throw new OpError(
        `cannot reshape ${fmtShape(x!)} (${total} elements) into ${fmtShape(p.shape)} (${known} elements)`,
        "the element counts must match; use -1 for one inferred dimension",
        "shape",
      );
    }
    return [...p.shape];
  },
  lower: (ctx) => ctx.main(net.addShuffle({ input: ctx.input() }, { reshapeDimensions: ctx.outShape })),
  describe: (p) => fmtShape(p.shape),
});
