import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OPS } from "../../src/ops/index.js";
import { casesFor, fixture } from "./helpers.js";

describe("op test coverage", () => {
  it.each([...OPS.keys()])("%s has test/ops/<op>.test.ts", (name) => {
    expect(existsSync(new URL(`./${name}.test.ts`, import.meta.url))).toBe(true);
  });

  it.each([...OPS.keys()].filter((n) => n !== "custom"))("%s has PyTorch fixture cases", (name) => {
    expect(casesFor(name).length).toBeGreaterThan(0);
  });

  it("the fixture only names registered ops", () => {
    expect([...new Set(fixture.cases.map((c) => c.op))].filter((o) => !OPS.has(o))).toEqual([]);
  });
});
