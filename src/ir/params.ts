/** Compact `key=value` rendering of validated op parameters (keys sorted). */
export function formatParams(params: unknown): string {
  if (typeof params !== "object" || params === null) return "";
  return Object.keys(params)
    .sort()
    .filter((k) => (params as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${k}=${JSON.stringify((params as Record<string, unknown>)[k])}`)
    .join(", ");
}
