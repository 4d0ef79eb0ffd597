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

/** A C++ file as formatCppBody takes it: the lines of `body` are between those of `head` and `tail`. */
export interface CppParts {
  head: string;
  body: string;
  tail: string;
}

/** clang-format's column limit in the committed .clang-format (test/emit/format.test.ts checks that they agree). */
export const COLUMN_LIMIT = 110;

/** The statement that stands between the lines given to clang-format by formatCppBody. */
const SPLIT_LINE = "  trtgen_clang_format_split_();";

/**
 * Which lines of `body` formatCppBody keeps as written (true) and which it gives clang-format
 * (false); undefined where it is not a body of one-line statements and `//` comments at indent 2.
 */
function keptLines(body: string, lines: readonly string[]): boolean[] | undefined {
  // printable ASCII: one character a column
  if (/[^\x20-\x7e\n]/.test(body)) return undefined;
  const keep: boolean[] = [];
  const comment = (line: string | undefined) => line?.startsWith("  // ") === true;
  for (const line of lines) {
    if (line === "") keep.push(true);
    // two spaces, then a comment or a statement that ends its line; no trailing space
    else if (line.startsWith("  ") && line[2] !== " " && (comment(line) || line.endsWith(";")) && !line.endsWith(" ")) keep.push(line.length <= COLUMN_LIMIT);
    else return undefined;
  }
  // a comment that clang-format may reflow is reflowed alone: in `body` as where it is given to clang-format
  for (let i = 0; i < keep.length; i++) if (!keep[i] && comment(lines[i]) && (comment(lines[i - 1]) || comment(lines[i + 1]))) return undefined;
  return keep;
}

/**
 * The text formatCppBody gives clang-format for `head + body + tail`, and how it puts
 * clang-format's output of that text back together; undefined where it formats the whole text.
 */
export function reduceBody(parts: CppParts): { text: string; assemble: (formatted: string) => string | undefined } | undefined {
  const { head, body, tail } = parts;
  const whole = head + body + tail;
  // between statements (a blank line after `{` or before `}` is clang-format's to drop), no run of blank lines
  if (!head.endsWith(";\n") || !/^\n? {2}[^ }]/.test(tail) || !body.endsWith("\n") || whole.includes("\n\n\n")) return undefined;
  if (whole.includes("clang-format")) return undefined;
  const lines = body.slice(0, -1).split("\n");
  const keep = keptLines(body, lines);
  if (!keep) return undefined;
  let text = head;
  for (let i = 0; i < lines.length; i++) if (!keep[i]) text += `${SPLIT_LINE}\n${lines[i]}\n`;
  text += `${SPLIT_LINE}\n${tail}`;
  const assemble = (formatted: string): string | undefined => {
    const out = formatted.split("\n");
    const at = out.flatMap((l, i) => (l === SPLIT_LINE ? [i] : []));
    if (at.length !== keep.filter((k) => !k).length + 1) return undefined;
    const result = out.slice(0, at[0]);
    let k = 0;
    for (let i = 0; i < lines.length; i++) {
      if (keep[i]) result.push(lines[i]!);
      else result.push(...out.slice(at[k]! + 1, at[++k]));
    }
    result.push(...out.slice(at[k]! + 1));
    return result.join("\n");
  };
  return { text, assemble };
}

/**
 * formatCpp of `head + body + tail`, byte for byte, where clang-format reads only the lines it
 * may change. `body` is lines inside a function body, between statements of `head` and `tail`, as
 * layers.ts writes the generated network's layers: blank lines, and statements and `//` comments
 * of one line each at indent 2 with the style's spacing. clang-format formats such a line alone
 * (the style aligns no consecutive statements, and a comment not next to another is reflowed
 * alone), and leaves it as it is where it fits in the column limit. So the lines that fit are
 * kept as written, and clang-format is given `head`, the longer lines (each after a statement
 * that marks where it starts) and `tail`: for a 1000-layer spec, a quarter of the text, and a
 * fifth of the time. Anything else (a body of other lines, two blank lines, a `clang-format`
 * comment that could turn formatting off, a result that does not split as expected) is
 * formatted whole. test/emit/format.test.ts checks that both give the same text for every
 * example, fuzz seed and fixture spec, and for a 1000-layer spec.
 */
export async function formatCppBody(parts: CppParts, filename: string): Promise<string> {
  const reduced = reduceBody(parts);
  const result = reduced?.assemble(await formatCpp(reduced.text, filename));
  return result ?? formatCpp(parts.head + parts.body + parts.tail, filename);
}
