// The summary table's thousands separators (src/ir/summary.ts `group`) are written without
// ICU for whole numbers (CLI start-up, issue 12): they must read exactly as toLocaleString("en-US").
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { group } from "../src/ir/summary.js";

describe("group", () => {
  it("writes whole numbers as toLocaleString('en-US') does", () => {
    for (const n of [0, 7, 999, 1000, 24_506, 999_999, 1_000_000, 36_929_536, 2 ** 31 - 1, Number.MAX_SAFE_INTEGER]) {
      expect(group(n)).toBe(n.toLocaleString("en-US"));
    }
    fc.assert(fc.property(fc.maxSafeNat(), (n) => group(n) === n.toLocaleString("en-US")));
  });

  it("leaves other numbers to toLocaleString", () => {
    for (const n of [-1234, 1234.5678, 2 ** 60, Infinity, NaN]) expect(group(n)).toBe(n.toLocaleString("en-US"));
  });
});
