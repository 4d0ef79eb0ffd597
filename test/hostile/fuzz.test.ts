// The fuzz harness (fuzz/, `npm run fuzz`): a short seeded run of each target,
// every regression case the fuzzer found (test/hostile/fuzz/<case>/), and
// proof that the oracle and the loop catch what they are meant to catch.
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { REGRESSIONS, loadCorpus } from "../../fuzz/corpus.js";
import { fuzz, type FuzzSummary } from "../../fuzz/engine.js";
import { checkInputs, wtsInputs } from "../../fuzz/mutate.js";
import {
  Finding,
  Workspace,
  checkTarget,
  judgeCheck,
  judgeWts,
  scanAllDepths,
  wtsTarget,
  type CheckInput,
  type CheckMode,
  type Target,
} from "../../fuzz/targets.js";

const ws = new Workspace();
afterAll(() => ws.dispose());
const corpus = loadCorpus();
const report = <T>(s: FuzzSummary<T>) => s.findings.map((f) => `${f.finding.message}\n  seed ${f.seed} path ${f.path}`);
const smoke = { seed: 20261130, timeMs: Number.POSITIVE_INFINITY, inputTimeMs: 20_000 };

describe("fuzz smoke (seeded, deterministic)", () => {
  it("the corpus has seeds for both targets", () => {
    expect(corpus.specs.length).toBeGreaterThan(20);
    expect(corpus.specs.some((s) => s.wts !== undefined)).toBe(true);
    expect(corpus.wts.length).toBeGreaterThan(20);
  });

  it("check: 120 mutated specs, with and without a .wts", () => {
    const s = fuzz(checkTarget, checkInputs(corpus), ws, { ...smoke, maxInputs: 120 });
    expect(s.inputs).toBeGreaterThanOrEqual(120);
    expect(report(s)).toEqual([]);
  });

  it("wts: 400 mutated .wts files at every scan depth", () => {
    const s = fuzz(wtsTarget, wtsInputs(corpus), ws, { ...smoke, maxInputs: 400 });
    expect(s.inputs).toBeGreaterThanOrEqual(400);
    expect(report(s)).toEqual([]);
  });

  it("the same seed generates the same inputs", () => {
    const arb = checkInputs(corpus);
    expect(fc.sample(arb, { seed: 7, numRuns: 10 })).toEqual(fc.sample(arb, { seed: 7, numRuns: 10 }));
  });
});

describe("fuzz regressions (test/hostile/fuzz)", () => {
  const cases = existsSync(REGRESSIONS) ? readdirSync(REGRESSIONS).sort() : [];
  const modes: CheckMode[] = ["json", "text", "dump-ir"];
  for (const name of cases) {
    it(name, () => {
      const dir = join(REGRESSIONS, name);
      const wts = existsSync(join(dir, "model.wts")) ? new Uint8Array(readFileSync(join(dir, "model.wts"))) : undefined;
      if (!existsSync(join(dir, "spec.yaml"))) {
        wtsTarget.run({ bytes: wts! }, ws);
        return;
      }
      const spec = new Uint8Array(readFileSync(join(dir, "spec.yaml")));
      for (const mode of modes) for (const deep of [false, true]) checkTarget.run({ spec, wts, deep, mode }, ws);
    });
  }
});

