// `npm run fuzz [-- OPTIONS]`: fuzzes `trtgen check` and the .wts scanner for a
// bounded time each and prints a summary. Each target runs in a worker thread
// watched by this one: an input that runs past the per-input limit (a hang) or
// exhausts the worker's heap is saved as a finding and the worker restarted.
// Findings are written to --out (one folder each: the input files, and
// finding.txt with the command that reproduces it); exit status 1 if any, 3 if
// the harness itself failed.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import type fc from "fast-check";
import { loadCorpus } from "./corpus.js";
import { fuzz, type FuzzSummary } from "./engine.js";
import { checkInputs, wtsInputs } from "./mutate.js";
import { Finding, Workspace, checkTarget, wtsTarget, type Target } from "./targets.js";

const TARGETS = ["check", "wts"] as const;
type TargetName = (typeof TARGETS)[number];

interface Options {
  targets: TargetName[];
  timeS: number;
  seed: number;
  maxInputs: number;
  inputTimeoutS: number;
  out: string;
}

const USAGE = `usage: npm run fuzz -- [--target check|wts|all] [--time S] [--seed N] [--inputs N] [--input-timeout S] [--out DIR] [--raw-control]
  --target         which target to fuzz (default all: check, then wts)
  --time           seconds per target (default 60, or $TRTGEN_FUZZ_TIME)
  --seed           fast-check seed of the first round (default: random, printed); the same seed and --inputs replay a run
  --inputs         stop a target after this many inputs (default: no limit)
  --input-timeout  seconds one input may run before it counts as a hang (default 10)
  --out            folder for the findings (default build/fuzz-findings)`;

function parseArgs(argv: string[]): Options {
  const o: Options = {
    targets: [...TARGETS],
    timeS: Number(process.env.TRTGEN_FUZZ_TIME ?? 60),
    seed: Math.floor(Math.random() * 2 ** 31),
    maxInputs: Number.MAX_SAFE_INTEGER,
    inputTimeoutS: 10,
    out: "build/fuzz-findings",
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === "--help" || flag === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    const value = argv[++i];
    if (value === undefined) usage(`${flag} needs a value`);
    const num = (min: number) => {
      const n = Number(value);
      if (!Number.isFinite(n) || n < min) usage(`${flag} expects a number >= ${min}, got '${value}'`);
      return n;
    };
    if (flag === "--target") {
      if (value !== "all" && !TARGETS.includes(value as TargetName)) usage(`--target is one of ${TARGETS.join(", ")} or all`);
      o.targets = value === "all" ? [...TARGETS] : [value as TargetName];
    } else if (flag === "--time") o.timeS = num(0);
    else if (flag === "--seed") o.seed = Math.floor(num(0));
    else if (flag === "--inputs") o.maxInputs = Math.floor(num(1));
    else if (flag === "--input-timeout") o.inputTimeoutS = num(0.001);
    else if (flag === "--out") o.out = value;
    else usage(`unknown option ${flag}`);
  }
  if (!Number.isFinite(o.timeS) || o.timeS < 0) usage("TRTGEN_FUZZ_TIME must be a number of seconds");
  return o;
}

function usage(msg: string): never {
  console.error(`fuzz: ${msg}\n${USAGE}`);
  process.exit(2);
}

interface Job {
  target: TargetName;
  seed: number;
  timeMs: number;
  maxInputs: number;
  inputTimeMs: number;
  dir: string;
  /** [start of the current input (ms since the epoch, 0 between inputs), inputs started] */
  heartbeat: SharedArrayBuffer;
  /** The command line of the current input, NUL-terminated UTF-8. */
  command: SharedArrayBuffer;
  /** Signatures saved already. */
  known: string[];
}

/** A finding as a worker sends it, with its input's files. */
interface FindingMessage {
  type: "finding";
  kind: string;
  detail: string;
  signature: string;
  command: string;
  files: Record<string, Uint8Array>;
  seed?: number;
  path?: string | null;
}

/** A worker's last message: how many inputs it ran and how often each signature was hit. */
interface DoneMessage {
  type: "done";
  inputs: number;
  hits: [string, number][];
}

function runJob(job: Job): void {
  const ws = new Workspace(job.dir);
  const beat = new Float64Array(job.heartbeat);
  const command = new Uint8Array(job.command);
  const utf8 = new TextEncoder();
  const corpus = loadCorpus();
  const known = new Map(job.known.map((k) => [k, 0]));
  const go = <T>(target: Target<T>, arb: fc.Arbitrary<T>): FuzzSummary<T> =>
    fuzz(target, arb, ws, {
      seed: job.seed,
      timeMs: job.timeMs,
      maxInputs: job.maxInputs,
      inputTimeMs: job.inputTimeMs,
      known,
      onInput: (input) => {
        const { written } = utf8.encodeInto(target.command(input), command.subarray(0, -1));
        command[written] = 0;
        beat[0] = Date.now();
        beat[1]!++;
      },
      onInputDone: () => {
        beat[0] = 0;
      },
      onFinding: (f) => {
        const { kind, detail, signature } = f.finding;
        const m: FindingMessage = {
          type: "finding",
          kind,
          detail,
          signature,
          command: target.command(f.input),
          files: target.files(f.input),
          seed: f.seed,
          path: f.path,
        };
        parentPort!.postMessage(m);
      },
    });
  const s = job.target === "check" ? go(checkTarget, checkInputs(corpus)) : go(wtsTarget, wtsInputs(corpus));
  beat[0] = 0;
  const hits: [string, number][] = [...s.findings.map((f): [string, number] => [f.finding.signature, f.hits - 1]), ...known];
  parentPort!.postMessage({ type: "done", inputs: s.inputs, hits } satisfies DoneMessage);
}

