// The fuzz targets: run one input in-process through the code `trtgen check`
// runs (src/cli/commands/check.ts) or through the .wts scanner
// (src/weights/wts.ts), and judge the result. A broken promise is thrown as a
// Finding; anything else thrown is an internal error of trtgen.
//
// The promises (docs/fuzzing.md):
//   - check never throws (the CLI would print "internal error"), exits 0 or 1,
//     prints no stack trace, and every diagnostic it prints has a location
//     inside the files it was given; and its two YAML readers (the fast one and
//     parseDocument, src/netspec/source.ts) find the same diagnostics and layers;
//   - the scanner never throws on a regular file, gives every problem a line of
//     the file, quotes no raw control character, and its three depths agree:
//     header scan, --deep and values see the same tensors, the header scan
//     reports no problem that --deep does not, and values decodes every
//     tensor without a problem;
//   - neither takes longer than the per-input time limit (fuzz/engine.ts).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCheck } from "../src/cli/commands/check.js";
import { formatDiagnostic } from "../src/diagnostics/index.js";
import { loadGraph } from "../src/passes/index.js";
import { scanWts, type ScanOptions, type WtsHeader } from "../src/weights/wts.js";

export type FindingKind = "internal-error" | "exit-code" | "stack-trace" | "no-location" | "bad-output" | "disagreement" | "timeout" | "out-of-memory";

/** A broken promise; `signature` groups findings that are most likely the same bug. */
export class Finding extends Error {
  constructor(
    readonly kind: FindingKind,
    readonly detail: string,
  ) {
    super(`${kind}: ${detail}`);
  }

  get signature(): string {
    // numbers and quoted text vary between inputs that hit the same bug
    const generic = this.detail
      .split("\n")[0]!
      .replace(/'[^']*'/g, "'…'")
      .replace(/\d+/g, "N");
    return `${this.kind}: ${generic}`.slice(0, 200);
  }
}

/** Anything a target threw, as a Finding: other exceptions are internal errors, named by message and where they were thrown. */
export function asFinding(e: unknown): Finding {
  if (e instanceof Finding) return e;
  const err = e instanceof Error ? e : new Error(String(e));
  // the first frame in the repository (not in node_modules or Node itself), relative to it
  const frame = (err.stack ?? "")
    .split("\n")
    .filter((l) => /^\s+at /.test(l) && !/node_modules|node:/.test(l))
    .map((l) => /\/((?:src|fuzz|test|bench)\/[^():]*:\d+)/.exec(l)?.[1])
    .find((f) => f !== undefined);
  return new Finding("internal-error", `${err.name}: ${err.message.split("\n")[0]}${frame ? ` at ${frame}` : ""}`);
}

/** The files a target writes each input to (one folder per process, reused). */
export class Workspace {
  readonly dir: string;
  readonly spec: string;
  readonly wts: string;

