"""Reading and writing the tensorrtx-style ``.wts`` text weight format.

Untyped (default, tensorrtx ``gen_wts.py`` compatible)::

    <tensor count>\\n
    <name> <value count> [ <8 hex digits: big-endian float32 bits>]...\\n

byte for byte what tensorrtx's ``gen_wts.py`` writes: it writes ``'{} {} '`` for the
name and count, then ``' ' + hex`` per value, so two spaces follow the count.

Typed (``--typed``)::

    <tensor count>\\n
    <name> <type> <value count>[ <hex>]...\\n      type 0: float32 (8 hex), 1: float16 (4 hex)

The writer is vectorised: each chunk of values is converted to big-endian
bytes by numpy and hex-encoded by ``bytes.hex(' ', width)`` in C, so no Python
code runs per value. Memory overhead is bounded by one chunk (plus one flat
copy of a tensor when the tensor is not contiguous).
"""

import os
import re
import struct
import sys
import tempfile
import time

import numpy as np

from .errors import UserError

#: number of values converted per chunk (bounds temporary memory: ~9 bytes/value text
#: plus 4 bytes/value binary, i.e. ~13 MiB per chunk)
CHUNK_VALUES = 1 << 20

TYPE_FLOAT32 = 0
TYPE_FLOAT16 = 1

_BAD_NAME = re.compile(r"\s")


def check_tensor_name(name):
    """Tensor names must be non-empty and free of whitespace (the format is whitespace-separated)."""
    if not isinstance(name, str) or not name or _BAD_NAME.search(name):
        raise UserError(
            "tensor name %r cannot be written to a .wts file: names must be non-empty and "
            "contain no whitespace; rename the parameter in the state_dict before exporting" % (name,)
        )


class Progress:
    """A minimal progress bar on stderr (values written / total)."""

    def __init__(self, total, enabled, stream=None, label="writing"):
        self.total = max(int(total), 1)
        self.enabled = bool(enabled)
        self.stream = stream if stream is not None else sys.stderr
        self.label = label
        self.done = 0
        self._last = 0.0
        self._shown = False

    def update(self, n):
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and self.done < self.total:
            return
        self._last = now
        frac = min(self.done / self.total, 1.0)
        width = 30
        fill = int(frac * width)
        self.stream.write(
            "\r%s [%s%s] %3d%% %d/%d values"
            % (self.label, "#" * fill, "." * (width - fill), int(frac * 100), self.done, self.total)
        )
        self.stream.flush()
        self._shown = True

    def close(self):
        if self.enabled and self._shown:
            self.stream.write("\n")
            self.stream.flush()


def _hex_chunks(flat, half):
    """Yield ASCII byte strings ' hhhhhhhh hhhhhhhh ...' for consecutive chunks of ``flat``."""
    dtype, width = (">f2", 2) if half else (">f4", 4)
    n = flat.shape[0]
    for start in range(0, n, CHUNK_VALUES):
        part = flat[start : start + CHUNK_VALUES]
        raw = part.astype(dtype, copy=False).tobytes()
        yield len(part), b" " + raw.hex(" ", width).encode("ascii")


def write_wts_stream(f, items, typed=False, half=False, progress=None):
    """Write (name, ndarray) pairs to the binary file object ``f``.

    Arrays may be any float dtype; values are stored as float32 (or float16 with
    ``half``). ``items`` must be a sequence (its length is the first line).
    """
    if half and not typed:
        raise ValueError("half precision requires the typed format")
    f.write(b"%d\n" % len(items))
    for name, arr in items:
        check_tensor_name(name)
        flat = np.asarray(arr).reshape(-1)
        if typed:
            head = "%s %d %d" % (name, TYPE_FLOAT16 if half else TYPE_FLOAT32, flat.shape[0])
        else:
            head = "%s %d " % (name, flat.shape[0])  # gen_wts.py's trailing space
        f.write(head.encode("utf-8"))
        for count, text in _hex_chunks(flat, half):
            f.write(text)
            if progress is not None:
                progress.update(count)
        f.write(b"\n")


def atomic_write(path, writer, binary=True):
    """Call ``writer(fileobj)`` on a temp file next to ``path`` and rename it into place.

    On any error the temp file is removed and ``path`` is left untouched.
    """
    path = os.path.abspath(path)
    directory = os.path.dirname(path)
    if not os.path.isdir(directory):
        raise UserError("output folder %s does not exist; create it first or choose another -o path" % directory)
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    except OSError as e:
        raise UserError("cannot write to %s: %s" % (directory, e.strerror or e))
    try:
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": "\n"})) as f:
            writer(f)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_wts(path, items, typed=False, half=False, progress=None):
    """Atomically write ``items`` (sequence of (name, ndarray)) to ``path``."""
    try:
        atomic_write(path, lambda f: write_wts_stream(f, items, typed=typed, half=half, progress=progress))
    except OSError as e:
        raise UserError("cannot write %s: %s" % (path, e.strerror or e))


def write_wts_reference(f, items, typed=False, half=False):
    """Per-value reference writer (slow, mirrors tensorrtx gen_wts.py). ``f`` is a text file."""
    f.write("%d\n" % len(items))
    fmt = ">e" if half else ">f"
    for name, arr in items:
        vr = np.asarray(arr).reshape(-1)
        if typed:
            f.write("%s %d %d" % (name, 1 if half else 0, len(vr)))
        else:
            f.write("%s %d " % (name, len(vr)))
        for v in vr:
            f.write(" ")
            f.write(struct.pack(fmt, float(v)).hex())
        f.write("\n")


def read_wts(path, typed=None):
    """Read a .wts file into a list of (name, ndarray) with exact bit patterns.

    float32 entries come back as ``float32`` arrays, float16 entries as ``float16``.
    ``typed=None`` auto-detects the variant from the token layout.
    """
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if not lines or not lines[0].strip().isdigit():
        raise UserError("%s: first line must be the tensor count" % path)
    count = int(lines[0])
    body = [ln for ln in lines[1:] if ln.strip()]
    if len(body) != count:
        raise UserError("%s: header says %d tensors but found %d lines" % (path, count, len(body)))
    out = []
    for lineno, line in enumerate(body, start=2):
        toks = line.split()
        is_typed = typed
        if is_typed is None:
            is_typed = (
                len(toks) >= 3
                and toks[1] in ("0", "1")
                and toks[2].isdigit()
                and len(toks) == 3 + int(toks[2])
                and len(toks) != 2 + int(toks[1])
            )
        if is_typed:
            name, ty, n = toks[0], int(toks[1]), int(toks[2])
            vals = toks[3:]
        else:
            name, ty, n = toks[0], TYPE_FLOAT32, int(toks[1])
            vals = toks[2:]
        if len(vals) != n:
            raise UserError("%s line %d (%s): expected %d values, found %d" % (path, lineno, name, n, len(vals)))
        width = 4 if ty == TYPE_FLOAT16 else 8
        if any(len(v) != width for v in vals):
            raise UserError("%s line %d (%s): values must be %d hex digits" % (path, lineno, name, width))
        raw = bytes.fromhex("".join(vals))
        dt = ">f2" if ty == TYPE_FLOAT16 else ">f4"
        arr = np.frombuffer(raw, dtype=dt).astype(dt[1:])
        out.append((name, arr))
    return out
