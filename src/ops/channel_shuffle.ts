import * as z from "zod";
import { net } from "../lower/catalog.js";
import { posInt } from "./params.js";
import { OpError, defineOp } from "./types.js";

/** TensorRT's largest rank; the lowering views [N, C, ...] as [N, groups, C / groups, ...]. */
const MAX_RANK = 8;

export const channel_shuffle = defineOp({
  name: "channel_shuffle",
  summary: "ShuffleNet's channel shuffle: [N, g·k, ...] viewed as [N, g, k, ...], dims 1 and 2 swapped, flattened back",
  pytorch: { modules: ["torch.nn.ChannelShuffle"], functions: ["torch.nn.functional.channel_shuffle", "torch.channel_shuffle"] },
  params: z.strictObject({ groups: posInt }),
  arity: { min: 1, max: 1 },
  dynamic: "any",
  inferShape([x], p) {
    if (x!.length < 3) throw new OpError(`expected a tensor [N, C, ...] of rank 3 or more, got rank ${x!.length}`);
    if (x!.length >= MAX_RANK)
      throw new OpError(`rank ${x!.length} is too large: the shuffle views the tensor with one more dimension (TensorRT allows ${MAX_RANK})`);
    if (x![1]! % p.groups !== 0) throw new OpError(`${x![1]} channels are not divisible by groups ${p.groups}`, undefined, "groups");
    return [...x!];
  },
  lower(ctx, p) {
    const [n, c, ...rest] = ctx.outShape as [number, number, ...number[]];
    const grouped = [n, p.groups, c / p.groups, ...rest];
    const order = grouped.map((_v, i) => (i === 1 ? 2 : i === 2 ? 1 : i));
    const swapped = order.map((d) => grouped[d]!);
    const t = ctx.helper("grouped", net.addShuffle({ input: ctx.input() }, { reshapeDimensions: grouped, secondTranspose: order }), swapped);
    return ctx.main(net.addShuffle({ input: t }, { reshapeDimensions: ctx.outShape }));
  },
  describe: (p) => `groups=${p.groups}`,
});
