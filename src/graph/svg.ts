// DOT → SVG through Graphviz compiled to WebAssembly (@viz-js/viz), loaded on first use.
// The SVG is made reproducible: Graphviz's version comment is dropped. Graphviz warns about
// characters it has no width table for (non-ASCII names): their width is estimated, no more.
import { createRequire } from "node:module";
import type * as VizModule from "@viz-js/viz";
import type { Viz } from "@viz-js/viz";

let viz: Promise<Viz> | undefined;

/** Graphviz cannot lay out the graph (its message; e.g. out of stack or memory). */
export class LayoutError extends Error {}

/** The SVG document of `dot` laid out by Graphviz's dot engine, without XML prolog (so that it can also be inlined in HTML). */
export async function dotToSvg(dot: string): Promise<string> {
  // required, not bundled: the CLI bundle (scripts/bundle.mjs) would carry its 1.4 MB of WebAssembly
  // into every command's start-up; its CommonJS build is loaded here on first use only
  viz ??= (createRequire(import.meta.url)("@viz-js/viz") as typeof VizModule).instance();
  let r: Awaited<ReturnType<Viz["render"]>>;
  try {
    r = (await viz).render(dot, { format: "svg", engine: "dot" });
  } catch (e) {
    // Graphviz in WebAssembly runs out of stack (a RangeError) or memory on very large graphs
    throw new LayoutError(`Graphviz gave up: ${(e as Error).message}`);
  }
  if (r.status !== "success") throw new LayoutError(r.errors.map((e) => e.message.trim()).join("; ") || "Graphviz failed");
  // the XML prolog, doctype and Graphviz's comments (its version among them) stand before the root
  return r.output.slice(r.output.indexOf("<svg"));
}
