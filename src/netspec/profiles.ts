// Dynamic shapes: an input dimension of -1 in the spec varies at run time within
// the ranges of the spec's optimization profiles (`profiles:`), one TensorRT
// IOptimizationProfile each. The structure is checked by a zod schema, the
// relations (rank, static dimensions, min ≤ opt ≤ max, every dynamic input in
// every profile) here, each problem with its place in the spec.
import * as z from "zod";
import { Diag, type Diagnostics } from "../diagnostics/index.js";
import { MAX_RANK, shapeLimitProblem } from "../ir/limits.js";
import { posInt } from "../ops/params.js";
import { fmtShape } from "../ops/types.js";
import type { SourceFile, PathItem } from "./source.js";
import { describe } from "./describe.js";
import { suggest } from "./suggest.js";
import type { ProfileRange, SpecInput, SpecProfile } from "./types.js";

/** The three shapes of a range, in the order TensorRT's OptProfileSelector names them. */
export const RANGE_KEYS = ["min", "opt", "max"] as const;
export type RangeKey = (typeof RANGE_KEYS)[number];

const dims = z.array(posInt).min(1, `expected a list of 1 to ${MAX_RANK} dimensions`).max(MAX_RANK, `expected at most ${MAX_RANK} dimensions`);
const range = z.strictObject({ min: dims, opt: dims, max: dims });
/** The `profiles:` section: a list of mappings, dynamic input name → { min, opt, max }. */
export const profilesSchema = z.array(z.record(z.string(), range)).min(1, "expected a non-empty list of profiles");

const EXAMPLE = "e.g. profiles: [{ image: { min: [1, 3, 224, 224], opt: [8, 3, 224, 224], max: [16, 3, 224, 224] } }]";

/** Whether a spec shape has a dynamic (-1) dimension. */
export const isDynamicShape = (s: readonly number[]): boolean => s.includes(-1);

/**
 * Parses and checks `profiles:` against the inputs (dynamic ones carry `dims`); on success
 * sets each dynamic input's `shape` to its first profile's `opt`. Returns the profiles
 * (empty when there are none or they are invalid).
 */
export function parseProfiles(raw: unknown, inputs: SpecInput[], src: SourceFile, diags: Diagnostics): SpecProfile[] {
  const dynamic = inputs.filter((i) => i.dims !== undefined);
  if (raw === undefined || raw === null) {
    for (const i of dynamic) {
      diags.report(
        Diag.specShape,
        {
          what: `input '${i.name}' shape`,
          expected: "a 'profiles' section giving the range of each dynamic (-1) dimension",
          got: fmtShape(i.dims!),
          hint: `add ${EXAMPLE}, or give every dimension`,
        },
        src.locate(["inputs", i.index, "shape"]),
      );
    }
    return [];
  }
  const parsed = profilesSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const ipath = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)) as PathItem[];
      const where = `profiles${ipath.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("")}`;
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          diags.report(
            Diag.unknownField,
            { where, field: key, suggestion: suggest(key, RANGE_KEYS), allowed: [...RANGE_KEYS] },
            src.locate(["profiles", ...ipath, key], { key: true }),
          );
        }
        continue;
      }
      const got = valueAt(raw, ipath);
      const expected =
        issue.code === "invalid_type" && ipath.length <= 1 ? `a mapping from each dynamic input to { min, opt, max } (${EXAMPLE})` : issue.message;
      diags.report(Diag.specShape, { what: where, expected: expected.replace(/^expected /, ""), got: describe(got) }, src.locate(["profiles", ...ipath]));
    }
    return [];
  }
  if (dynamic.length === 0) {
    diags.report(
      Diag.specShape,
      {
        what: "profiles",
        expected: "an input with a dynamic (-1) dimension",
        got: "only static inputs",
        hint: "write -1 for each input dimension that varies (e.g. shape: [-1, 3, 224, 224]), or remove 'profiles'",
      },
      src.locate(["profiles"], { key: true }),
    );
    return [];
  }
  const before = diags.errorCount;
  const profiles: SpecProfile[] = parsed.data.map((p, k) => {
    const ranges = new Map<string, ProfileRange>();
    for (const [name, r] of Object.entries(p)) {
      const at = (...rest: PathItem[]) => src.locate(["profiles", k, name, ...rest]);
      const input = inputs.find((i) => i.name === name);
      if (!input) {
        diags.report(
          Diag.unknownField,
          {
            where: `profiles[${k}]`,
            field: name,
            suggestion: suggest(
              name,
              dynamic.map((i) => i.name),
            ),
            allowed: dynamic.map((i) => i.name),
          },
          at(),
        );
        continue;
      }
      if (!input.dims) {
        diags.report(
          Diag.specShape,
          {
            what: `profiles[${k}].${name}`,
            expected: "a range for a dynamic input",
            got: `a range for static input '${name}' ${fmtShape(input.shape ?? [])}`,
            hint: `write -1 for the dimensions of '${name}' that vary, or remove it from the profile`,
          },
          at(),
        );
        continue;
      }
      if (checkRange(input.dims, r, `profiles[${k}].${name}`, at, diags)) ranges.set(name, r);
    }
    for (const i of dynamic) {
      if (!(i.name in p)) {
        diags.report(
          Diag.missingField,
          { where: `profiles[${k}]`, field: i.name, expected: `the { min, opt, max } shapes of dynamic input '${i.name}' ${fmtShape(i.dims!)}` },
          src.locate(["profiles", k]),
        );
      }
    }
    return { ranges, index: k, loc: src.locate(["profiles", k]) };
  });
  if (diags.errorCount > before) return [];
  for (const i of dynamic) i.shape = [...profiles[0]!.ranges.get(i.name)!.opt];
  return profiles;
}

