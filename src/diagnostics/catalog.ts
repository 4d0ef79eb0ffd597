// The catalog of every diagnostic trtgen reports: a stable code, a kebab-case
// name, a severity, and how its message and hint are worded. Code that finds a
// problem only picks a kind and supplies the facts; wording lives here, so
// codes stay stable and messages stay consistent.

export type Severity = "error" | "warning";

export interface DiagnosticKind<A> {
  readonly code: string;
  readonly name: string;
  readonly severity: Severity;
  readonly message: (args: A) => string;
  readonly hint?: (args: A) => string | undefined;
}

function kind<A>(code: string, name: string, severity: Severity, message: (args: A) => string, hint?: (args: A) => string | undefined): DiagnosticKind<A> {
  return { code, name, severity, message, hint };
}

/** A long list shortened to its first and last items around a count of those left out. */
const elide = (items: readonly string[], max: number): string[] =>
  items.length <= max ? [...items] : [...items.slice(0, max - 4), `... (${items.length - (max - 1)} more)`, ...items.slice(-3)];

/** A shape in messages; a rank past any real one is shortened. */
const shapeText = (s: readonly number[]): string => `[${elide(s.map(String), 12).join(", ")}]`;

const didYouMean = (suggestion: string | undefined): string | undefined => (suggestion === undefined ? undefined : `did you mean '${suggestion}'?`);

