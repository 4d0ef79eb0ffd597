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

/** clang-format with these arguments, reading `text`; `what` names the text in errors. */
function clangFormat(text: string, args: string[], what: string): string {
  const bin = (binary ??= nativeBinary());
  const r = spawnSync(bin, args, { input: text, encoding: "utf8", maxBuffer: Infinity });
  if (r.error) throw new Error(`clang-format (${bin}) could not be run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`clang-format (${bin}) failed on ${what} (${r.signal ?? `exit code ${r.status}`}): ${r.stderr.trim()}`);
  return r.stdout;
}

/**
 * clang-format (15, from the npm package) with the committed .clang-format style, run once
 * per generated file. node:child_process rather than execa: emit then loads none of execa's
 * ~120 modules (`npm run bench`, CLI start-up).
 */
export async function formatCpp(text: string, filename: string): Promise<string> {
  style ??= `file:${fileURLToPath(new URL(".clang-format", root))}`;
  return clangFormat(text, [`--style=${style}`, `--assume-filename=${filename}`], filename);
}

/**
 * The committed style without the two passes that act only on namespaces' closing comments
 * and on using-declarations (each reads the whole text again: together a quarter of
 * clang-format's time on a body's statements), for text that has neither. clang-format finds the committed
 * .clang-format from the directory of the file name it is given.
 */
export function formatStatements(text: string): string {
  const args = [
    "--style={BasedOnStyle: InheritParentConfig, FixNamespaceComments: false, SortUsingDeclarations: false}",
    `--assume-filename=${fileURLToPath(new URL("statements.cpp", root))}`,
  ];
  return clangFormat(text, args, "the lines of network.cpp's layers that do not fit");
}

/** A C++ file as formatCppBody takes it: the lines of `body` are between those of `head` and `tail`. */
export interface CppParts {
  head: string;
  body: string;
  tail: string;
}

/** clang-format's column limit in the committed .clang-format (test/emit/format.test.ts checks that they agree). */
export const COLUMN_LIMIT = 110;

/** A statement that marks where a part of the text given to clang-format ends and the next begins. */
const SPLIT_LINE = "  trtgen_clang_format_split_();";
/** What holds the body's statements given to clang-format: a function body, as in the file. */
const [OPEN, CLOSE] = ["void trtgen_clang_format_statements_() {", "}"];

const isComment = (line: string | undefined) => line?.startsWith("  // ") === true;

/**
 * Which lines of `body` formatCppBody keeps as written (true) and which it gives clang-format
 * (false); undefined where it is not a body of one-line statements and `//` comments at indent 2.
 */
function keptLines(body: string, lines: readonly string[]): boolean[] | undefined {
  // printable ASCII (one character a column), and nothing the passes formatStatements leaves out act on
  if (/[^\x20-\x7e\n]|\b(?:namespace|using)\b/.test(body)) return undefined;
  const keep: boolean[] = [];
  for (const line of lines) {
    if (line === "") keep.push(true);
    // two spaces, then a comment or a statement that ends its line; no trailing space
    else if (line.startsWith("  ") && line[2] !== " " && (isComment(line) || line.endsWith(";")) && !line.endsWith(" ")) keep.push(line.length <= COLUMN_LIMIT);
    else return undefined;
  }
  // a comment that clang-format may reflow is reflowed alone: in `body` as where it is given to clang-format
  for (let i = 0; i < keep.length; i++) if (!keep[i] && isComment(lines[i]) && (isComment(lines[i - 1]) || isComment(lines[i + 1]))) return undefined;
  return keep;
}

/** The lines of clang-format's output of one statement or comment from line `at` of `out`, and where the next begins; undefined where it is not there. */
function formattedLine(out: readonly string[], at: number, comment: boolean): { lines: string[]; next: number } | undefined {
  let end = at;
  if (comment) {
    // between split statements: what the comment was reflowed into
    if (out[at] !== SPLIT_LINE) return undefined;
    end = out.indexOf(SPLIT_LINE, at + 1);
    return end < 0 ? undefined : { lines: out.slice(at + 1, end), next: end + 1 };
  }
  // a statement: its first line at indent 2, then the lines it was broken into, indented further
  if (!/^ {2}\S/.test(out[at] ?? "") || out[at] === SPLIT_LINE) return undefined;
  do end++;
  while (out[end]?.startsWith("   "));
  return { lines: out.slice(at, end), next: end };
}

/**
 * The texts formatCppBody gives clang-format for `head + body + tail`: `outer`, the head and
 * the tail with a split statement between them, and `statements`, the body's lines that do
 * not fit in a function body of their own (a comment between split statements), "" where all
 * fit; and how it puts clang-format's output of the two back together. Undefined where it
 * formats the whole text.
 */
export function reduceBody(
  parts: CppParts,
): { outer: string; statements: string; assemble: (outer: string, statements: string) => string | undefined } | undefined {
  const { head, body, tail } = parts;
  const whole = head + body + tail;
  // between statements (a blank line after `{` or before `}` is clang-format's to drop), no run of blank lines
  if (!head.endsWith(";\n") || !/^\n? {2}[^ }]/.test(tail) || !body.endsWith("\n") || `\n${body}${tail[0]}`.includes("\n\n\n")) return undefined;
  if (whole.includes("clang-format")) return undefined;
  const lines = body.slice(0, -1).split("\n");
  const keep = keptLines(body, lines);
  if (!keep) return undefined;
  let statements = "";
  for (let i = 0; i < lines.length; i++) if (!keep[i]) statements += isComment(lines[i]) ? `${SPLIT_LINE}\n${lines[i]}\n${SPLIT_LINE}\n` : `${lines[i]}\n`;
  if (statements !== "") statements = `${OPEN}\n${statements}${CLOSE}\n`;
  const assemble = (outer: string, formatted: string): string | undefined => {
    const around = outer.split(`\n${SPLIT_LINE}\n`);
    const out = statements === "" ? [OPEN, CLOSE, ""] : formatted.split("\n");
    if (around.length !== 2 || out[0] !== OPEN) return undefined;
    const result = [around[0]!];
    let at = 1;
    for (let i = 0; i < lines.length; i++) {
      if (keep[i]) result.push(lines[i]!);
      else {
        const f = formattedLine(out, at, isComment(lines[i]));
        if (!f) return undefined;
        result.push(...f.lines);
        at = f.next;
      }
    }
    // every line of the output read, and the tail after the last line of the body
    if (out[at] !== CLOSE || at !== out.length - 2) return undefined;
    return `${result.join("\n")}\n${around[1]}`;
  };
  return { outer: `${head}${SPLIT_LINE}\n${tail}`, statements, assemble };
}

/**
 * formatCpp of `head + body + tail`, byte for byte, where clang-format reads only the lines it
 * may change. `body` is lines inside a function body, between statements of `head` and `tail`, as
 * layers.ts writes the generated network's layers: blank lines, and statements and `//` comments
 * of one line each at indent 2 with the style's spacing. clang-format formats such a line alone
 * (the style aligns no consecutive statements, and a comment not next to another is reflowed
 * alone), and leaves it as it is where it fits in the column limit. So the lines that fit are
 * kept as written; clang-format is given `head` and `tail`, and apart from them the longer
 * lines in a function body of their own: for a 1000-layer spec, a fifth of the text and of
 * the time. Anything else (a body of other lines, two blank lines, a `clang-format` comment
 * that could turn formatting off, a result that does not split as expected) is formatted
 * whole. test/emit/format.test.ts checks that both give the same text for every example, fuzz
 * seed and fixture spec, and for a 1000-layer spec; test/lower/catalog.test.ts, for every
 * catalog call and setter.
 */
export async function formatCppBody(parts: CppParts, filename: string): Promise<string> {
  const reduced = reduceBody(parts);
  const result = reduced?.assemble(await formatCpp(reduced.outer, filename), reduced.statements && formatStatements(reduced.statements));
  return result ?? formatCpp(parts.head + parts.body + parts.tail, filename);
}
