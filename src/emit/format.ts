import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type clangFormatPackage from "clang-format";

const root = new URL("../../", import.meta.url);
const req = createRequire(import.meta.url);
let style: string | undefined;
let binary: string | undefined;

/**
 * The clang-format binary of the npm package: where its getNativeBinary() looks first
 * (bin/<platform>_<arch>/ beside its package.json), found without loading the package,
 * whose glob, async and resolve cost ~40 ms of every emit (`npm run bench`); otherwise its
 * getNativeBinary() itself, with its fallbacks and its error for an unsupported platform.
 */
function nativeBinary(): string {
  const dir = dirname(req.resolve("clang-format/package.json"));
  const own =
    process.platform === "win32" ? join(dir, "bin", "win32", "clang-format.exe") : join(dir, "bin", `${process.platform}_${process.arch}`, "clang-format");
  return existsSync(own) ? own : (req("clang-format") as typeof clangFormatPackage).getNativeBinary();
}

/**
 * clang-format (15, from the npm package) with the committed .clang-format style, run once
 * per generated file. node:child_process rather than execa: emit then loads none of execa's
 * ~120 modules (`npm run bench`, CLI start-up).
 */
export async function formatCpp(text: string, filename: string): Promise<string> {
  style ??= `file:${fileURLToPath(new URL(".clang-format", root))}`;
  const bin = (binary ??= nativeBinary());
  const r = spawnSync(bin, [`--style=${style}`, `--assume-filename=${filename}`], { input: text, encoding: "utf8", maxBuffer: Infinity });
  if (r.error) throw new Error(`clang-format (${bin}) could not be run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`clang-format (${bin}) failed on ${filename} (${r.signal ?? `exit code ${r.status}`}): ${r.stderr.trim()}`);
  return r.stdout;
}
