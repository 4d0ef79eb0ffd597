import { fileURLToPath } from "node:url";
import clangFormat from "clang-format";
import { execa } from "execa";

const root = new URL("../../", import.meta.url);
let style: string | undefined;

/** clang-format (15, from the npm package) with the committed .clang-format style. */
export async function formatCpp(text: string, filename: string): Promise<string> {
  style ??= `file:${fileURLToPath(new URL(".clang-format", root))}`;
  const r = await execa(clangFormat.getNativeBinary(), [`--style=${style}`, `--assume-filename=${filename}`], { input: text, stripFinalNewline: false });
  return r.stdout;
}
