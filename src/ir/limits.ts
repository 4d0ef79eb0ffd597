// What TensorRT can hold, checked on the spec and on every shape trtgen infers:
// Dims (TensorRT 8 and every later release) holds at most 8 dimensions of int32,
// and TensorRT 8 indexes a tensor's elements with int32, so a tensor has at most
// 2^31 - 1 of them. Names end up in C++ string literals, TensorRT's log and the
// engine, where control characters have no place.

/** TensorRT's Dims::MAX_DIMS. */
export const MAX_RANK = 8;
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
/** Largest dimension a Dims holds. */
export const MAX_DIM = INT32_MAX;
/** Most elements one tensor may have. */
export const MAX_VOLUME = INT32_MAX;

/**
 * Most values one constant that a lowering computes may hold (a causal attention mask holds
 * L × S): 2^26, 256 MiB as float32. Its values are written into the generated C++ source, and
 * trtgen holds them all while emitting; a 32768-token causal mask (2^30 values) ran out of memory.
 */
export const MAX_CONSTANT_VALUES = 2 ** 26;

/** Why a generated constant of `count` values is past MAX_CONSTANT_VALUES, or undefined. */
export function constantLimitProblem(count: number, what: string): { reason: string; hint: string } | undefined {
  if (count <= MAX_CONSTANT_VALUES) return undefined;
  return {
    reason: `${what} holds ${count.toLocaleString("en-US")} values, past trtgen's limit of ${MAX_CONSTANT_VALUES.toLocaleString("en-US")} (2^26) per generated constant`,
    hint: "shorten the sequences (or other sizes) that this constant spans",
  };
}

/** Why a shape breaks TensorRT's limits, or undefined when it is within them. */
export function shapeLimitProblem(shape: readonly number[]): { reason: string; hint: string } | undefined {
  if (shape.length > MAX_RANK) {
    return {
      reason: `rank ${shape.length} is past TensorRT's limit of ${MAX_RANK} dimensions (Dims::MAX_DIMS)`,
      hint: `keep tensors at ${MAX_RANK} dimensions or fewer; merge dimensions with a reshape or flatten`,
    };
  }
  const bad = shape.findIndex((d) => !Number.isInteger(d) || d < 1 || d > MAX_DIM);
  if (bad >= 0) {
    const d = shape[bad]!;
    return {
      reason:
        Number.isInteger(d) && d >= 1
          ? `dimension ${bad} is ${d}, past TensorRT's limit of ${MAX_DIM} (Dims hold int32)`
          : `dimension ${bad} is ${d}, not a positive integer`,
      hint: "check the sizes, scales and repeat counts of this layer and the shapes of its inputs",
    };
  }
  const volume = shape.reduce((a, b) => a * b, 1);
  if (volume > MAX_VOLUME) {
    return {
      reason: `it has ${volume.toLocaleString("en-US")} elements, past TensorRT's limit of ${MAX_VOLUME.toLocaleString("en-US")} (2^31 - 1) per tensor`,
      hint: "reduce the sizes that lead to this tensor (batch, channels, features or spatial size)",
    };
  }
  return undefined;
}

// C0 controls, DEL and C1 controls.
const CONTROL_CHARS = "\\u0000-\\u001f\\u007f-\\u009f";
const CONTROL = new RegExp(`[${CONTROL_CHARS}]`);

/** What a name must be, in messages. */
export const NAME_WITHOUT_CONTROL = "a name without control characters (NUL, ESC, tab, newline, DEL, ...)";

/** Whether a string holds a control character (NUL, ESC, tab, newline, DEL, C1, ...). */
export const hasControlChar = (s: string): boolean => s.search(CONTROL) >= 0;

// what escapeControl writes out: control characters and the byte-order mark
const ESCAPED = new RegExp(`[${CONTROL_CHARS}\\ufeff]`, "g");

/**
 * `s` as every message and summary shows text from a file, so that none carries raw control bytes
 * (docs/wts.md "Names"; the C++ and Python .wts readers write the same): a C0 control or DEL as
 * \xNN, a C1 control as \u00NN, a byte-order mark as \ufeff.
 */
export const escapeControl = (s: string): string =>
  s.replace(ESCAPED, (c) => {
    const cp = c.charCodeAt(0);
    return cp <= 0x7f ? `\\x${cp.toString(16).padStart(2, "0")}` : `\\u${cp.toString(16).padStart(4, "0")}`;
  });
