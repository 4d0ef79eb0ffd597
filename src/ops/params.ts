// Parameter schemas shared by ops. Each normalizes to the form the ops compute
// with (pairs become [h, w]) and carries a message that says what is expected.
import { z } from "zod";

export const posInt = z.number({ error: "expected a positive integer" }).int("expected an integer").min(1, "expected a positive integer");
export const nonNegInt = z.number({ error: "expected a non-negative integer" }).int("expected an integer").min(0, "expected a non-negative integer");
export const int = z.number({ error: "expected an integer" }).int("expected an integer");
export const num = z.number({ error: "expected a number" }).refine(Number.isFinite, "expected a finite number");
export const bool = z.boolean({ error: "expected true or false" });

function pairOf(item: z.ZodNumber, what: string) {
  return z
    .union([item, z.tuple([item, item])], { error: `expected ${what} or a list [h, w] of two` })
    .transform((v): [number, number] => (typeof v === "number" ? [v, v] : v));
}

/** int or [h, w] of positive integers. */
export const posPair = pairOf(posInt, "a positive integer");
/** int or [h, w] of non-negative integers. */
export const nonNegPair = pairOf(nonNegInt, "a non-negative integer");

/** An integer or a non-empty list of them, normalized to a list; `what` names one item. */
export const intOrList = (what: string) =>
  z.union([int, z.array(int).min(1)], { error: `expected ${what} or a non-empty list of them` }).transform((v) => (typeof v === "number" ? [v] : v));

export const dimList = intOrList("a dimension index");

/** A shape including the batch dimension: positive sizes, -1 where the op infers or keeps one. */
export const sizeList = z
  .array(
    int.refine((v) => v === -1 || v > 0, "expected a positive size or -1"),
    { error: "expected a list of sizes including the batch dimension" },
  )
  .min(1);

export type Pair = [number, number];
