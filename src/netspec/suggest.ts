import { closest, distance } from "fastest-levenshtein";

/** The closest candidate when it is plausibly a typo of `name`, else undefined. */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates].filter((c) => c !== name);
  if (list.length === 0) return undefined;
  const best = closest(name, list);
  const d = distance(name, best);
  return d <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** Suggestions a suggester gives before it stops (see suggester). */
export const MAX_SUGGESTIONS = 100;

/**
 * suggest() against one candidate set for many names: after MAX_SUGGESTIONS calls it
 * gives none, so that a spec with thousands of wrong names is checked in linear time.
 */
export function suggester(candidates: Iterable<string>): (name: string) => string | undefined {
  const list = [...candidates];
  let left = MAX_SUGGESTIONS;
  return (name) => (left-- > 0 ? suggest(name, list) : undefined);
}
