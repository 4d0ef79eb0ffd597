// Lowers one op on given input shapes (parameters parsed, shape inferred) and
// returns its layer steps, for the lowering tests of test/ops/*.test.ts.
import type { LayerStep } from "../../src/lower/types.js";
import { LowerContext } from "../../src/lower/context.js";
import { ValueIds } from "../../src/lower/values.js";
import type { AnyOp } from "../../src/ops/index.js";
import type { Shape } from "../../src/ops/types.js";

export function lowerOp(op: AnyOp, params: unknown, inputs: Shape[], layer = "l"): { layers: LayerStep[]; out: string; outShape: Shape } {
  const p = op.params.parse(params);
  const outShape = op.inferShape(inputs, p);
  const ctx = new LowerContext(
    new ValueIds(),
    layer,
    inputs.map((_s, i) => `x${i}`),
    inputs,
    outShape,
    [],
  );
  const out = op.lower!(ctx, p);
  return { layers: ctx.steps.filter((s): s is LayerStep => s.kind === "layer"), out, outShape };
}
