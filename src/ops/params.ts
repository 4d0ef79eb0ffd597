// Parameter schemas shared by ops. Each normalizes to the form the ops compute
// with (pairs become [h, w]) and carries a message that says what is expected.
import * as z from "zod";
import { INT32_MAX, INT32_MIN, NAME_WITHOUT_CONTROL, hasControlChar } from "../ir/limits.js";

/**
 * An integer from `min` up to int32's maximum, as TensorRT takes every size,
 * index and count as int32: 1e20, 2^53 + 1 and .inf are refused with the
 * limit, 1.5 as not whole, each with one message naming the value.
 */
function int32(what: string, min = INT32_MIN) {
  const s = z.int32({
    abort: true,
    error: (iss) => {
      const v = iss.input;
      if (typeof v !== "number") return `expected ${what}`;
      if (Number.isInteger(v) && v > INT32_MAX) return `expected ${what} of at most ${INT32_MAX} (int32), got ${v}`;
      if (Number.isInteger(v) && v < INT32_MIN && min === INT32_MIN) return `expected ${what} of at least ${INT32_MIN} (int32), got ${v}`;
      return `expected ${what}, got ${v}`;
    },
  });
  return min === INT32_MIN ? s : s.min(min, `expected ${what}`);
}

export const posInt = int32("a positive integer", 1);
export const nonNegInt = int32("a non-negative integer", 0);
export const int = int32("an integer");
/** A union's issue, as far as unionError reads it. */
interface UnionIssue {
  input?: unknown;
  errors?: readonly (readonly { expected?: string; message: string; path: readonly PropertyKey[] }[])[];
}

/**
 * A union's message: for a number that its number alternative refuses (1.5,
 * .inf), or a list with such an item, that alternative's message, which names
 * the value (and the item); otherwise `fallback`.
 */
export function unionError(fallback: string): (iss: UnionIssue) => string {
  return (iss) => {
    const list = Array.isArray(iss.input);
    if (typeof iss.input !== "number" && !list) return fallback;
    const own = iss.errors?.flat().find((i) => (i.expected === "int" || i.expected === "number") && i.path.length === (list ? 1 : 0));
    if (own === undefined) return fallback;
    return list ? `${own.message} (item ${String(own.path[0])})` : own.message;
  };
}

/** A name that TensorRT and the generated C++ see (a plugin's, a plugin field's): no control characters. */
export const name = z.string({ error: "expected a string" }).refine((v) => !hasControlChar(v), `expected ${NAME_WITHOUT_CONTROL}`);

export const num = z.number({ error: "expected a number" }).refine(Number.isFinite, "expected a finite number");
export const bool = z.boolean({ error: "expected true or false" });

function pairOf(item: z.ZodNumber, what: string) {
  return z
    .union([item, z.tuple([item, item])], { error: unionError(`expected ${what} or a list [h, w] of two`) })
    .transform((v): [number, number] => (typeof v === "number" ? [v, v] : v));
}

/** int or [h, w] of positive integers. */
export const posPair = pairOf(posInt, "a positive integer");
/** int or [h, w] of non-negative integers. */
export const nonNegPair = pairOf(nonNegInt, "a non-negative integer");

/** An integer or a non-empty list of them, normalized to a list; `what` names one item. */
export const intOrList = (what: string) =>
  z
    .union([int, z.array(int).min(1)], { error: unionError(`expected ${what} or a non-empty list of them`) })
    .transform((v) => (typeof v === "number" ? [v] : v));

export const dimList = intOrList("a dimension index");

/** A shape including the batch dimension: positive sizes, -1 where the op infers or keeps one. */
export const sizeList = z
  .array(
    int.refine((v) => v === -1 || v > 0, "expected a positive size or -1"),
    { error: "expected a list of sizes including the batch dimension" },
  )
  .min(1);

export type Pair = [number, number];
