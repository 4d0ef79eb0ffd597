import { constantLimitProblem, shapeLimitProblem } from "../ir/limits.js";
import { LowerError, fmtShape } from "../ops/types.js";
import type { Step } from "./types.js";

/**
 * Throws when a layer the lowering adds makes a tensor TensorRT cannot hold, or a constant it
 * computes is past MAX_CONSTANT_VALUES. `check` keeps every spec layer's output within the
 * limits (and the ops keep the tensors they compute on the way, such as attention scores);
 * this guards the tensors in between, so that such a case is a diagnostic rather than a
 * build failure.
 */
export function checkStepShapes(steps: readonly Step[]): void {
  for (const s of steps) {
    if (s.kind === "weights" && s.call.fn === "constant") {
      // a constant the lowering computed: its values go into the generated C++
      const big = constantLimitProblem(s.count, "a constant this lowering computes");
      if (big) throw new LowerError(big.reason, big.hint);
    }
    if (s.kind !== "layer") continue;
    const problem = shapeLimitProblem(s.outShape);
    if (problem) throw new LowerError(`the lowering needs a tensor of shape ${fmtShape(s.outShape)} (${s.name}): ${problem.reason}`, problem.hint);
  }
}
