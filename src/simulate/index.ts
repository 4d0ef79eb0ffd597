// `trtgen simulate`: validate + lower exactly as `emit` does, then execute the
// lowered TensorRT calls in float32 on the CPU.
import { lowerSpecFile } from "../lower/pipeline.js";
import type { LoweredProgram } from "../lower/types.js";
import { executeProgram, type SimulationResult } from "./execute.js";
import { SimError } from "./tensor.js";

export { executeProgram, unsimulatable, type SimulationResult } from "./execute.js";
export { SimError, type Tensor } from "./tensor.js";
export * from "./io.js";

export interface SimulateOptions {
  spec: string;
  wts: string;
  /** Spec input name → values. */
  inputs: Map<string, Float32Array>;
  /** Simulate the program `emit --fold-bn` generates. */
  foldBn?: boolean;
}

/** One-call simulation for tests and scripts: throws SimError, or Error with the diagnostics' text. */
export function simulateSpec(o: SimulateOptions): SimulationResult & { program: LoweredProgram } {
  const { program, diags, weights } = lowerSpecFile(o.spec, { wts: o.wts, wtsValues: true, foldBn: o.foldBn });
  if (!program) throw new SimError(`${o.spec}: ${diags.errorCount} error(s): ${diags.sorted()[0]?.message ?? "validation failed"}`);
  return { ...executeProgram(program, weights ?? new Map(), o.inputs), program };
}
