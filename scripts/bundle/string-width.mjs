// string-width for the bundled CLI (scripts/bundle.mjs): yargs, cliui and wrap-ansi measure
// the help text with it, which yargs renders whenever a command runs. Printable ASCII is as
// wide as it is long (string-width's own first test); anything else goes to string-width,
// loaded on first use, so that a command does not pay for its Intl.Segmenter (~15 ms).
let stringWidth;

export default function width(text, options) {
  if (typeof text === "string" && /^[\u0020-\u007E]*$/.test(text)) return text.length;
  // a require() that esbuild bundles as a module initialized by this call
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  stringWidth ??= require("string-width").default;
  return stringWidth(text, options);
}
