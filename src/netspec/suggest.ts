import { closest, distance } from "fastest-levenshtein";

/** The closest candidate when it is plausibly a typo of `name`, else undefined. */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates].filter((c) => c !== name);
  if (list.length === 0) return undefined;
  const best = closest(name, list);
  const d = distance(name, best);
  return d <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}
