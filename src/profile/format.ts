// The per-layer profile file that a generated builder program writes with
// `--bench N --profile FILE` (cpp-runtime/json_report.cpp profileJson; documented in
// docs/workflow.md "Profiling an engine"): its schema, its TypeScript type and a reader.
import { readFileSync } from "node:fs";
import * as z from "zod";
import { describeError } from "../io/output.js";

const finiteNonNegative = z.number().finite().nonnegative();

/** One engine layer: TensorRT's name for it after fusion, e.g. "conv1 + relu1". */
export const profileLayerSchema = z.strictObject({
  /** TensorRT's layer name: spec layer names (and `<layer>/<helper>` names), joined by TensorRT when it fuses them. */
  name: z.string(),
  /** Mean time per inference, milliseconds. */
  meanMs: finiteNonNegative,
  /** Share of the summed layer time, 0..1. */
  share: finiteNonNegative.max(1),
});

export const profileSchema = z.strictObject({
  format: z.literal("trtgen-profile"),
  version: z.literal(1),
  /** The spec's network name. */
  network: z.string(),
  /** "sha256:<hex>" of the lowered network (src/emit/render.ts specHash). */
  specHash: z.string(),
  /** "TensorRT 10.6.0" or "TensorRT-RTX 1.7.1". */
  tensorrt: z.string(),
  /** "fp32" or "fp16" as built (other precisions may follow). */
  precision: z.string().min(1),
  tf32: z.boolean(),
  /** The engine file, as given to the builder. */
  engine: z.string(),
  /** Inferences profiled. */
  iterations: z.number().int().positive(),
  /** Sum of the layers' meanMs. */
  totalMs: finiteNonNegative,
  /** Slowest first. */
  layers: z.array(profileLayerSchema),
});

export type ProfileLayer = z.infer<typeof profileLayerSchema>;
export type Profile = z.infer<typeof profileSchema>;

/**
 * A profile file that cannot be read (`cause`: the file system's error), or is not a trtgen
 * profile; the message is `<file>: <reason>`, the reason names the field.
 */
export class ProfileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause: unknown },
  ) {
    super(`${file}: ${reason}`, options);
    this.name = "ProfileError";
  }
}

/** Parses a profile file's text (`file` names it in messages). */
export function parseProfile(text: string, file: string): Profile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ProfileError(file, `not JSON (${(e as Error).message}); expected the file a builder's --profile writes`);
  }
  const r = profileSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.map(String).join(".") : "(top level)";
    throw new ProfileError(file, `${where}: ${issue.message} (not a trtgen profile of format version 1, docs/workflow.md)`);
  }
  const p = r.data;
  for (let i = 1; i < p.layers.length; i++) {
    if (p.layers[i]!.meanMs > p.layers[i - 1]!.meanMs)
      throw new ProfileError(file, `layers.${i}: layers are not sorted slowest first ('${p.layers[i]!.name}' after '${p.layers[i - 1]!.name}')`);
  }
  return p;
}

/** Reads and parses a profile file. */
export function readProfile(file: string): Profile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ProfileError(file, `cannot read: ${describeError(e)}`, { cause: e });
  }
  return parseProfile(text, file);
}
