// C++ identifiers and literals from untrusted spec text. Every name a spec
// provides reaches generated C++ only through CppNamer (identifiers) or
// cppString / cppComment (literals and comments), so no spec content can
// become code, and file names only through fileStem.
import { isReservedName } from "./reserved.js";

/**
 * Hands out C++ identifiers made from spec names: sanitized, unique within the
 * namer, and never a reserved name (reserved.ts: keywords, names of the generated
 * code and runtime, macros and global names of the headers it includes); a
 * reserved name gets a trailing `_` (`EINVAL_`, `linux_`, `inputs_`).
 */
export class CppNamer {
  private readonly used = new Set<string>();

  constructor(extraReserved: Iterable<string> = []) {
    for (const r of extraReserved) this.used.add(r);
  }

  /** A fresh identifier derived from `base`. */
  name(base: string): string {
    const id = sanitize(base);
    for (let i = 1; ; i++) {
      let candidate = i === 1 ? id : `${id}_${i}`;
      if (isReservedName(candidate)) candidate = `${candidate}_`;
      if (!this.used.has(candidate)) {
        this.used.add(candidate);
        return candidate;
      }
    }
  }
}

/**
 * The C++ namespace of a network: its sanitized name with `_network`, like its
 * header and CMake library target, so it is never a global name of any header.
 */
export function networkNamespace(name: string): string {
  return new CppNamer().name(`${sanitize(name)}_network`);
}

/** What sanitize returns as it is (most names: `conv1`, `layer1_0_conv1_weight`). */
const SANITIZED = /^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*$/;

/** Letters, digits and single underscores; no leading digit; no reserved `_X` / `__` forms. */
export function sanitize(s: string): string {
  if (SANITIZED.test(s)) return s;
  let id = s
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9_]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (id === "") id = "t";
  if (/^[0-9]/.test(id)) id = `t${id}`;
  return id;
}

/**
 * A file-name-safe stem: [A-Za-z0-9_-]. It names the files and the CMake targets
 * `<stem>_network` and `<stem>_builder`, so it is never `trtgen`, whose
 * `trtgen_builder` is the runtime's target (cpp-runtime/trtgen_runtime.cmake).
 */
export function fileStem(s: string): string {
  const stem = s.replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^[-_]+|[-_]+$/g, "");
  if (stem === "") return "network";
  return stem === "trtgen" ? "trtgen_net" : stem;
}

/** A C++ string literal holding exactly `s` (UTF-8). Non-printable and non-ASCII bytes become octal escapes. */
export function cppString(s: string): string {
  // printable ASCII but `"`, `?` and `\`: as it is
  if (/^[\x20\x21\x23-\x3e\x40-\x5b\x5d-\x7e]*$/.test(s)) return `"${s}"`;
  let out = '"';
  for (const byte of Buffer.from(s, "utf8")) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += "\\\\";
    else if (byte === 0x3f)
      out += "\\?"; // no trigraphs, even for pre-C++17 compilers
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += "\\" + byte.toString(8).padStart(3, "0");
  }
  return out + '"';
}

/** Text safe inside a `//` comment: one line, no line splice, printable ASCII only. */
export function cppComment(s: string): string {
  return s
    .replace(/[^\x20-\x7e]/g, "?")
    .replace(/\\/g, "/")
    .replace(/\*\//g, "* /")
    .trim();
}