describe("the oracle and the loop", () => {
  const utf8 = (s: string) => new Uint8Array(Buffer.from(s));

  it("an exception is an internal error, named by message and place", () => {
    // a spec with errors is a list of diagnostics, not a finding
    expect(() => checkTarget.run({ spec: utf8("name: n\n"), deep: false, mode: "json" }, ws)).not.toThrow();
    const broken: Target<number> = {
      name: "broken",
      run: (x) => void (x > 50 && (undefined as unknown as { f(): void }).f()),
      files: () => ({}),
      command: () => "",
    };
    const s = fuzz(broken, fc.nat(1000), ws, { ...smoke, maxInputs: 200 });
    expect(s.findings).toHaveLength(1);
    const [found] = s.findings;
    expect(found!.finding.kind).toBe("internal-error");
    expect(found!.finding.detail).toMatch(/^TypeError: .* at test\/hostile\/fuzz\.test\.ts:\d+/);
    expect(found!.input).toBe(51); // shrunk to the smallest failing input
    expect(found!.hits).toBeGreaterThan(1); // the same bug again is counted, not reported again
    expect(s.inputs).toBeGreaterThanOrEqual(200); // and the loop went on
  });

  it("two different bugs are two findings", () => {
    const t: Target<number> = {
      name: "two",
      run: (x) => {
        if (x % 7 === 3) throw new Finding("no-location", "seven");
        if (x % 11 === 5) throw new Finding("bad-output", "eleven");
      },
      files: () => ({}),
      command: () => "",
    };
    const s = fuzz(t, fc.nat(), ws, { ...smoke, maxInputs: 300 });
    expect(s.findings.map((f) => f.finding.signature).sort()).toEqual(["bad-output: eleven", "no-location: seven"]);
  });

  it("an input slower than the limit is a finding", () => {
    const slow: Target<number> = {
      name: "slow",
      run: (x) => {
        const end = performance.now() + (x === 5 ? 30 : 0);
        while (performance.now() < end);
      },
      files: () => ({}),
      command: () => "",
    };
    const s = fuzz(slow, fc.constantFrom(1, 5), ws, { ...smoke, maxInputs: 20, inputTimeMs: 20 });
    expect(s.findings.map((f) => f.finding.kind)).toEqual(["timeout"]);
  });

  it("check output is judged: exit status, stack frames, Node warnings, JSON, locations", () => {
    const input: CheckInput = { spec: utf8("name: n\nlayers: []\n"), deep: false, mode: "text" };
    const kind = (r: { code: number; out: string; err: string }, mode: CheckMode = "text") => {
      try {
        judgeCheck({ ...input, mode }, ws, r);
        return "ok";
      } catch (e) {
        return (e as Finding).kind;
      }
    };
    const diag = (location: object | undefined) => JSON.stringify({ ok: false, diagnostics: [{ code: "E0001", message: "m", location }] });
    expect(kind({ code: 1, out: "", err: `${ws.spec}:2:1: error[E0001 x]: m\n` })).toBe("ok");
    expect(kind({ code: 2, out: "", err: "" })).toBe("exit-code");
    expect(kind({ code: 1, out: "", err: "TypeError: x\n    at f (/a/b.js:1:2)\n" })).toBe("stack-trace");
    expect(kind({ code: 1, out: "", err: "trtgen: internal error: x\n" })).toBe("bad-output");
    expect(kind({ code: 1, out: "", err: "(node) Warning: w\n" })).toBe("bad-output");
    expect(kind({ code: 1, out: "", err: "error[E0001 x]: m\n" })).toBe("no-location");
    expect(kind({ code: 1, out: diag({ file: ws.spec, line: 2 }), err: "" }, "json")).toBe("ok");
    expect(kind({ code: 1, out: "{", err: "" }, "json")).toBe("bad-output");
    expect(kind({ code: 0, out: diag({ file: ws.spec, line: 2 }), err: "" }, "json")).toBe("exit-code");
    expect(kind({ code: 1, out: diag(undefined), err: "" }, "json")).toBe("no-location");
    expect(kind({ code: 1, out: diag({ file: "/elsewhere", line: 1 }), err: "" }, "json")).toBe("no-location");
    expect(kind({ code: 1, out: diag({ file: ws.spec, line: 4 }), err: "" }, "json")).toBe("no-location"); // the spec has 3 lines
    const esc = { code: 0, out: "Output a\x1b[2J: [1, 4]\n", err: "" };
    expect(kind(esc)).toBe("bad-output");
    expect(kind({ ...esc, out: "Output a\u009b2J: [1, 4]\n" })).toBe("bad-output"); // a C1 control (CSI)
  });

  it("the .wts scan is judged: lines, control characters, and the three depths agree", () => {
    const bytes = utf8("2\na 2 3f800000 3f800000\nb 1 zz\n");
    writeFileSync(ws.wts, bytes);
    const kind = (spoil: (h: ReturnType<typeof scanAllDepths>) => void) => {
      const scans = scanAllDepths(ws.wts);
      spoil(scans);
      try {
        judgeWts(bytes, scans);
        return "ok";
      } catch (e) {
        return (e as Finding).kind;
      }
    };
    expect(kind(() => {})).toBe("ok");
    expect(kind(([h]) => (h.problems[0] = { line: 0, kind: "bad-value", reason: "r" }))).toBe("no-location");
    expect(kind(([h]) => h.problems.push({ line: 9, kind: "bad-value", reason: "r" }))).toBe("no-location"); // 4 lines
    expect(kind(([, d]) => (d.problems[0]!.reason = "value '\x1b[2J'"))).toBe("bad-output");
    expect(kind(([, d]) => d.tensors.delete("a"))).toBe("disagreement");
    expect(kind(([, , v]) => (v.declared = 3))).toBe("disagreement");
    expect(kind(([, , v]) => v.problems.pop())).toBe("disagreement");
    expect(kind(([h]) => h.problems.push({ line: 2, kind: "value-count", reason: "r" }))).toBe("disagreement");
    expect(kind(([, , v]) => v.values!.delete("a"))).toBe("disagreement");
    expect(kind(([, d]) => (d.bytes = 1))).toBe("disagreement");
  });
});
