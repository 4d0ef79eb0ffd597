// A headless Chromium driven over the Chrome DevTools Protocol on a pipe
// (`--remote-debugging-pipe`: commands on fd 3, replies and events on fd 4, each a
// JSON message ended by a NUL byte), for tests that look at pages as a person would.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

/** The Chromium executable: $CHROMIUM, else Debian's `chromium`; undefined when there is none. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((c): c is string => c !== undefined && c !== "" && existsSync(c));
}

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

export interface PageEvent {
  method: string;
  params: Record<string, unknown>;
}

export class Chromium {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private readonly listeners: ((m: Message) => void)[] = [];
  private buffer = Buffer.alloc(0);

  private constructor(
    private readonly proc: ChildProcess,
    private readonly profileDir: string,
  ) {
    const out = proc.stdio[4] as Readable;
    out.on("data", (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (let end = this.buffer.indexOf(0); end >= 0; end = this.buffer.indexOf(0)) {
        const msg = JSON.parse(this.buffer.subarray(0, end).toString("utf8")) as Message;
        this.buffer = this.buffer.subarray(end + 1);
        if (msg.id !== undefined) {
          const p = this.pending.get(msg.id);
          this.pending.delete(msg.id);
          if (msg.error) p?.reject(new Error(msg.error.message));
          else p?.resolve(msg.result ?? {});
        } else for (const l of this.listeners) l(msg);
      }
    });
    proc.on("exit", () => {
      for (const p of this.pending.values()) p.reject(new Error("chromium exited"));
      this.pending.clear();
    });
  }

  static launch(executable: string): Chromium {
    const profileDir = mkdtempSync(join(tmpdir(), "trtgen-chromium-"));
    const args = [
      "--headless",
      "--remote-debugging-pipe",
      `--user-data-dir=${profileDir}`,
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-gpu",
      "--disable-extensions",
      "--disable-background-networking",
      "--hide-scrollbars",
      "about:blank",
    ];
    // the sandbox needs user namespaces, which containers and root often lack
    if (process.getuid?.() === 0 || process.env.CHROMIUM_NO_SANDBOX) args.unshift("--no-sandbox");
    const proc = spawn(executable, args, { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] });
    return new Chromium(proc, profileDir);
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const msg: Message = { id, method, params, ...(sessionId ? { sessionId } : {}) };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.proc.stdio[3] as Writable).write(JSON.stringify(msg) + "\0");
    });
  }

  /** A fresh page (tab) of its own size, with its events. */
  async newPage(width: number, height: number): Promise<Page> {
    const { targetId } = (await this.send("Target.createTarget", { url: "about:blank" })) as { targetId: string };
    const { sessionId } = (await this.send("Target.attachToTarget", { targetId, flatten: true })) as { sessionId: string };
    const page = new Page(this, sessionId, targetId);
    this.listeners.push((m) => {
      if (m.sessionId !== sessionId || !m.method) return;
      page.events.push({ method: m.method, params: m.params ?? {} });
      // a dialog would hold the page until answered: dismiss it (problems() reports it)
      if (m.method === "Page.javascriptDialogOpening") void page.send("Page.handleJavaScriptDialog", { accept: false }).catch(() => undefined);
    });
    for (const domain of ["Page", "Runtime", "Log"]) await page.send(`${domain}.enable`);
    await page.send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: false });
    return page;
  }

  async close(): Promise<void> {
    await this.send("Browser.close").catch(() => undefined);
    await new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) resolve();
      else {
        const t = setTimeout(() => this.proc.kill("SIGKILL"), 5000);
        this.proc.once("exit", () => (clearTimeout(t), resolve()));
      }
    });
    rmSync(this.profileDir, { recursive: true, force: true });
  }
}

export class Page {
  readonly events: PageEvent[] = [];

  constructor(
    private readonly browser: Chromium,
    private readonly sessionId: string,
    readonly targetId: string,
  ) {}

  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return this.browser.send(method, params, this.sessionId);
  }

  /** Opens `url` and waits for its load event. */
  async open(url: string, timeoutMs = 30_000): Promise<void> {
    const start = this.events.length;
    await this.send("Page.navigate", { url });
    const deadline = Date.now() + timeoutMs;
    while (!this.events.slice(start).some((e) => e.method === "Page.loadEventFired")) {
      if (Date.now() > deadline) throw new Error(`${url} did not load in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The value of a JavaScript expression evaluated in the page. */
  async evaluate<T>(expression: string): Promise<T> {
    const r = (await this.send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true })) as {
      result: { value?: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails) throw new Error(`${expression}: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value as T;
  }

  /** PNG bytes of what the page shows. */
  async screenshot(): Promise<Buffer> {
    const { data } = (await this.send("Page.captureScreenshot", { format: "png" })) as { data: string };
    return Buffer.from(data, "base64");
  }

  /** Console errors, uncaught exceptions, browser log errors (a blocked request, a CSP violation) and dialogs, as text. */
  problems(): string[] {
    const out: string[] = [];
    for (const e of this.events) {
      const p = e.params as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      if (e.method === "Runtime.consoleAPICalled" && (p.type === "error" || p.type === "assert"))
        out.push(`console.${p.type}: ${(p.args ?? []).map((a: { value?: unknown; description?: string }) => a.value ?? a.description).join(" ")}`);
      else if (e.method === "Runtime.exceptionThrown") out.push(`exception: ${p.exceptionDetails?.exception?.description ?? p.exceptionDetails?.text}`);
      else if (e.method === "Log.entryAdded" && p.entry?.level === "error") out.push(`log: ${p.entry.text} ${p.entry.url ?? ""}`.trim());
      else if (e.method === "Page.javascriptDialogOpening") out.push(`dialog: ${p.message}`);
    }
    return out;
  }

  async close(): Promise<void> {
    await this.browser.send("Target.closeTarget", { targetId: this.targetId });
  }
}
