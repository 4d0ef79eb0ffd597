/** A spec value as error messages quote it: short lists in full, anything larger by its kind. */
export const describe = (v: unknown): string => {
  if (v === null || v === undefined) return "nothing";
  if (Array.isArray(v)) {
    const s = JSON.stringify(v).replace(/,/g, ", ");
    return s.length <= 40 ? s : "a list";
  }
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `'${v}'`;
  return String(v);
};
