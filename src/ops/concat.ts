import * as z from "zod";
import { net } from "../lower/catalog.js";
import { int } from "./params.js";
import { OpError, defineOp, fmtShape, normDim } from "./types.js";

export const concat = defineOp({
  name: "concat",
  summary: "concatenates tensors along a dimension",
  pytorch: { functions: ["torch.cat", "torch.concat", "torch.concatenate"] },
  params: z.strictObject({ dim: int.default(0) }),
  arity: { min: 1, max: Infinity },
  dynamic: "any",
  inferShape(inputs, p) {
    const first = inputs[0]!;
    const d = normDim(p.dim, first.length);
    let total = 0;
    inputs.forEach((s, i) => {
      if (s.length !== first.length) {
        throw new OpError(`input ${i} has rank ${s.length} but input 0 has rank ${first.length}`);
      }
      s.forEach((v, j) => {
        if (j !== d && v !== first[j]) {
          throw new OpError(
            `input ${i} ${fmtShape(s)} differs from input 0 ${fmtShape(first)} in dimension ${j}; only dimension ${d} may differ`,
            d === 0 && j === 1 ? "did you mean dim: 1 (channels)? PyTorch's default dim is 0" : undefined,
          );
        }
      });
      total += s[d]!;
    });
    const out = [...first];
    out[d] = total;
    return out;
  },
  lower: (ctx, p) => ctx.main(net.addConcatenation({ inputs: ctx.inputs }, { axis: p.dim < 0 ? p.dim + ctx.outShape.length : p.dim })),
  describe: (p) => `dim=${p.dim}`,
});
