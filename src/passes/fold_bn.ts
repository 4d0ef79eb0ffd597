import { weightsCalls } from "../lower/catalog.js";
import type { IRNode } from "../ir/graph.js";
import type { Pass } from "./context.js";

/**
 * `--fold-bn`: folds each batch_norm2d into the conv2d before it when nothing
 * else reads the convolution. The convolution's kernel and bias become derived
 * weights (W' = W * gamma / sqrt(var + eps) per output channel,
 * b' = (b - mean) * that + beta, computed at build time); the batch norm
 * becomes an alias of the convolution's output.
 */
export const foldBatchNorm: Pass = {
  name: "fold-bn",
  run({ graph }) {
    const readers = new Map<string, number>();
    for (const n of graph.nodes) for (const i of n.inputs) readers.set(i, (readers.get(i) ?? 0) + 1);
    const outputs = new Set(graph.outputs.map((o) => o.name));
    const byName = new Map(graph.nodes.map((n) => [n.name, n]));
    for (const bn of graph.nodes) {
      if (bn.op.name !== "batch_norm2d" || bn.alias) continue;
      const conv = byName.get(bn.inputs[0]!);
      if (conv?.op.name !== "conv2d" || readers.get(conv.name) !== 1 || outputs.has(conv.name) || !conv.shape) continue;
      fold(conv, bn);
    }
  },
};

function fold(conv: IRNode, bn: IRNode): void {
  const t = (n: IRNode, role: string) => n.weights.find((w) => w.role === role)?.tensor ?? "";
  const w = conv.weights.find((x) => x.role === "weight")!;
  const channels = conv.shape![1]!;
  const bnArgs = { gamma: t(bn, "weight"), var: t(bn, "running_var"), eps: (bn.params as { eps: number }).eps, channels };
  conv.derivedWeights = {
    weight: { name: "folded_weight", call: weightsCalls.foldedConvWeight({ weight: w.tensor, count: w.count, ...bnArgs }), count: w.count },
    bias: {
      name: "folded_bias",
      call: weightsCalls.foldedConvBias({ bias: t(conv, "bias"), beta: t(bn, "bias"), mean: t(bn, "running_mean"), ...bnArgs }),
      count: channels,
    },
  };
  bn.alias = { of: conv.name, note: `batch_norm2d folded into ${conv.name} (--fold-bn)` };
}
