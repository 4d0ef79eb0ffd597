// scripts/setup.sh (issue 12: `npm ci && npm test` on a fresh machine), run against stub
// dpkg-query, apt-get, sudo, id, cargo and python3 on a PATH of nothing else: which packages
// it installs, how (root, sudo, neither), and that it skips cleanly where it cannot.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const SCRIPT = resolve(import.meta.dirname, "../scripts/setup.sh");
const tmp = mkdtempSync(join(tmpdir(), "trtgen-setup-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The PACKAGES list of setup.sh, as written there. */
const PACKAGES = [
  ...readFileSync(SCRIPT, "utf8")
    .match(/^PACKAGES=\(\n([\s\S]*?)^\)/m)![1]!
    .matchAll(/^\s+([\w+.-]+)/gm),
].map((m) => m[1]!);

interface Machine {
  installed?: string[]; // what dpkg-query reports installed
  uid?: number;
  sudo?: "none" | "password" | "ok";
  aptGet?: "none" | "fails" | "ok";
  commands?: string[]; // cargo / python3 -m pip found on PATH outside dpkg
}

let n = 0;
function runSetup(m: Machine, env: Record<string, string> = {}) {
  const dir = join(tmp, String(n++));
  const bin = join(dir, "bin");
  const log = join(dir, "log");
  spawnSync("mkdir", ["-p", bin]);
  writeFileSync(log, "");
  const stub = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  for (const tool of ["grep"]) symlinkSync(spawnSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim(), join(bin, tool));
  const installed = new Set(m.installed ?? []);
  stub("dpkg-query", `case "$3" in ${[...installed].join("|") || "-none-"}) printf 'install ok installed';; *) exit 1;; esac`);
  stub("id", `echo ${m.uid ?? 0}`);
  if ((m.sudo ?? "none") !== "none") stub("sudo", `echo "sudo $*" >> ${log}; [ "$2" = true ] && exit ${m.sudo === "ok" ? 0 : 1}; shift; "$@"`);
  if ((m.aptGet ?? "ok") !== "none") stub("apt-get", `echo "apt-get $*" >> ${log}; exit ${m.aptGet === "fails" ? 100 : 0}`);
  stub("cargo", `exit ${m.commands?.includes("cargo") ? 0 : 127}`);
  stub("python3", `exit ${m.commands?.includes("pip") ? 0 : 1}`);
  const r = spawnSync("/bin/bash", [SCRIPT], { encoding: "utf8", env: { PATH: bin, ...env } });
  const calls = readFileSync(log, "utf8").trim().split("\n").filter(Boolean);
  return { code: r.status, out: r.stdout + r.stderr, calls };
}

describe("scripts/setup.sh", () => {
  it("lists the Debian packages the tests need", () => {
    expect(PACKAGES).toEqual(
      expect.arrayContaining(["python3-torch", "python3-torchvision", "python3-pytest", "python3-numpy", "python3-pip", "cargo", "cmake", "g++", "make"]),
    );
  });

  it("installs nothing when every package is present", () => {
    const r = runSetup({ installed: PACKAGES });
    expect(r).toMatchObject({ code: 0, calls: [] });
    expect(r.out).toContain(`all ${PACKAGES.length} Debian packages the tests need are present`);
  });

  it("as root, installs exactly the missing packages with apt-get", () => {
    const r = runSetup({ installed: PACKAGES.filter((p) => p !== "cmake" && p !== "python3-torch"), uid: 0 });
    expect(r.code).toBe(0);
    expect(r.calls).toEqual(["apt-get update -qq", "apt-get install -y -qq --no-install-recommends python3-torch cmake"]);
    expect(r.out).toContain("installed python3-torch cmake");
  });

  it("counts cargo and pip found on PATH (rustup, another python3) as present", () => {
    const r = runSetup({ installed: PACKAGES.filter((p) => p !== "cargo" && p !== "python3-pip"), commands: ["cargo", "pip"] });
    expect(r).toMatchObject({ code: 0, calls: [] });
  });

  it("uses passwordless sudo when not root", () => {
    const r = runSetup({ installed: PACKAGES.filter((p) => p !== "make"), uid: 1000, sudo: "ok" });
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([
      "sudo -n true",
      "sudo -n apt-get update -qq",
      "apt-get update -qq",
      "sudo -n apt-get install -y -qq --no-install-recommends make",
      "apt-get install -y -qq --no-install-recommends make",
    ]);
  });

  it.each<[string, Machine, string]>([
    ["sudo needs a password", { uid: 1000, sudo: "password" }, "not root, and sudo is missing or needs a password"],
    ["there is no sudo", { uid: 1000, sudo: "none" }, "not root, and sudo is missing or needs a password"],
    ["there is no apt-get", { aptGet: "none" }, "apt-get not found (not Debian or Ubuntu)"],
    ["apt-get fails (offline)", { aptGet: "fails" }, "apt-get update failed"],
  ])("skips with a clear message and exit 0 when %s", (_, m, reason) => {
    const r = runSetup({ installed: PACKAGES.filter((p) => p !== "g++"), ...m });
    expect(r.code).toBe(0);
    expect(r.out).toContain(`setup: cannot install g++: ${reason}`);
    expect(r.out).toContain("install them by hand (sudo apt-get install g++)");
    expect(r.calls.filter((c) => c.includes("install -y"))).toEqual([]);
  });

  it("TRTGEN_SKIP_SETUP=1 skips it", () => {
    const r = runSetup({ installed: [] }, { TRTGEN_SKIP_SETUP: "1" });
    expect(r).toMatchObject({ code: 0, calls: [] });
    expect(r.out).toContain("skipped (TRTGEN_SKIP_SETUP=1)");
  });

  it("is run first by the README's test command (scripts/test-all.sh) and by .ci/run only through it", () => {
    const all = readFileSync(resolve(import.meta.dirname, "../scripts/test-all.sh"), "utf8");
    expect(all.indexOf("bash scripts/setup.sh")).toBeGreaterThan(0);
    expect(all.indexOf("bash scripts/setup.sh")).toBeLessThan(all.indexOf("bash scripts/lint.sh"));
    const ci = readFileSync(resolve(import.meta.dirname, "../.ci/run"), "utf8");
    expect(ci).not.toMatch(/apt-get|dpkg/);
    expect(ci).toMatch(/^npm ci\b.*\nnpm test$/m);
    expect(existsSync(SCRIPT)).toBe(true);
  });
});
