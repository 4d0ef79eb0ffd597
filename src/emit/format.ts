import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import clangFormat from "clang-format";

const root = new URL("../../", import.meta.url);
let style: string | undefined;

/**
 * clang-format (15, from the npm package) with the committed .clang-format style, run once
 * per generated file. node:child_process rather than execa: emit then loads none of execa's
 * ~120 modules (`npm run bench`, CLI start-up).
 */
export async function formatCpp(text: string, filename: string): Promise<string> {
  style ??= `file:${fileURLToPath(new URL(".clang-format", root))}`;
  const bin = clangFormat.getNativeBinary();
  const r = spawnSync(bin, [`--style=${style}`, `--assume-filename=${filename}`], { input: text, encoding: "utf8", maxBuffer: Infinity });
  if (r.error) throw new Error(`clang-format (${bin}) could not be run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`clang-format (${bin}) failed on ${filename} (${r.signal ?? `exit code ${r.status}`}): ${r.stderr.trim()}`);
  return r.stdout;
}