/** Checks one range against the spec's dims; reports each problem and returns whether it is valid. */
function checkRange(
  specDims: number[],
  r: ProfileRange,
  what: string,
  at: (...rest: PathItem[]) => ReturnType<SourceFile["locate"]>,
  diags: Diagnostics,
): boolean {
  let ok = true;
  for (const key of RANGE_KEYS) {
    const s = r[key];
    if (s.length !== specDims.length) {
      diags.report(
        Diag.specShape,
        { what: `${what}.${key}`, expected: `rank ${specDims.length}, like the input's shape ${fmtShape(specDims)}`, got: fmtShape(s) },
        at(key),
      );
      ok = false;
      continue;
    }
    specDims.forEach((d, j) => {
      if (d !== -1 && s[j] !== d) {
        diags.report(
          Diag.specShape,
          {
            what: `${what}.${key}[${j}]`,
            expected: `${d}, the input's static dimension ${j} (shape ${fmtShape(specDims)})`,
            got: String(s[j]),
            hint: `write -1 in the input's shape for dimension ${j} if it varies`,
          },
          at(key, j),
        );
        ok = false;
      }
    });
    const problem = shapeLimitProblem(s);
    if (ok && problem) {
      diags.report(Diag.shapeLimit, { what: `${what}.${key}`, shape: s, ...problem }, at(key));
      ok = false;
    }
  }
  if (!ok) return false;
  for (let j = 0; j < specDims.length; j++) {
    const [lo, mid, hi] = [r.min[j]!, r.opt[j]!, r.max[j]!];
    if (lo > mid || mid > hi) {
      const bad = lo > mid ? "min" : "opt";
      diags.report(
        Diag.specShape,
        {
          what: `${what} dimension ${j}`,
          expected: "min ≤ opt ≤ max",
          got: `min ${lo}, opt ${mid}, max ${hi}`,
          hint: "TensorRT builds an engine for every shape from min to max and tunes it for opt",
        },
        at(bad, j),
      );
      ok = false;
    }
  }
  return ok;
}

function valueAt(root: unknown, path: readonly PathItem[]): unknown {
  let v = root;
  for (const p of path) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}
