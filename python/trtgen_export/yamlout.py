"""A tiny deterministic YAML writer for trtgen specs (no PyYAML needed at run time).

Only what specs need: mappings of scalars, flow lists / flow mappings of
scalars, block lists of mappings and comment lines. Strings are written plain
when unambiguous and JSON-style double-quoted otherwise (JSON escapes are valid
YAML double-quoted escapes). Floats always contain a '.', so both YAML 1.1
(PyYAML) and YAML 1.2 (js-yaml) parse them as floats.
"""

import json
import math
import numbers
import re

_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~", "nan", "inf"}


def scalar(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, numbers.Integral):
        return str(int(v))
    if isinstance(v, numbers.Real):
        return fmt_float(float(v))
    if isinstance(v, str):
        return quote(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(scalar(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join("%s: %s" % (quote(str(k)), scalar(x)) for k, x in v.items()) + "}"
    raise TypeError("cannot write %r as YAML" % (v,))


def fmt_float(v):
    if math.isnan(v):
        return ".nan"
    if math.isinf(v):
        return ".inf" if v > 0 else "-.inf"
    r = repr(float(v))
    if "e" in r or "E" in r:
        mant, exp = r.lower().split("e")
        if "." not in mant:
            mant += ".0"
        if exp[0] not in "+-":
            exp = "+" + exp
        return mant + "e" + exp
    if "." not in r:
        r += ".0"
    return r


def quote(s):
    if _PLAIN.match(s) and s.lower() not in _RESERVED:
        return s
    return json.dumps(s, ensure_ascii=True)


def comment(text):
    """Sanitise text for a single '#' comment line."""
    return " ".join(str(text).split())


def dump_spec(header_comments, name, inputs, layers, outputs):
    """Render the spec. ``layers`` are (comment_lines, ordered dict) pairs."""
    out = []
    for c in header_comments:
        out.append("# " + comment(c))
    out.append("name: " + quote(name))
    out.append("inputs:")
    for inp in inputs:
        first = True
        for k, v in inp.items():
            out.append(("  - " if first else "    ") + "%s: %s" % (k, scalar(v)))
            first = False
    out.append("layers:")
    for comments, layer in layers:
        for c in comments:
            out.append("  # " + comment(c))
        first = True
        for k, v in layer.items():
            out.append(("  - " if first else "    ") + "%s: %s" % (k, scalar(v)))
            first = False
    if not layers:
        out[-1] = "layers: []"
    out.append("outputs: " + scalar(list(outputs)))
    return "\n".join(out) + "\n"
