// assert for yargs in the bundled CLI (scripts/bundle.mjs): its platform shim imports
// strictEqual and notStrictEqual, and loading Node's assert module costs ~3 ms of every
// command. An assertion that holds (Object.is, as Node's own) is passed here; one that fails
// goes to Node's assert, loaded then, which throws its AssertionError as it did.
export function strictEqual(actual, expected, message) {
  // a require() that esbuild leaves to Node (scripts/bundle.mjs)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!Object.is(actual, expected)) require("assert").strictEqual(actual, expected, message);
}

export function notStrictEqual(actual, expected, message) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (Object.is(actual, expected)) require("assert").notStrictEqual(actual, expected, message);
}
