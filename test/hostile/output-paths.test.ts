// emit and wts-random check the output path before writing anything (a file
// where a folder is needed and the reverse, devices, FIFOs, symbolic links,
// unwritable folders) and write under temporary names renamed at the end, so a
// failure, a full disk included, leaves nothing behind; check refuses to read
// /dev/zero, FIFOs and folders as a spec or .wts.
import { execFileSync, spawn } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { Diagnostics } from "../../src/diagnostics/index.js";
import { generate, writeFolder } from "../../src/emit/emit.js";
import { runWtsRandom } from "../../src/cli/commands/wts_random.js";
import { runCli } from "../support/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "trtgen-out-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const spec = "examples/lenet/spec.yaml";
let n = 0;
/** A fresh folder for one case. */
const fresh = () => {
  const d = join(tmp, `case${n++}`);
  mkdirSync(d);
  return d;
};
const root = process.getuid?.() === 0;
const noInternal = (err: string) => expect(err).not.toMatch(/internal error|ENOTDIR|EISDIR|\n\s+at /);

const enospc = () => Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
/** A writer whose `k`th write finds the disk full. */
const diskFullAt = (k: number) => {
  let writes = 0;
  return {
    writeFile: (p: string, t: string) => {
      if (++writes === k) throw enospc();
      writeFileSync(p, t);
    },
  };
};

describe("emit output folder", () => {
  it("refuses a file given as the folder, leaving it as it was", async () => {
    const d = fresh();
    const out = join(d, "out");
    writeFileSync(out, "mine");
    const r = await runCli(["emit", spec, "-o", out]);
    noInternal(r.err);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${out}: error[E0006 output-path]: cannot write the output folder at '${out}': a folder is needed but it is a file`);
    expect(readFileSync(out, "utf8")).toBe("mine");
  });

  it("refuses DIR/runtime that is a file and DIR/README.md that is a folder, writing nothing", async () => {
    for (const [rel, make, reason] of [
      ["runtime", (p: string) => writeFileSync(p, "x"), "a folder is needed but it is a file"],
      ["README.md", (p: string) => mkdirSync(p), "a file is needed but it is a folder"],
    ] as const) {
      const out = fresh();
      make(join(out, rel));
      const r = await runCli(["emit", spec, "-o", out]);
      noInternal(r.err);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`error[E0006 output-path]: cannot write the output folder at '${join(out, rel)}': ${reason}`);
      expect(readdirSync(out)).toEqual([rel]);
      // --check names it too instead of failing to read it
      const c = await runCli(["emit", spec, "-o", out, "--check"]);
      noInternal(c.err);
      expect(c.code).toBe(1);
    }
  });

  it("never follows a symbolic link: neither the folder nor one inside it", async () => {
    const d = fresh();
    const outside = join(d, "outside");
    mkdirSync(outside);
    const link = join(d, "link");
    symlinkSync(outside, link);
    const r = await runCli(["emit", spec, "-o", link]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`cannot write the output folder at '${link}': it is a symbolic link; trtgen does not follow symbolic links when writing`);
    const out = join(d, "out");
    mkdirSync(out);
    symlinkSync(outside, join(out, "runtime"));
    const r2 = await runCli(["emit", spec, "-o", out]);
    expect(r2.code).toBe(1);
    expect(r2.err).toContain(`'${join(out, "runtime")}': it is a symbolic link`);
    expect(readdirSync(outside)).toEqual([]);
  });

  it.skipIf(root)("refuses a folder that is not writable", async () => {
    const out = fresh();
    chmodSync(out, 0o555);
    const r = await runCli(["emit", spec, "-o", out]);
    chmodSync(out, 0o755);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`cannot write the output folder at '${out}': the folder is not writable`);
  });

  it("a full disk leaves neither the new folder, its new parents nor temporary files behind", async () => {
    const { files } = await generate({ spec });
    const d = fresh();
    const out = join(d, "a", "b", "out");
    const io = diskFullAt(3);
    const diags = new Diagnostics();
    expect(writeFolder(out, files!, diags, io)).toEqual([]);
    expect(diags.items.map((x) => `${x.code} ${x.message}`)).toEqual([
      `E0004 cannot write output folder '${out}': no space left on the device; nothing was written`,
    ]);
    expect(readdirSync(d)).toEqual([]);
  });

  it("a full disk while regenerating leaves the folder as it was", async () => {
    const { files } = await generate({ spec });
    const out = fresh();
    expect(writeFolder(out, files!, new Diagnostics())).toHaveLength(files!.size);
    const old = new Map([...files!.keys()].map((k) => [k, readFileSync(join(out, k), "utf8")]));
    writeFileSync(join(out, "user-notes.txt"), "keep");
    rmSync(join(out, "runtime"), { recursive: true });
    const changed = new Map([...files!].map(([k, v]) => [k, v.startsWith("// Code generated by trtgen") ? `${v}// changed\n` : v]));
    expect([...changed.keys()].filter((k) => !k.startsWith("runtime/") && changed.get(k) !== files!.get(k)).length).toBeGreaterThan(2);
    const io = diskFullAt(2);
    const diags = new Diagnostics();
    expect(writeFolder(out, changed, diags, io)).toEqual([]);
    expect(diags.items.map((x) => x.code)).toEqual(["E0004"]);
    expect(readdirSync(out).sort()).toEqual(
      [...old.keys()]
        .filter((k) => !k.startsWith("runtime/"))
        .concat("user-notes.txt")
        .sort(),
    );
    for (const [k, v] of old) if (!k.startsWith("runtime/")) expect(readFileSync(join(out, k), "utf8")).toBe(v);
    // and without the failure every changed file is written, the user's file kept
    expect(writeFolder(out, changed, new Diagnostics()).length).toBeGreaterThan(0);
    expect(readFileSync(join(out, "user-notes.txt"), "utf8")).toBe("keep");
    expect(readdirSync(out).filter((f) => f.includes("trtgen-tmp"))).toEqual([]);
  });
});

