// Text from the spec (names, ops, parameters, diagnostics) reaches DOT, SVG and
// HTML only through these functions, so that no name can become markup or DOT
// syntax. Control characters are already shown escaped (escapeControl) by the
// view model; these also turn any that remain into spaces.

const XML: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

// C0 controls (but tab and newline are still not wanted in one-line text), DEL, C1 controls
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Text safe in HTML/XML content and quoted attribute values, and in a Graphviz HTML-like label. */
export const xmlText = (s: string): string => s.replace(CONTROL, " ").replace(/[&<>"']/g, (c) => XML[c]!);

/**
 * Text in a Graphviz HTML-like label: XML text with each backslash doubled (Graphviz still
 * expands `\N`, the node's id, in these labels).
 */
export const dotLabelText = (s: string): string => xmlText(s).replace(/\\/g, "\\\\");

/**
 * A DOT double-quoted value that Graphviz writes into the SVG as `s` (a tooltip): XML text
 * (Graphviz keeps entities as they are), so no quote is left, and each backslash as four (the
 * DOT parser halves them, then Graphviz's escString expansion of `\N`, `\n`, `\l` halves them again).
 */
export const dotString = (s: string): string => `"${xmlText(s).replace(/\\/g, "\\\\\\\\")}"`;
