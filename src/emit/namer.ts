// C++ identifiers and literals from untrusted spec text. Every name a spec
// provides reaches generated C++ only through CppNamer (identifiers) or
// cppString / cppComment (literals and comments), so no spec content can
// become code.

/** C++17 keywords and alternative tokens, plus identifiers generated code relies on. */
const CPP_KEYWORDS = new Set(
  (
    "alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t char32_t class compl " +
    "concept const consteval constexpr constinit const_cast continue co_await co_return co_yield decltype default delete do " +
    "double dynamic_cast else enum explicit export extern false float for friend goto if inline int long mutable namespace " +
    "new noexcept not not_eq nullptr operator or or_eq private protected public register reinterpret_cast requires return " +
    "short signed sizeof static static_assert static_cast struct switch template this thread_local throw true try typedef " +
    "typeid typename union unsigned using virtual void volatile wchar_t while xor xor_eq final override import module"
  ).split(" "),
);

/** Names the generated code itself uses; spec names must not shadow them. */
const RESERVED = new Set([
  "network",
  "weights",
  "options",
  "error",
  "b",
  "main",
  "std",
  "nvinfer1",
  "trtgen",
  "NULL",
  "assert",
  "errno",
  "stdin",
  "stdout",
  "stderr",
  "EOF",
]);

export class CppNamer {
  private readonly used = new Set<string>();

  constructor(extraReserved: Iterable<string> = []) {
    for (const r of extraReserved) this.used.add(r);
  }

  /** A fresh identifier derived from `base` (sanitized, never a keyword, unique in this namer). */
  name(base: string): string {
    let id = sanitize(base);
    if (CPP_KEYWORDS.has(id) || RESERVED.has(id)) id = `${id}_`;
    let candidate = id;
    for (let i = 2; this.used.has(candidate); i++) candidate = `${id}_${i}`;
    this.used.add(candidate);
    return candidate;
  }
}

/** Letters, digits and single underscores; no leading digit; no reserved `_X` / `__` forms. */
export function sanitize(s: string): string {
  let id = s
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9_]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (id === "") id = "t";
  if (/^[0-9]/.test(id)) id = `t${id}`;
  return id;
}

/** A file-name-safe stem: [A-Za-z0-9_-]. */
export function fileStem(s: string): string {
  const stem = s.replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^[-_]+|[-_]+$/g, "");
  return stem === "" ? "network" : stem;
}

/** A C++ string literal holding exactly `s` (UTF-8). Non-printable and non-ASCII bytes become octal escapes. */
export function cppString(s: string): string {
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
