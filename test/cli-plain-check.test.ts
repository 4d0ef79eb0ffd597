// A plain `trtgen check SPEC` runs without yargs (src/cli/main.ts, plainCheckSpec): check's
// handler must get what yargs gives it for the same command line. runCheck is replaced by a
// recorder here, so this compares the arguments themselves (test/cli.test.ts compares output).
import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("../src/cli/commands/check.js", () => ({ runCheck: vi.fn(() => 0) }));
const { runCheck } = await import("../src/cli/commands/check.js");
const { main } = await import("../src/cli/main.js");

afterEach(() => vi.mocked(runCheck).mockClear());

describe("plain check", () => {
  it.each(["examples/seedseg/spec.yaml", "0123", "1e400", "true", "version", "a b.yaml", "x=1", "a\nb"])(
    "'%s' reaches runCheck as through yargs",
    async (spec) => {
      expect(await main(["check", spec])).toBe(0);
      // a trailing `--` (nothing after it) sends the same command line through yargs
      expect(await main(["check", spec, "--"])).toBe(0);
      const [plain, viaYargs] = vi.mocked(runCheck).mock.calls.map((c) => c[0]);
      expect(plain).toEqual(viaYargs);
      expect(plain).toEqual({ spec, wts: undefined, deep: false, allowShortHex: false, json: false, dumpIr: false });
    },
  );
});