interface Saved {
  signature: string;
  detail: string;
  dir: string;
  hits: number;
}

/** Runs one target for its time, restarting the worker after a hang or a crash. */
async function runTarget(name: TargetName, o: Options, saved: Saved[]): Promise<{ inputs: number; ms: number; broken: boolean }> {
  const start = Date.now();
  const deadline = start + o.timeS * 1000;
  const ws = new Workspace();
  const heartbeat = new SharedArrayBuffer(16);
  const beat = new Float64Array(heartbeat);
  const command = new SharedArrayBuffer(1024);
  let inputs = 0;
  let broken = false;
  const save = (f: Omit<FindingMessage, "type">) => {
    const old = saved.find((s) => s.signature === f.signature);
    if (old) return void old.hits++;
    const dir = join(o.out, name, `${String(saved.length + 1).padStart(3, "0")}-${f.kind}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const [file, bytes] of Object.entries(f.files)) writeFileSync(join(dir, file), bytes);
    const replay = f.seed !== undefined ? `fast-check seed ${f.seed}, path ${f.path}\n` : "";
    writeFileSync(join(dir, "finding.txt"), `${f.signature}\n\n${f.detail}\n\nreproduce (in this folder): ${f.command}\n${replay}`);
    saved.push({ signature: f.signature, detail: f.detail, dir, hits: 1 });
  };
  try {
    for (let restart = 0; Date.now() < deadline && inputs < o.maxInputs; restart++) {
      beat[0] = 0;
      beat[1] = 0;
      const job: Job = {
        target: name,
        seed: (o.seed + restart * 1000) | 0,
        timeMs: deadline - Date.now(),
        maxInputs: o.maxInputs - inputs,
        inputTimeMs: o.inputTimeoutS * 1000,
        dir: ws.dir,
        heartbeat,
        command,
        known: saved.map((s) => s.signature),
      };
      const worker = new Worker(new URL(import.meta.url), { workerData: job, resourceLimits: { maxOldGenerationSizeMb: 4096 } });
      const outcome = await new Promise<DoneMessage | Finding>((resolve) => {
        let done: DoneMessage | undefined;
        const watchdog = setInterval(() => {
          const t = beat[0]!;
          if (t > 0 && Date.now() - t > job.inputTimeMs) {
            clearInterval(watchdog);
            void worker.terminate();
            resolve(new Finding("timeout", `an input ran longer than the limit\n(${o.inputTimeoutS} s: stopped)`));
          }
        }, 100);
        worker.on("message", (m: FindingMessage | DoneMessage) => {
          if (m.type === "finding") save(m);
          else done = m;
        });
        worker.on("error", (e) => {
          clearInterval(watchdog);
          const oom = (e as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY";
          resolve(new Finding(oom ? "out-of-memory" : "internal-error", oom ? "the worker ran out of its 4 GiB heap" : e.message));
        });
        worker.on("exit", (code) => {
          clearInterval(watchdog);
          resolve(done ?? new Finding("internal-error", `the worker exited with status ${code} before reporting`));
        });
      });
      if (!(outcome instanceof Finding)) {
        inputs += outcome.inputs;
        for (const [signature, n] of outcome.hits) {
          const s = saved.find((x) => x.signature === signature);
          if (s) s.hits += n;
        }
        break;
      }
      inputs += beat[1]!;
      if (beat[0] === 0) {
        // no input was running: the harness itself failed
        console.error(`fuzz: the ${name} worker failed outside any input: ${outcome.detail}`);
        broken = true;
        break;
      }
      // the input being run when the worker was stopped is still in the workspace
      const files: Record<string, Uint8Array> = {};
      for (const f of ["spec.yaml", "model.wts"]) if (existsSync(join(ws.dir, f))) files[f] = new Uint8Array(readFileSync(join(ws.dir, f)));
      const bytes = new Uint8Array(command);
      const cmd = Buffer.from(bytes.subarray(0, bytes.indexOf(0))).toString("utf8");
      save({ kind: outcome.kind, signature: outcome.signature, detail: outcome.detail, command: cmd, files });
    }
  } finally {
    ws.dispose();
  }
  return { inputs, ms: Date.now() - start, broken };
}

async function mainThread(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  console.log(`fuzz: seed ${o.seed}, ${o.timeS} s per target, ${o.inputTimeoutS} s per input; findings go to ${o.out}/`);
  const saved: Saved[] = [];
  const rows: string[] = [];
  let total = 0;
  let broken = false;
  const t0 = Date.now();
  for (const name of o.targets) {
    const before = saved.length;
    const r = await runTarget(name, o, saved);
    total += r.inputs;
    broken ||= r.broken;
    const rate = r.ms > 0 ? Math.round((r.inputs * 1000) / r.ms) : 0;
    rows.push(
      `  ${name.padEnd(6)} ${String(r.inputs).padStart(9)} inputs  ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${String(rate).padStart(6)}/s  ${saved.length - before} findings`,
    );
  }
  console.log(`fuzz summary (seed ${o.seed}):`);
  for (const r of rows) console.log(r);
  console.log(`  total  ${String(total).padStart(9)} inputs  ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s, ${saved.length} findings`);
  for (const s of saved) console.log(`  ${s.dir}: ${s.signature} (${s.hits} inputs)`);
  return broken ? 3 : saved.length > 0 ? 1 : 0;
}

if (isMainThread) process.exitCode = await mainThread();
else runJob(workerData as Job);
