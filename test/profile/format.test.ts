// The profile file of a builder's --profile (src/profile/format.ts): sample.profile.json is
// also the exact text cpp-runtime/tests/test_json_report.cpp expects the C++ writer to produce,
// so the writer and this reader cannot drift apart unnoticed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ProfileError, parseProfile, readProfile } from "../../src/profile/format.js";

const SAMPLE = "test/profile/sample.profile.json";
const sample = JSON.parse(readFileSync(SAMPLE, "utf8")) as Record<string, unknown>;
const tmp = mkdtempSync(join(tmpdir(), "trtgen-profile-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The sample with `change` applied, as text. */
function variant(change: (p: Record<string, unknown> & { layers: Record<string, unknown>[] }) => void): string {
  const p = structuredClone(sample) as Record<string, unknown> & { layers: Record<string, unknown>[] };
  change(p);
  return JSON.stringify(p);
}

describe("profile format", () => {
  it("reads the C++ writer's file", () => {
    const p = readProfile(SAMPLE);
    expect(p.network).toBe('seed"seg');
    expect(p.precision).toBe("fp16");
    expect(p.iterations).toBe(3);
    expect(p.totalMs).toBe(1.25);
    expect(p.layers.map((l) => [l.name, l.meanMs, l.share])).toEqual([
      ["conv1 + relu1", 0.5, 0.4],
      ["head", 0.5, 0.4],
      ["Reformatting CopyNode for Input Tensor 0 to conv1", 0.25, 0.2],
    ]);
  });

  it("accepts a profile without layers and another precision", () => {
    const p = parseProfile(
      variant((p) => {
        p.layers = [];
        p.totalMs = 0;
        p.precision = "int8";
      }),
      "p.json",
    );
    expect(p.layers).toEqual([]);
  });

  it.each([
    ["not JSON", "{", "p.json: not JSON ("],
    ["another format", variant((p) => (p.format = "trtgen-engine-metadata")), 'p.json: format: Invalid input: expected "trtgen-profile"'],
    ["another version", variant((p) => (p.version = 2)), "p.json: version: "],
    ["a missing field", variant((p) => delete p.iterations), "p.json: iterations: "],
    ["an unknown field", variant((p) => (p.extra = 1)), "p.json: (top level): "],
    ["zero iterations", variant((p) => (p.iterations = 0)), "p.json: iterations: "],
    ["a negative time", variant((p) => (p.layers[1]!.meanMs = -1)), "p.json: layers.1.meanMs: "],
    ["a share above 1", variant((p) => (p.layers[0]!.share = 1.5)), "p.json: layers.0.share: "],
    ["a layer without a name", variant((p) => delete p.layers[2]!.name), "p.json: layers.2.name: "],
    ["layers out of order", variant((p) => p.layers.reverse()), "p.json: layers.1: layers are not sorted slowest first ('head' after 'Reformatting"],
  ])("refuses %s, naming the file and the field", (_what, text, message) => {
    expect(() => parseProfile(text, "p.json")).toThrow(ProfileError);
    expect(() => parseProfile(text, "p.json")).toThrow(message);
    // the reason is the message without the file, as `trtgen graph --profile` reports it
    const e = (() => {
      try {
        parseProfile(text, "p.json");
      } catch (err) {
        return err as ProfileError;
      }
    })();
    expect(e?.file).toBe("p.json");
    expect(e?.message).toBe(`p.json: ${e?.reason}`);
    expect(e?.reason.startsWith(message.slice("p.json: ".length))).toBe(true);
  });

  it("names a file it cannot read", () => {
    expect(() => readProfile(join(tmp, "missing.json"))).toThrow(/missing\.json: cannot read: ENOENT/);
    const bad = join(tmp, "bad.json");
    writeFileSync(bad, "[]");
    expect(() => readProfile(bad)).toThrow(`${bad}: (top level): `);
  });
});
