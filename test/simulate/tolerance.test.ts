// docs/numerics.md's tolerance rule, against the table shared with the C++ builder's
// --verify (cpp-runtime/tests/test_engine_runner.cpp TEST(tolerance_shared_cases)).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compare } from "../../src/simulate/io.js";
import { DEFAULT_SCALE_TOL, UNIT_ROUNDOFF, maxAbsFinite, scaledAtol } from "../../src/simulate/tolerance.js";

const all = readFileSync(new URL("../tolerance/cases.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "" && !l.startsWith("#"));
const lines = all.filter((l) => !l.startsWith("default_scale_tol "));

const f32 = (words: string) =>
  Float32Array.from(
    words
      .trim()
      .split(/\s+/)
      .map((w) => (w === "inf" ? Infinity : w === "-inf" ? -Infinity : w === "nan" ? NaN : Number(w))),
  );

describe("tolerance rule (test/tolerance/cases.txt)", () => {
  it("has the cases", () => expect(lines.length).toBeGreaterThanOrEqual(8));
  it("has simulate's default k", () => expect(all).toContain(`default_scale_tol ${DEFAULT_SCALE_TOL}`));
  for (const line of lines) {
    it(line, () => {
      const [head, exp, act] = line.split("|");
      const [atol, rtol, k, depth, want, outside] = head!.trim().split(/\s+/).map(Number) as [number, number, number, number, number, number];
      const expected = f32(exp!);
      const actual = f32(act!);
      const bound = scaledAtol(atol, k, depth, expected);
      expect(Math.abs(bound - want)).toBeLessThanOrEqual(1e-9 * want);
      expect(compare(actual, expected, bound, rtol).violations).toBe(outside);
    });
  }
  it("scales with depth and the reference's magnitude only", () => {
    const ref = Float32Array.from([-4, 2, NaN, Infinity]);
    expect(maxAbsFinite(ref)).toBe(4);
    expect(scaledAtol(0, DEFAULT_SCALE_TOL, 10, ref)).toBe(DEFAULT_SCALE_TOL * 10 * UNIT_ROUNDOFF * 4);
    expect(scaledAtol(1e-4, DEFAULT_SCALE_TOL, 0, ref)).toBe(1e-4);
  });
});
