import * as z from "zod";
import { Diag } from "../diagnostics/index.js";
import type { IRNode } from "../ir/graph.js";
import { OPS, getOp, type AnyOp } from "../ops/index.js";
import { suggest } from "../netspec/suggest.js";
import { LAYER_KEYS } from "../netspec/types.js";
import type { Pass } from "./context.js";

const paramNameCache = new Map<string, string[]>();

/** Parameter names an op accepts, read from its schema. */
export function paramNames(op: AnyOp): string[] {
  let names = paramNameCache.get(op.name);
  if (!names) {
    const js = z.toJSONSchema(op.params, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, unknown> };
    names = Object.keys(js.properties ?? {});
    paramNameCache.set(op.name, names);
  }
  return names;
}

/** Creates IR nodes from spec layers: op lookup, parameter validation, duplicate names. */
export const buildNodes: Pass = {
  name: "build-nodes",
  run({ graph, diags }) {
    const src = graph.spec.source;
    const seen = new Map<string, number>();
    for (const i of graph.inputs) {
      if (seen.has(i.name)) diags.report(Diag.duplicateName, { name: i.name, firstLine: seen.get(i.name)! }, i.loc);
      else seen.set(i.name, i.loc.line ?? 0);
    }
    for (const layer of graph.spec.layers) {
      const path = ["layers", layer.index];
      const node: IRNode = {
        layer,
        name: layer.name,
        op: undefined as unknown as AnyOp,
        params: undefined,
        inputs: layer.inputs ?? [],
        index: layer.index,
        loc: layer.loc,
        weights: [],
        ok: true,
      };
      if (seen.has(layer.name)) {
        diags.report(Diag.duplicateName, { name: layer.name, firstLine: seen.get(layer.name)! }, src.locate([...path, "name"]), layer.name);
        node.ok = false;
      } else seen.set(layer.name, layer.loc.line ?? 0);

      const op = getOp(layer.op);
      if (!op) {
        diags.report(Diag.unknownOp, { layer: layer.name, op: layer.op, suggestion: suggest(layer.op, OPS.keys()) }, src.locate([...path, "op"]), layer.name);
        node.ok = false;
        node.op = { name: layer.op } as AnyOp;
        graph.nodes.push(node);
        continue;
      }
      node.op = op;
      const parsed = op.params.safeParse(layer.params);
      if (parsed.success) {
        node.params = parsed.data;
      } else {
        node.ok = false;
        const allowed = paramNames(op);
        for (const issue of parsed.error.issues) {
          const ipath = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
          if (issue.code === "unrecognized_keys") {
            for (const key of issue.keys) {
              diags.report(
                Diag.unknownField,
                {
                  where: `layer '${layer.name}' (${op.name})`,
                  field: key,
                  suggestion: suggest(key, [...allowed, ...LAYER_KEYS]),
                  allowed: [...LAYER_KEYS, ...allowed],
                },
                src.locate([...path, ...ipath, key], { key: true }),
                layer.name,
              );
            }
            continue;
          }
          const key = ipath[0];
          if (ipath.length === 1 && typeof key === "string" && layer.params[key] === undefined && issue.code === "invalid_type") {
            diags.report(Diag.missingField, { where: `layer '${layer.name}' (${op.name})`, field: key, expected: "value" }, layer.loc, layer.name);
            continue;
          }
          diags.report(
            Diag.invalidParam,
            {
              layer: layer.name,
              param: ipath.map((p, k) => (typeof p === "number" ? `[${p}]` : k === 0 ? p : `.${p}`)).join("") || "parameters",
              reason: issue.message,
            },
            src.locate([...path, ...ipath]),
            layer.name,
          );
        }
      }
      graph.nodes.push(node);
    }
  },
};
