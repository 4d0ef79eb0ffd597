/** Types of spec-gen.mjs (plain JavaScript, run by the benchmarks without a build). */
export function writeChainSpec(layers: number): string;
