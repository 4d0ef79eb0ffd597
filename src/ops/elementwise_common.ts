import { z } from "zod";
import { defineOp, type OpDef } from "./types.js";

/** An op applied value by value: the output has the input's shape. */
export function unaryOp<S extends z.ZodType>(def: {
  name: string;
  summary: string;
  pytorch: string;
  params?: S;
  describe?: (p: z.output<S>) => string;
}): OpDef<z.output<S>> {
  return defineOp({
    name: def.name,
    summary: def.summary,
    pytorch: def.pytorch,
    params: (def.params ?? z.strictObject({})) as z.ZodType<z.output<S>>,
    arity: { min: 1, max: 1 },
    inferShape: ([x]) => [...x!],
    ...(def.describe ? { describe: def.describe } : {}),
  });
}
