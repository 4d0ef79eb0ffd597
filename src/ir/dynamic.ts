// Dynamic shapes in the IR. A dynamic graph is checked at its profile points: the
// min, opt and max shape of every profile (all dynamic inputs at once). Shape
// inference runs at each point; a dimension that differs between points is
// dynamic (-1 in `dims`). The first point (profile 0's opt) is the one the
// layer table, weight checks and MACs use.
import { RANGE_KEYS, type RangeKey } from "../netspec/profiles.js";
import type { SpecProfile } from "../netspec/types.js";
import type { Shape } from "../ops/types.js";

export interface ProfilePoint {
  profile: number;
  key: RangeKey;
  /** Dynamic input name → its shape at this point. */
  shapes: ReadonlyMap<string, Shape>;
}

/** Every profile's min, opt and max, profile 0's opt first (the reference point). */
export function profilePoints(profiles: readonly SpecProfile[]): ProfilePoint[] {
  if (profiles.length === 0) return [];
  const at = (p: SpecProfile, key: RangeKey): ProfilePoint => ({
    profile: p.index,
    key,
    shapes: new Map([...p.ranges].map(([name, r]) => [name, r[key]])),
  });
  const all = profiles.flatMap((p) => RANGE_KEYS.map((k) => at(p, k)));
  return [all[1]!, ...all.filter((_p, i) => i !== 1)];
}

/** The point's name in messages: `profile 0 min`. */
export const pointName = (p: ProfilePoint): string => `profile ${p.profile} ${p.key}`;

/** The shape with -1 where the shapes differ (all of one rank). */
export function varyingDims(shapes: readonly Shape[]): Shape {
  const first = shapes[0]!;
  return first.map((d, j) => (shapes.every((s) => s[j] === d) ? d : -1));
}