  constructor(dir?: string) {
    this.dir = dir ?? mkdtempSync(join(tmpdir(), "trtgen-fuzz-"));
    this.spec = join(this.dir, "spec.yaml");
    this.wts = join(this.dir, "model.wts");
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export type CheckMode = "json" | "text" | "dump-ir";

/** `trtgen check spec.yaml [--wts model.wts] [--deep] [--json | --dump-ir]`. */
export interface CheckInput {
  spec: Uint8Array;
  wts?: Uint8Array;
  deep: boolean;
  mode: CheckMode;
}

export interface WtsInput {
  bytes: Uint8Array;
}

/** A target: the one-input function and how an input is written as files (for reproducers). */
export interface Target<T> {
  name: string;
  run(input: T, ws: Workspace): void;
  files(input: T): Record<string, Uint8Array>;
  /** The command line that reproduces an input saved by `files` in the current folder. */
  command(input: T): string;
}

/** A stack frame as Node prints it. */
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;
/** C0 controls other than newline and tab, and DEL: never printed raw. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

const lineCount = (b: Uint8Array): number => {
  let n = 1;
  for (const c of b) if (c === 0x0a) n++;
  return n;
};

/** Runs fn with everything it could print captured: stdout, stderr, console and process warnings (Node prints those to stderr later). */
function captured(fn: () => number): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const saved = {
    stdout: process.stdout.write,
    stderr: process.stderr.write,
    emitWarning: process.emitWarning,
    log: console.log,
    warn: console.warn,
    error: console.error,
  };
  process.stdout.write = ((s: string | Uint8Array) => ((out += String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => ((err += String(s)), true)) as typeof process.stderr.write;
  process.emitWarning = ((w: string | Error) => void (err += `(node) Warning: ${w instanceof Error ? w.message : w}\n`)) as typeof process.emitWarning;
  console.log = (...a: unknown[]) => void (out += `${a.join(" ")}\n`);
  console.warn = console.error = (...a: unknown[]) => void (err += `${a.join(" ")}\n`);
  try {
    return { code: fn(), out, err };
  } finally {
    Object.assign(process.stdout, { write: saved.stdout });
    Object.assign(process.stderr, { write: saved.stderr });
    Object.assign(process, { emitWarning: saved.emitWarning });
    Object.assign(console, { log: saved.log, warn: saved.warn, error: saved.error });
  }
}

interface JsonDiagnostic {
  code: string;
  message: string;
  location?: { file?: string; line?: number; col?: number };
}

/** What `trtgen check` printed and returned for an input, judged against the promises; throws the first one broken. */
export function judgeCheck(input: CheckInput, ws: Workspace, r: { code: number; out: string; err: string }): void {
  if (r.code !== 0 && r.code !== 1) throw new Finding("exit-code", `check returned ${r.code}`);
  const text = r.out + r.err;
  const frame = STACK_FRAME.exec(text);
  if (frame) throw new Finding("stack-trace", `check printed a stack frame: ${frame[0].trim()}`);
  if (/internal error/i.test(text)) throw new Finding("bad-output", "check printed 'internal error'");
  const warning = /^\(node\) Warning: .*$/m.exec(r.err);
  if (warning) throw new Finding("bad-output", `check let a Node warning through: ${warning[0]}`);
  const raw = RAW_CONTROL.exec(text);
  if (raw) {
    const around = JSON.stringify(text.slice(Math.max(0, raw.index - 40), raw.index + 10));
    throw new Finding("bad-output", `check printed a raw control character\nU+${raw[0].charCodeAt(0).toString(16).padStart(4, "0")} in ${around}`);
  }
  const lines = new Map<string, number>([[ws.spec, lineCount(input.spec)]]);
  if (input.wts !== undefined) lines.set(ws.wts, lineCount(input.wts));
  if (input.mode === "json") {
    let report: { ok: boolean; diagnostics: JsonDiagnostic[] };
    try {
      report = JSON.parse(r.out) as typeof report;
    } catch {
      throw new Finding("bad-output", "check --json printed something that is not JSON");
    }
    if (report.ok !== (r.code === 0)) throw new Finding("exit-code", `check --json says ok: ${report.ok} but returned ${r.code}`);
    for (const d of report.diagnostics) {
      const where = d.location;
      if (where?.file === undefined) throw new Finding("no-location", `${d.code} has no location: ${d.message}`);
      const n = lines.get(where.file);
      if (n === undefined) throw new Finding("no-location", `${d.code} points at a file check was not given: ${d.message}`);
      if (where.line !== undefined && !(Number.isInteger(where.line) && where.line >= 1 && where.line <= n))
        throw new Finding("no-location", `${d.code} points at line ${where.line} of a file of ${n} lines: ${d.message}`);
    }
  } else {
    // text: every diagnostic line starts with its location (file:line:col: severity[...])
    const bare = r.err.split("\n").find((l) => /^(error|warning)\[/.test(l));
    if (bare !== undefined) throw new Finding("no-location", `diagnostic without a location: ${bare}`);
  }
}

export const checkTarget: Target<CheckInput> = {
  name: "check",
  run(input, ws) {
    writeFileSync(ws.spec, input.spec);
    if (input.wts !== undefined) writeFileSync(ws.wts, input.wts);
    else rmSync(ws.wts, { force: true });
    let r: { code: number; out: string; err: string };
    try {
      r = captured(() =>
        runCheck({
          spec: ws.spec,
          wts: input.wts !== undefined ? ws.wts : undefined,
          deep: input.deep,
          json: input.mode === "json",
          dumpIr: input.mode === "dump-ir",
        }),
      );
    } catch (e) {
      throw asFinding(e);
    }
    judgeCheck(input, ws, r);
    judgeReaders(ws.spec);
  },
  files(input) {
    const files: Record<string, Uint8Array> = { "spec.yaml": input.spec };
    if (input.wts !== undefined) files["model.wts"] = input.wts;
    return files;
  },
  command(input) {
    const flags = [input.wts !== undefined ? "--wts model.wts" : "", input.deep ? "--deep" : "", input.mode === "text" ? "" : `--${input.mode}`];
    return ["trtgen check spec.yaml", ...flags.filter((f) => f !== "")].join(" ");
  },
};

/** The spec read by the fast YAML reader where it can and by parseDocument only give the same diagnostics and layers. */
export function judgeReaders(spec: string): void {
  const read = (fullYaml: boolean) => {
    const { graph, diags } = loadGraph(spec, { fullYaml });
    return [...diags.sorted().map(formatDiagnostic), ...(graph?.nodes.map((n) => `${n.name} ${n.loc.line}:${n.loc.col}`) ?? [])];
  };
  const fast = read(false);
  const full = read(true);
  const k = fast.findIndex((l, i) => l !== full[i]);
  if (k >= 0 || fast.length !== full.length) {
    const at = k >= 0 ? k : Math.min(fast.length, full.length);
    throw new Finding("disagreement", `the YAML readers disagree\nfast reader: ${fast[at] ?? "(nothing)"}\nparseDocument: ${full[at] ?? "(nothing)"}`);
  }
}

const DEPTHS: { name: string; opts: ScanOptions }[] = [
  { name: "header scan", opts: {} },
  { name: "--deep", opts: { deep: true } },
  { name: "values", opts: { values: true } },
];

const tensorsText = (h: WtsHeader): string => JSON.stringify([...h.tensors.values()]);
const problemKey = (p: WtsHeader["problems"][number]): string => `line ${p.line} ${p.kind}`;

/** The scanner's results at the three depths for one file, judged against the promises; throws the first one broken. */
export function judgeWts(bytes: Uint8Array, [header, deep, values]: readonly [WtsHeader, WtsHeader, WtsHeader]): void {
  const n = lineCount(bytes);
  for (const [i, h] of [header, deep, values].entries()) {
    const name = DEPTHS[i]!.name;
    if (h.bytes !== bytes.length) throw new Finding("disagreement", `${name} read ${h.bytes} of ${bytes.length} bytes`);
    for (const p of h.problems) {
      if (!(Number.isInteger(p.line) && p.line >= 1 && p.line <= n))
        throw new Finding("no-location", `${name}: ${p.kind} on line ${p.line} of a file of ${n} lines`);
      if (RAW_CONTROL.test(p.reason) || RAW_CONTROL.test(p.hint ?? ""))
        throw new Finding("bad-output", `${name}: ${p.kind} message quotes a raw control character`);
    }
  }
  for (const [name, h] of [
    ["--deep", deep],
    ["values", values],
  ] as const) {
    if (tensorsText(h) !== tensorsText(header)) throw new Finding("disagreement", `header scan and ${name} see different tensors`);
    if (h.variant !== header.variant || h.declared !== header.declared)
      throw new Finding("disagreement", `header scan and ${name} read the header differently`);
  }
  if (JSON.stringify(values.problems) !== JSON.stringify(deep.problems)) throw new Finding("disagreement", "--deep and values report different problems");
  // problems past the 100th are not kept
  if (deep.problems.length >= 100) return;
  const deepProblems = deep.problems.map(problemKey);
  const extra = header.problems.map(problemKey).find((k) => !deepProblems.includes(k));
  if (extra !== undefined) throw new Finding("disagreement", `the header scan reports ${extra}, --deep does not`);
  const bad = new Set(values.problems.map((p) => p.line));
  for (const t of values.tensors.values()) {
    if (bad.has(t.line)) continue;
    const v = values.values?.get(t.name);
    if (v?.length !== t.count) throw new Finding("disagreement", `values decoded ${v?.length ?? "no"} values of a tensor of ${t.count} without a problem`);
  }
}

/** The scanner at the three depths on one file. */
export function scanAllDepths(path: string): [WtsHeader, WtsHeader, WtsHeader] {
  return DEPTHS.map(({ name, opts }) => {
    try {
      return scanWts(path, opts);
    } catch (e) {
      const f = asFinding(e);
      throw new Finding(f.kind, `${name}: ${f.detail}`);
    }
  }) as [WtsHeader, WtsHeader, WtsHeader];
}

export const wtsTarget: Target<WtsInput> = {
  name: "wts",
  run(input, ws) {
    writeFileSync(ws.wts, input.bytes);
    judgeWts(input.bytes, scanAllDepths(ws.wts));
  },
  files(input) {
    return { "model.wts": input.bytes };
  },
  command() {
    return "scanWts('model.wts') at each depth (trtgen check spec.yaml --wts model.wts [--deep]; trtgen simulate)";
  },
};