const quiet = <T>(fn: () => T): { value: T; err: string } => {
  let err = "";
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  const o = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    return { value: fn(), err };
  } finally {
    e.mockRestore();
    o.mockRestore();
  }
};

describe("wts-random output file", () => {
  it("never replaces a device node", async () => {
    const before = statSync("/dev/null");
    const r = await runCli(["wts-random", spec, "-o", "/dev/null"]);
    noInternal(r.err);
    expect(r.code).toBe(1);
    expect(r.err).toContain("/dev/null: error[E0006 output-path]: cannot write the weights file at '/dev/null': a file is needed but it is a device");
    expect(lstatSync("/dev/null").isCharacterDevice()).toBe(true);
    expect(lstatSync("/dev/null").ino).toBe(before.ino);
  });

  it("refuses a symbolic link, a folder, a file where the folder should be, and a missing folder", async () => {
    const d = fresh();
    const target = join(d, "target.wts");
    writeFileSync(target, "precious");
    symlinkSync(target, join(d, "link.wts"));
    writeFileSync(join(d, "file"), "");
    for (const [out, bad, reason] of [
      [join(d, "link.wts"), join(d, "link.wts"), "it is a symbolic link"],
      [d, d, "a file is needed but it is a folder"],
      [join(d, "file", "x.wts"), join(d, "file"), "a folder is needed but it is a file"],
      [join(d, "none", "x.wts"), join(d, "none"), "no such folder"],
    ]) {
      const r = await runCli(["wts-random", spec, "-o", out!]);
      noInternal(r.err);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`cannot write the weights file at '${bad}': ${reason}`);
    }
    expect(readFileSync(target, "utf8")).toBe("precious");
  });

  it("a full disk leaves no file and no temporary file", () => {
    const d = fresh();
    const out = join(d, "w.wts");
    let calls = 0;
    const write = () => {
      if (++calls === 3) throw enospc();
    };
    const { value, err } = quiet(() => runWtsRandom({ spec, output: out, seed: 0, write }));
    expect(value).toBe(1);
    expect(err).toContain(`${out}: error[E0004 file-write]: cannot write weights file '${out}': no space left on the device; nothing was written`);
    expect(readdirSync(d)).toEqual([]);
  });
});

describe("non-regular input files", () => {
  const fifo = join(tmp, "fifo");
  execFileSync("mkfifo", [fifo]);

  for (const [what, path, kind] of [
    ["/dev/zero", "/dev/zero", "a device"],
    ["a FIFO", fifo, "a FIFO"],
    ["a folder", tmp, "a folder"],
  ] as const) {
    it(`check --wts ${what} is E0002 at once`, async () => {
      const r = await runCli(["check", spec, "--wts", path]);
      noInternal(r.err);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`${path}: error[E0002 file-unreadable]: cannot read weights file '${path}': is ${kind}, not a .wts file`);
    });

    // (a folder given as --input is a reference folder; a FIFO is read, see below)
    it.skipIf(kind !== "a device")(`simulate with ${what} as the input is an error at once`, async () => {
      const r = await runCli(["simulate", spec, "--wts", "examples/lenet/lenet.wts", "--input", path]);
      noInternal(r.err);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`cannot read input file for 'image' '${path}': is ${kind}, not a file`);
    });

    it.skipIf(kind === "a FIFO")(`check with ${what} as the spec is E0002 at once`, async () => {
      const r = await runCli(["check", path]);
      noInternal(r.err);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`cannot read spec '${path}': is ${kind}, not a file`);
    });
  }

  it("a spec piped in through a FIFO is read", async () => {
    const pipe = join(tmp, "spec-fifo");
    execFileSync("mkfifo", [pipe]);
    // another process writes it: check reads the spec synchronously
    const writer = spawn("sh", ["-c", 'cat "$1" > "$2"', "sh", spec, pipe], { stdio: "ignore" });
    const done = new Promise((ok) => writer.on("exit", ok));
    const r = await runCli(["check", pipe]);
    const stop = setTimeout(() => writer.kill(), 5000); // a writer nobody reads would block
    await done;
    clearTimeout(stop);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${pipe}: OK`);
  });
});
