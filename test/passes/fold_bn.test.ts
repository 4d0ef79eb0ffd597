// The --fold-bn rewrite: conv2d -> batch_norm2d pairs become a convolution with
// derived weights and an alias, and nothing else changes.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadGraph, rewriteGraph } from "../../src/passes/index.js";

function graphOf(layers: string): ReturnType<typeof loadGraph>["graph"] {
  const dir = mkdtempSync(join(tmpdir(), "trtgen-fold-"));
  const spec = join(dir, "spec.yaml");
  writeFileSync(spec, `name: f\ninputs:\n  - { name: x, shape: [1, 3, 8, 8] }\nlayers:\n${layers}`);
  const { graph, diags } = loadGraph(spec);
  expect(diags.hasErrors()).toBe(false);
  rewriteGraph(graph!, diags, { foldBn: true });
  return graph;
}

describe("fold_bn pass", () => {
  it("derives the convolution's kernel and bias and makes the batch norm an alias", () => {
    const g = graphOf(
      "  - { name: c, op: conv2d, out_channels: 4, kernel_size: 3, bias: false }\n  - { name: bn, op: batch_norm2d, eps: 0.001 }\noutputs: [bn]\n",
    )!;
    const [conv, bn] = g.nodes;
    expect(bn!.alias).toEqual({ of: "c", note: "batch_norm2d folded into c (--fold-bn)" });
    expect(conv!.derivedWeights!.weight).toEqual({
      name: "folded_weight",
      count: 108,
      call: {
        target: "weights",
        fn: "foldedConvWeight",
        args: { weight: "c.weight", count: 108, gamma: "bn.weight", var: "bn.running_var", eps: 0.001, channels: 4 },
      },
    });
    expect(conv!.derivedWeights!.bias!.call.args).toMatchObject({ bias: "", beta: "bn.bias", mean: "bn.running_mean" });
  });

  it("leaves a convolution that another layer or an output also reads", () => {
    const shared = graphOf(
      "  - { name: c, op: conv2d, out_channels: 4, kernel_size: 3 }\n  - { name: bn, op: batch_norm2d }\n  - { name: s, op: add, inputs: [bn, c] }\noutputs: [s]\n",
    )!;
    expect(shared.nodes.some((n) => n.alias || n.derivedWeights)).toBe(false);
    const output = graphOf("  - { name: c, op: conv2d, out_channels: 4, kernel_size: 3 }\n  - { name: bn, op: batch_norm2d }\noutputs: [bn, c]\n")!;
    expect(output.nodes.some((n) => n.alias || n.derivedWeights)).toBe(false);
  });
});
