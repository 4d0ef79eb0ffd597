// The fuzz loop: fast-check generates inputs from a seed; every input runs
// through a target's one-input function. A new kind of finding stops
// fast-check, which shrinks the input to a smaller one that still fails; the
// finding is kept and the loop goes on with the next seed, skipping findings
// already seen, until the time or the input budget is spent.
import fc from "fast-check";
import { Finding, asFinding, type Target, type Workspace } from "./targets.js";

export interface FuzzOptions<T> {
  /** fast-check seed of the first round; the run is deterministic for a given seed and `maxInputs`. */
  seed: number;
  /** Stop after this long (ms). */
  timeMs: number;
  /** Stop after this many inputs. */
  maxInputs: number;
  /** An input that runs longer than this (ms) is a finding. */
  inputTimeMs: number;
  /** Called before each input (the worker of fuzz/main.ts tells its watchdog). */
  onInput?: (input: T) => void;
  /** Called after each input. */
  onInputDone?: () => void;
  /** Called with each new finding, shrunk, as soon as it is found. */
  onFinding?: (found: FoundInput<T>) => void;
  /** Signatures found before (by an earlier worker): counted in `known`, not reported again. */
  known?: Map<string, number>;
}

export interface FoundInput<T> {
  finding: Finding;
  /** The shrunk input. */
  input: T;
  /** fast-check seed and path that regenerate the failing input before shrinking. */
  seed: number;
  path: string | null;
  /** Inputs that hit the same signature. */
  hits: number;
}

export interface FuzzSummary<T> {
  target: string;
  inputs: number;
  ms: number;
  findings: FoundInput<T>[];
}

export function fuzz<T>(target: Target<T>, arbitrary: fc.Arbitrary<T>, ws: Workspace, opts: FuzzOptions<T>): FuzzSummary<T> {
  const start = performance.now();
  const found = new Map<string, FoundInput<T>>();
  let inputs = 0;
  const property = fc.property(arbitrary, (input) => {
    opts.onInput?.(input);
    inputs++;
    const t0 = performance.now();
    let finding: Finding | undefined;
    try {
      target.run(input, ws);
    } catch (e) {
      finding = asFinding(e);
    }
    const ms = performance.now() - t0;
    opts.onInputDone?.();
    if (finding === undefined && ms > opts.inputTimeMs)
      finding = new Finding("timeout", `an input ran longer than the limit\n(${Math.round(ms)} ms, limit ${opts.inputTimeMs} ms)`);
    if (finding === undefined) return;
    const seen = found.get(finding.signature);
    if (seen !== undefined) {
      seen.hits++;
      return;
    }
    const before = opts.known?.get(finding.signature);
    if (before !== undefined) {
      opts.known!.set(finding.signature, before + 1);
      return;
    }
    throw finding;
  });
  for (let round = 0; inputs < opts.maxInputs; round++) {
    const left = opts.timeMs - (performance.now() - start);
    if (left <= 0) break;
    const seed = (opts.seed + round) | 0;
    const r = fc.check(property, { seed, numRuns: opts.maxInputs - inputs, interruptAfterTimeLimit: left, markInterruptAsFailure: false });
    if (!r.failed) break;
    const finding = asFinding(r.errorInstance);
    const f = { finding, input: r.counterexample![0], seed, path: r.counterexamplePath, hits: 1 };
    found.set(finding.signature, f);
    opts.onFinding?.(f);
  }
  return { target: target.name, inputs, ms: performance.now() - start, findings: [...found.values()] };
}
