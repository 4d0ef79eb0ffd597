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

/** A DOT double-quoted string (an escString: backslashes doubled so that `\N`, `\n`, `\l` keep no meaning). */
export const dotString = (s: string): string => `"${s.replace(CONTROL, " ").replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
