// A spec file's bytes to text: UTF-8 only (a UTF-8 byte order mark is fine).
// Invalid UTF-8 is reported where it is instead of being replaced by U+FFFD,
// UTF-16 and UTF-32 are recognized (by their byte order mark, or by the NUL
// bytes between ASCII characters, as YAML 1.2 §5.2 detects them) and reported
// as such, and control characters that YAML does not allow in a stream
// (everything but tab, line feed and carriage return; YAML 1.2 §5.1) are
// reported rather than passed on to names, snippets and messages.
import { isUtf8 } from "node:buffer";

export type Decoded = { text: string } | { reason: string; hint: string; line: number; col: number };

const hex = (b: number) => `0x${b.toString(16).padStart(2, "0")}`;

const UTF8_HINT = "save the file as UTF-8 (with or without a byte order mark); trtgen reads specs as UTF-8 only and never guesses";

/** Which UTF-16/UTF-32 form the bytes are in, or undefined when they may be UTF-8. */
function wideEncoding(b: Uint8Array): string | undefined {
  const at = (i: number) => (i < b.length ? b[i]! : -1);
  if (at(0) === 0xff && at(1) === 0xfe && at(2) === 0 && at(3) === 0) return "UTF-32 (little-endian, with a byte order mark)";
  if (at(0) === 0 && at(1) === 0 && at(2) === 0xfe && at(3) === 0xff) return "UTF-32 (big-endian, with a byte order mark)";
  if (at(0) === 0xff && at(1) === 0xfe) return "UTF-16 (little-endian, with a byte order mark)";
  if (at(0) === 0xfe && at(1) === 0xff) return "UTF-16 (big-endian, with a byte order mark)";
  if (at(0) > 0 && at(1) === 0 && at(2) === 0 && at(3) === 0) return "UTF-32 (little-endian: three NUL bytes follow each ASCII character)";
  if (at(0) === 0 && at(1) === 0 && at(2) === 0 && at(3) > 0) return "UTF-32 (big-endian: three NUL bytes precede each ASCII character)";
  if (at(0) > 0 && at(1) === 0 && (at(3) === 0 || b.length === 2)) return "UTF-16 (little-endian: a NUL byte follows each ASCII character)";
  if (at(0) === 0 && at(1) > 0 && (at(2) === 0 || b.length === 2)) return "UTF-16 (big-endian: a NUL byte precedes each ASCII character)";
  return undefined;
}

/** Offset and length of the first ill-formed UTF-8 sequence (Unicode 15, table 3-7), or undefined. */
export function firstInvalidUtf8(b: Uint8Array): { offset: number; length: number } | undefined {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 1;
    if (len === 1) return { offset: i, length: 1 };
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < len; k++) {
      const d = i + k < b.length ? b[i + k]! : -1;
      if (k === 1 ? d < lo || d > hi : d < 0x80 || d > 0xbf) return { offset: i, length: Math.min(k + 1, b.length - i) };
    }
    i += len;
  }
  return undefined;
}

// C0 controls but tab, line feed and carriage return; DEL; C1 controls but NEL (YAML's c-printable)
// eslint-disable-next-line no-control-regex
const NOT_PRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f]/;

/** Line and column (1-based, columns in UTF-16 units as elsewhere) of offset `i` in `text`. */
export function textPosition(text: string, i: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let k = text.indexOf("\n"); k >= 0 && k < i; k = text.indexOf("\n", k + 1)) {
    line++;
    start = k + 1;
  }
  return { line, col: i - start + 1 };
}

/** The text of a spec file, or where and why it is not UTF-8 text that YAML allows. */
export function decodeSpec(bytes: Buffer): Decoded {
  const wide = wideEncoding(bytes);
  if (wide !== undefined) {
    return {
      reason: `it is ${wide}, not UTF-8`,
      hint: "save it as UTF-8, e.g. `iconv -f UTF-16 -t UTF-8 spec.yaml > spec-utf8.yaml` (UTF-32 for a UTF-32 file), or choose UTF-8 in the editor's save dialog",
      line: 1,
      col: 1,
    };
  }
  if (!isUtf8(bytes)) {
    const bad = firstInvalidUtf8(bytes)!;
    const shown = [...bytes.subarray(bad.offset, bad.offset + bad.length)].map(hex).join(" ");
    const before = bytes.toString("utf8", 0, bad.offset); // valid UTF-8
    return {
      reason: `it is not valid UTF-8: ${bad.length === 1 ? "byte" : "bytes"} ${shown} at byte offset ${bad.offset} ${bad.length === 1 ? "is" : "are"} not a UTF-8 character`,
      hint: UTF8_HINT,
      ...textPosition(before, before.length),
    };
  }
  const text = bytes.toString("utf8");
  const m = NOT_PRINTABLE.exec(text);
  if (m) {
    const c = m[0].charCodeAt(0);
    return {
      reason: `it holds the control character ${hex(c)}${c === 0 ? " (NUL)" : c === 0x1b ? " (ESC)" : ""}, which YAML does not allow in a file`,
      hint: "remove it; to put a control character in a string, write it as an escape in double quotes (names may hold none)",
      ...textPosition(text, m.index),
    };
  }
  return { text };
}
