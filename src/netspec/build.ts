// The spec's optional `build:` section: defaults for the generated builder program's build
// options (docs/spec.md "Build defaults"), so that the board command stays one line. `trtgen
// emit` writes them into the program, whose command-line options come after them; `trtgen
// build` merges them with its own flags, which win.
import * as z from "zod";

/** The section's keys and the values each takes (builderArgs below: what each becomes on the builder's command line). */
export const buildSchema = z.strictObject({
  fp16: z.boolean().optional(),
  tf32: z.boolean().optional(),
  workspace: z.number().int().min(1).max(16777216).optional(),
  opt_level: z.number().int().min(0).max(5).optional(),
  timing_cache: z.string().min(1).optional(),
  dla_core: z.number().int().min(0).max(1000000).optional(),
  gpu_fallback: z.boolean().optional(),
});

export type BuildDefaults = z.infer<typeof buildSchema>;

/** What each key takes, for messages. */
export const BUILD_EXPECTED: Record<keyof BuildDefaults, string> = {
  fp16: "true or false",
  tf32: "true or false",
  workspace: "a whole number of MiB from 1 to 16777216",
  opt_level: "a whole number from 0 to 5",
  timing_cache: "a file name",
  dla_core: "a DLA core number (0, 1, ...)",
  gpu_fallback: "true or false",
};
export const BUILD_KEYS = Object.keys(buildSchema.shape) as (keyof BuildDefaults)[];

/** What is wrong with a valid-typed section as a whole (the builder would refuse it), or undefined. */
export function buildDefaultsProblem(b: BuildDefaults): { key: keyof BuildDefaults; expected: string; got: string } | undefined {
  if (b.dla_core !== undefined && b.fp16 !== true)
    return { key: "dla_core", expected: "'fp16: true' beside it (DLA runs FP16 and INT8 layers only)", got: `dla_core ${b.dla_core} without it` };
  if (b.gpu_fallback === true && b.dla_core === undefined)
    return { key: "gpu_fallback", expected: "'dla_core' beside it (it only applies to DLA builds)", got: "gpu_fallback without it" };
  return undefined;
}

/** The builder program's arguments for these options, in a fixed order. */
export function builderArgs(b: BuildDefaults): string[] {
  const args: string[] = [];
  if (b.fp16) args.push("--fp16");
  if (b.tf32) args.push("--tf32");
  if (b.workspace !== undefined) args.push("--workspace", String(b.workspace));
  if (b.opt_level !== undefined) args.push("--opt-level", String(b.opt_level));
  if (b.timing_cache !== undefined) args.push("--timing-cache", b.timing_cache);
  if (b.dla_core !== undefined) args.push("--dla-core", String(b.dla_core));
  if (b.gpu_fallback) args.push("--gpu-fallback");
  return args;
}