export const Diag = {
  // ---- files and syntax: E00xx
  fileNotFound: kind<{ path: string; what: string }>(
    "E0001",
    "file-not-found",
    "error",
    (a) => `cannot read ${a.what} '${a.path}': no such file`,
    () => "check the path (it is resolved relative to the current directory)",
  ),
  fileUnreadable: kind<{ path: string; what: string; reason: string }>(
    "E0002",
    "file-unreadable",
    "error",
    (a) => `cannot read ${a.what} '${a.path}': ${a.reason}`,
  ),
  fileWrite: kind<{ path: string; what: string; reason: string }>(
    "E0004",
    "file-write",
    "error",
    (a) => `cannot write ${a.what} '${a.path}': ${a.reason}`,
    () => "check that the folder exists and is writable",
  ),
  outputPath: kind<{ path: string; what: string; reason: string }>(
    "E0006",
    "output-path",
    "error",
    (a) => `cannot write the ${a.what} at '${a.path}': ${a.reason}`,
    () => "choose another output path, or move what is there away; nothing was written",
  ),
  yamlSyntax: kind<{ reason: string; hint?: string }>(
    "E0003",
    "yaml-syntax",
    "error",
    (a) => `invalid YAML: ${a.reason}`,
    (a) => a.hint ?? "fix the YAML syntax; indentation uses spaces, lists start with '- '",
  ),

  yamlLimit: kind<{ reason: string }>(
    "E0005",
    "yaml-limit",
    "error",
    (a) => `YAML too complex: ${a.reason}`,
    () => "a spec needs neither deep nesting nor aliases that multiply its size; write the values out or use fewer aliases",
  ),

  textEncoding: kind<{ path: string; reason: string; hint: string }>(
    "E0007",
    "text-encoding",
    "error",
    (a) => `cannot read spec '${a.path}': ${a.reason}`,
    (a) => a.hint,
  ),

  // ---- spec structure: E01xx
  specShape: kind<{ what: string; expected: string; got: string; hint?: string }>(
    "E0101",
    "invalid-value",
    "error",
    (a) => `${a.what}: expected ${a.expected}, got ${a.got}`,
    (a) => a.hint,
  ),
  missingField: kind<{ where: string; field: string; expected: string }>(
    "E0102",
    "missing-field",
    "error",
    (a) => `${a.where} is missing required field '${a.field}'`,
    (a) => `add '${a.field}: <${a.expected}>'`,
  ),
  unknownField: kind<{ where: string; field: string; suggestion?: string; allowed: string[] }>(
    "E0103",
    "unknown-parameter",
    "error",
    (a) => `${a.where} has unknown parameter '${a.field}'`,
    (a) => didYouMean(a.suggestion) ?? `allowed here: ${a.allowed.join(", ")}`,
  ),
  unknownOp: kind<{ layer: string; op: string; suggestion?: string }>(
    "E0104",
    "unknown-op",
    "error",
    (a) => `layer '${a.layer}' has unknown op '${a.op}'`,
    (a) => didYouMean(a.suggestion) ?? "run `trtgen schema` or see docs/spec.md for the list of ops; use op 'custom' for anything else",
  ),
  duplicateName: kind<{ name: string; firstLine: number }>(
    "E0105",
    "duplicate-name",
    "error",
    (a) => `name '${a.name}' is already used (line ${a.firstLine})`,
    () => "input and layer names must be unique; rename one of them",
  ),
  unknownInput: kind<{ layer: string; input: string; suggestion?: string }>(
    "E0106",
    "unknown-input",
    "error",
    (a) => `layer '${a.layer}' reads '${a.input}', which is neither a network input nor a layer`,
    (a) => didYouMean(a.suggestion),
  ),
  cycle: kind<{ path: string[] }>(
    "E0107",
    "cycle",
    "error",
    (a) => `layers form a cycle: ${elide(a.path, 12).join(" -> ")}`,
    () => "a layer cannot depend on its own output; check the 'input'/'inputs' fields",
  ),
  unknownOutput: kind<{ output: string; suggestion?: string }>(
    "E0108",
    "unknown-output",
    "error",
    (a) => `output '${a.output}' is not a layer`,
    (a) => didYouMean(a.suggestion),
  ),
  noOutputs: kind<Record<string, never>>(
    "E0109",
    "missing-outputs",
    "error",
    () => "the spec declares no outputs",
    () => "add 'outputs: [<layer name>]' listing the layers whose results the engine returns",
  ),
  inputArity: kind<{ layer: string; op: string; expected: string; got: number }>(
    "E0110",
    "input-count",
    "error",
    (a) => `layer '${a.layer}' (${a.op}) takes ${a.expected}, got ${a.got}`,
  ),
  noDefaultInput: kind<{ layer: string }>(
    "E0111",
    "missing-input",
    "error",
    (a) => `layer '${a.layer}' has no 'input' and there is no previous layer or single network input to default to`,
    () => "name its input with 'input: <name>'",
  ),
  invalidParam: kind<{ layer: string; param: string; reason: string }>(
    "E0112",
    "invalid-parameter",
    "error",
    (a) => `layer '${a.layer}': ${a.param}: ${a.reason}`,
  ),
  outputIsInput: kind<{ output: string }>(
    "E0113",
    "output-is-input",
    "error",
    (a) => `output '${a.output}' is a network input, not a layer`,
    () => "add an 'identity' layer reading the input and list that layer as the output",
  ),
  reservedKey: kind<{ key: string }>(
    "E0114",
    "reserved-key",
    "error",
    (a) => `key '${a.key}' is reserved`,
    () =>
      "'__proto__', 'constructor' and 'prototype' are special in JavaScript, which reads the spec, and no spec field has these names; rename or remove the key",
  ),

  // ---- shapes: E02xx
  shapeError: kind<{ layer: string; op: string; inputs: string; reason: string; hint?: string }>(
    "E0201",
    "shape-mismatch",
    "error",
    (a) => `layer '${a.layer}' (${a.op}) cannot take input ${a.inputs}: ${a.reason}`,
    (a) => a.hint,
  ),
  differsFromPytorch: kind<{ layer: string; op: string; reason: string; hint?: string }>(
    "E0202",
    "differs-from-pytorch",
    "error",
    (a) => `layer '${a.layer}' (${a.op}): the TensorRT engine would differ from PyTorch: ${a.reason}`,
    (a) => a.hint,
  ),
  notDynamic: kind<{ layer: string; op: string; inputs: string; reason: string; hint?: string }>(
    "E0204",
    "not-dynamic",
    "error",
    (a) => `layer '${a.layer}' (${a.op}) cannot take dynamic input ${a.inputs}: ${a.reason}`,
    (a) => a.hint ?? "give the dimensions this layer needs static sizes in the input shape (not -1), or change the layer",
  ),
  shapeLimit: kind<{ what: string; shape: readonly number[]; reason: string; hint: string }>(
    "E0203",
    "shape-limit",
    "error",
    (a) => `${a.what} ${shapeText(a.shape)}: ${a.reason}`,
    (a) => a.hint,
  ),

  // ---- weights: E03xx
  weightMissing: kind<{ layer: string; tensor: string; expected: number; dims: string; wts: string; suggestion?: string }>(
    "E0301",
    "weight-missing",
    "error",
    (a) => `${a.tensor}: needed by layer '${a.layer}' (${a.expected} values: ${a.dims}) but not found in ${a.wts}`,
    (a) =>
      a.suggestion !== undefined
        ? `did you mean '${a.suggestion}'? map it with 'weights: { <role>: ${a.suggestion} }' on the layer`
        : "export it from the state_dict, or map another tensor with 'weights: { <role>: <name> }' on the layer",
  ),
  weightCount: kind<{ tensor: string; expected: number; dims: string; wts: string; line: number; got: number; hint?: string }>(
    "E0302",
    "weight-count",
    "error",
    (a) => `${a.tensor}: expected ${a.expected} values (${a.dims}), ${a.wts} line ${a.line} has ${a.got}`,
    (a) => a.hint,
  ),
  weightUnused: kind<{ tensor: string; wts: string; line: number }>(
    "W0303",
    "weight-unused",
    "warning",
    (a) => `${a.tensor} (${a.wts} line ${a.line}) is not used by any layer`,
    () => "check the layer names match the state_dict prefixes, or ignore if the tensor is intentionally unused",
  ),

  wtsRandomTensor: kind<{ tensor: string; reason: string }>(
    "E0304",
    "wts-random-tensor",
    "error",
    (a) => `${a.tensor}: cannot be written to a .wts file: ${a.reason}`,
    () => "rename the layer, or map the role to another tensor name with 'weights: { <role>: <name> }' (docs/wts.md#names)",
  ),

  // ---- .wts file format: E04xx
  // `kind` is the .wts error kind of docs/wts.md, shared with the C++ and Python readers.
  wtsFormat: kind<{ wts: string; line: number; kind: string; reason: string; tensor?: string; hint?: string }>(
    "E0401",
    "wts-format",
    "error",
    (a) => `${a.tensor !== undefined ? `tensor '${a.tensor}': ` : ""}${a.reason} [${a.kind}]`,
    (a) => a.hint,
  ),

  // ---- graph hygiene: W05xx
  unusedLayer: kind<{ layer: string }>(
    "W0501",
    "unused-layer",
    "warning",
    (a) => `layer '${a.layer}' is neither an output nor read by another layer`,
    () => "add it to 'outputs' or remove it",
  ),
  unusedInput: kind<{ input: string }>("W0502", "unused-input", "warning", (a) => `network input '${a.input}' is not read by any layer`),
  todoSnippet: kind<{ layer: string }>(
    "W0503",
    "todo-snippet",
    "warning",
    (a) => `layer '${a.layer}' (custom): the snippet is still the TODO that trtgen-export drafted`,
    () => "write the TensorRT calls that compute the layer (docs/spec.md#custom); `emit` refuses the spec until then",
  ),

  // ---- emit: E06xx
  emitOverwrite: kind<{ path: string }>(
    "E0601",
    "emit-overwrite",
    "error",
    (a) => `refusing to overwrite '${a.path}': it was not generated by trtgen`,
    () => "choose an empty output folder or move the file away",
  ),
  emitDrift: kind<{ path: string; change: string }>(
    "E0602",
    "emit-drift",
    "error",
    (a) => `'${a.path}' ${a.change}`,
    () => "run `trtgen emit` without --check to regenerate",
  ),
  emitTodo: kind<{ layers: string[] }>(
    "E0604",
    "emit-todo-snippet",
    "error",
    (a) => `refusing to emit: ${a.layers.length} custom layer(s) still hold the drafted TODO snippet: ${a.layers.map((l) => `'${l}'`).join(", ")}`,
    () => "fill in the snippets (docs/spec.md#custom), or pass --allow-todo to emit them as they are",
  ),
  unsupported: kind<{ layer: string; op: string; reason: string; hint?: string }>(
    "E0603",
    "unsupported",
    "error",
    (a) => `layer '${a.layer}' (${a.op}): ${a.reason}`,
    (a) => a.hint,
  ),

  // ---- build: E07xx
  buildTool: kind<{ what: string; reason: string; hint: string }>(
    "E0701",
    "build-prerequisite",
    "error",
    (a) => `${a.what}: ${a.reason}`,
    (a) => a.hint,
  ),

  // ---- graph: E08xx
  profileFormat: kind<{ path: string; reason: string }>(
    "E0801",
    "profile-format",
    "error",
    (a) => `cannot use profile '${a.path}': ${a.reason}`,
    () => "pass the JSON file that the generated builder's --profile option writes",
  ),
} as const;

export type DiagName = keyof typeof Diag;

/** Every kind, for docs and tests: code → kind. */
export function allKinds(): DiagnosticKind<never>[] {
  return Object.values(Diag) as DiagnosticKind<never>[];
}
