"""Writing and reading the ``.wts`` text weight format; the format is specified in docs/wts.md.

The writer emits the ``untyped`` variant byte for byte as tensorrtx's ``gen_wts.py`` does
(``'{} {} '`` for name and count, then ``' ' + hex`` per value, so two spaces follow the
count), or the ``typed`` variant (``--typed``, float32 or ``--half`` float16).

The writer is vectorised: each chunk of values is looked up, 16 bits at a time, in a table
of the 65536 four-digit hex strings, straight into a reused text buffer of ``' ' + digits``
records, which is written with one call; no Python code runs per value and no per-value
copy is made. Memory overhead is bounded by one chunk (plus one flat copy of a tensor when
the tensor is not contiguous, or one converted chunk when it is not already float32/float16).
"""

import os
import re
import stat
import struct
import sys
import tempfile
import time

import numpy as np

from .errors import UserError

#: number of values converted per chunk (bounds temporary memory: 9 bytes/value text plus
#: 4 bytes/value of table lookups, ~0.8 MiB per chunk, small enough to stay in cache)
CHUNK_VALUES = 1 << 16

TYPE_FLOAT32 = 0
TYPE_FLOAT16 = 1

_BAD_NAME = re.compile(r"\s", re.ASCII)  # the blanks a line is split at; a no-break space is fine (docs/wts.md "Names")


def check_tensor_name(name):
    """docs/wts.md "Names": non-empty UTF-8 of at most MAX_NAME_BYTES bytes without whitespace (the format
    is whitespace-separated) or control characters."""
    try:
        size = len(name.encode("utf-8")) if isinstance(name, str) else 0
    except UnicodeEncodeError:  # a lone surrogate
        size = 0
    if not size or size > MAX_NAME_BYTES or _BAD_NAME.search(name) or _CONTROL.search(name):
        raise UserError(
            "tensor name %r cannot be written to a .wts file: names must be 1 to %d bytes of UTF-8 without "
            "whitespace or control characters; rename the parameter in the state_dict before exporting"
            % (name, MAX_NAME_BYTES)
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


#: the four hex digits of every 16-bit number, one native uint32 per number: stored back
#: into memory, entry k is the ASCII text "%04x" % k on any host
_HEX16 = (
    np.frombuffer(b"0123456789abcdef", np.uint8)[(np.arange(1 << 16)[:, None] >> np.array([12, 8, 4, 0])) & 15]
    .view(np.uint32)
    .reshape(-1)
)


class _HexFormatter:
    """Formats chunks of float32 (or float16) values as ``' hhhhhhhh'`` records (``' hhhh'`` for
    float16), the values' big-endian bit patterns in lower-case hex, into one reused buffer."""

    def __init__(self, half):
        self.dtype = np.float16 if half else np.float32
        self.halves = 1 if half else 2  # 16-bit halves per value
        self.buf = np.empty((CHUNK_VALUES, 1 + 4 * self.halves), np.uint8)
        self.buf[:, 0] = ord(" ")
        # the digits of each record as uint32 columns (unaligned; built by hand, as numpy < 1.23
        # cannot view a non-contiguous array as a wider type)
        self.digits = np.ndarray(
            (CHUNK_VALUES, self.halves), np.uint32, buffer=self.buf, offset=1, strides=(self.buf.shape[1], 4)
        )
        self.looked_up = np.empty(CHUNK_VALUES, np.uint32)

    def chunks(self, flat):
        """Yield (value count, buffer view) for consecutive chunks of ``flat``; each view is valid
        until the next one is asked for."""
        for start in range(0, flat.shape[0], CHUNK_VALUES):
            part = np.ascontiguousarray(flat[start : start + CHUNK_VALUES], dtype=self.dtype)
            n = part.shape[0]
            halves = part.view(np.uint16).reshape(n, self.halves)
            for k in range(self.halves):  # 4 digits per 16-bit half
                # most significant half first: the last in memory on a little-endian host
                column = self.halves - 1 - k if sys.byteorder == "little" else k
                np.take(_HEX16, halves[:, column], out=self.looked_up[:n])
                self.digits[:n, k] = self.looked_up[:n]
            yield n, self.buf[:n]


def write_wts_stream(f, items, typed=False, half=False, progress=None):
    """Write (name, ndarray) pairs to the binary file object ``f``.

    Arrays may be any float dtype; values are stored as float32 (or float16 with
    ``half``). ``items`` must be a sequence (its length is the first line).
    """
    if half and not typed:
        raise ValueError("half precision requires the typed format")
    f.write(b"%d\n" % len(items))
    formatter = _HexFormatter(half)
    for name, arr in items:
        check_tensor_name(name)
        flat = np.asarray(arr).reshape(-1)
        if flat.shape[0] == 0:
            raise UserError("tensor %r has no values; a .wts tensor needs at least one (docs/wts.md)" % (name,))
        if typed:
            head = "%s %d %d" % (name, TYPE_FLOAT16 if half else TYPE_FLOAT32, flat.shape[0])
        else:
            head = "%s %d " % (name, flat.shape[0])  # gen_wts.py's trailing space
        f.write(head.encode("utf-8"))
        for count, text in formatter.chunks(flat):
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


def add_to_wts(path, items):
    """Add (name, ndarray) pairs to the existing .wts ``path``, replacing tensors of the same names
    and keeping its variant (a typed file of float16 tensors gets float16 ones). Returns how many
    tensors were replaced."""
    if not os.path.exists(path):
        raise UserError(
            "%s does not exist: export the model's weights first (trtgen-export weights MODEL.pth -o %s)" % (path, path)
        )
    variant, entries = read_wts_entries(path)
    new = dict(items)
    kept = [(name, arr) for name, arr, _ in entries if name not in new]
    typed = variant == "typed"
    half = typed and bool(entries) and all(arr.dtype == np.float16 for _, arr, _ in entries)
    write_wts(path, kept + list(new.items()), typed=typed, half=half)
    return len(entries) - len(kept)


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


class WtsFormatError(UserError):
    """A .wts file that breaks docs/wts.md: ``kind`` is the error kind named there, ``line`` 1-based."""

    def __init__(self, path, line, kind, what, tensor=None):
        """``tensor``: the name's bytes (escaped in the message) or str."""
        if isinstance(tensor, bytes):
            tensor = _escaped(tensor)
        where = "%s:%d: " % (path, line) + ("tensor '%s': " % tensor if tensor is not None else "")
        super().__init__("%s%s [%s]" % (where, what, kind))
        self.path, self.line, self.kind, self.tensor = path, line, kind, tensor


#: largest tensor count or value count (docs/wts.md "Limits")
MAX_NUMBER = 1 << 60
#: longest tensor name in bytes
MAX_NAME_BYTES = 1 << 16
_TOKEN = re.compile(rb"[^ \t\r]+")  # blanks are space, tab and CR only (not VT/FF)
_HEX = re.compile(rb"[0-9a-fA-F]+")
_DIGITS = re.compile(rb"[0-9]+")


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc


def _escaped(raw):
    """Bytes as quoted in messages (docs/wts.md "Errors"): UTF-8 text as it is; a control character as
    \\xNN (C0, DEL) or \\u00NN (C1), a byte-order mark as \\ufeff, a byte that is not UTF-8 as \\xNN."""

    def one(m):
        c = ord(m.group())
        return "\\x%02x" % c if c < 0x20 or c == 0x7F else "\\u%04x" % c

    return re.sub("[\x00-\x1f\x7f-\x9f\ufeff]", one, raw.decode("utf-8", "backslashreplace"))


def _shown(tok):
    """A token as quoted in messages: its first 40 bytes escaped, "..." when longer (one printable line)."""
    return _escaped(tok[:40]) + ("..." if len(tok) > 40 else "")


def _name_problem(name):
    """docs/wts.md "Names": why the bytes ``name`` (no blanks) cannot be a tensor name, or None."""
    try:
        text = name.decode("utf-8")
    except UnicodeDecodeError as e:
        return "tensor name is not valid UTF-8 (byte %d is 0x%02x)" % (e.start + 1, name[e.start])
    m = _CONTROL.search(text)
    return None if m is None else "tensor name contains the control character %s" % _escaped(m.group().encode())


def _file_kind(mode):
    """What a non-regular file is, in words (as trtgen's TypeScript reader says it)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _read_regular_file(path):
    """The bytes of a regular file; /dev/zero, a FIFO or a folder is a UserError at once
    (they would be read until memory runs out, block, or fail midway)."""
    try:
        # non-blocking, so that opening a FIFO does not wait for a writer
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise UserError("cannot read %s: %s" % (path, e.strerror or e))
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise UserError("cannot read %s: is %s, not a .wts file" % (path, _file_kind(mode)))
    with os.fdopen(fd, "rb") as f:
        try:
            return f.read()
        except OSError as e:
            raise UserError("cannot read %s: %s" % (path, e.strerror or e))


def read_wts(path, allow_short_hex=False):
    """Read and fully validate a .wts file (docs/wts.md) into a list of (name, ndarray).

    float32 tensors come back as ``float32`` arrays, float16 ones as ``float16``, with
    the exact bit patterns of the file. Violations raise :class:`WtsFormatError`.
    ``allow_short_hex``: accept values of fewer than 8 (float32) / 4 (float16) hex digits,
    zero-extended on the left (hand-written files; docs/wts.md "Values").
    """
    return [(name, arr) for name, arr, _ in read_wts_entries(path, allow_short_hex)[1]]


def read_wts_entries(path, allow_short_hex=False):
    """:func:`read_wts` with more detail: (variant, [(name, ndarray, line)]).

    variant is ``"untyped"``, ``"typed"`` or ``None`` (a file without tensors).
    """
    data = _read_regular_file(path)
    lines = data.split(b"\n")
    out, first_line, declared, variant = [], {}, None, None
    offset = 0
    for lineno, raw in enumerate(lines, start=1):
        start, offset = offset, offset + len(raw) + 1
        toks = [(m.start(), m.end()) for m in _TOKEN.finditer(raw)]
        if not toks:
            continue
        words = [raw[a:b] for a, b in toks[:4]]

        def fail(kind, what, tensor=None, _line=lineno):
            raise WtsFormatError(path, _line, kind, what, tensor)

        if declared is None:
            if not _DIGITS.fullmatch(words[0]):
                fail("bad-header", "bad header: expected the tensor count, got '%s'" % _shown(words[0]))
            declared = int(words[0])
            if declared > MAX_NUMBER:
                fail("number-too-large", "bad header: tensor count '%s' is too large" % _shown(words[0]))
            if len(toks) > 1:
                fail("bad-header", "bad header: unexpected '%s' after the tensor count" % _shown(words[1]))
            continue
        name_bytes = words[0]
        if len(out) >= declared:
            fail("tensor-count", "header declares %d tensors but the file has more tensor lines" % declared, name_bytes)
        if len(name_bytes) > MAX_NAME_BYTES:
            fail("name-too-long", "tensor name is longer than %d bytes" % MAX_NAME_BYTES, _shown(name_bytes))
        bad_name = _name_problem(name_bytes)
        if bad_name is not None:
            fail("bad-name", bad_name, name_bytes)
        name = name_bytes.decode("utf-8")
        if name_bytes in first_line:
            fail("duplicate-name", "duplicate tensor name (first defined on line %d)" % first_line[name_bytes], name)
        if variant is None:
            variant = (
                "typed"
                if len(words) >= 3
                and words[1] in (b"0", b"1")
                and _DIGITS.fullmatch(words[2])
                and not (words[1] == b"1" and len(toks) == 3)
                else "untyped"
            )
        half, k = False, 1
        if variant == "typed":
            if len(toks) < 2:
                fail("bad-type", "missing type field", name)
            if words[1] not in (b"0", b"1"):
                fail("bad-type", "bad type field '%s' (expected 0 = float32 or 1 = float16)" % _shown(words[1]), name)
            half, k = words[1] == b"1", 2
        if len(toks) <= k:
            fail("bad-count", "missing value count", name)
        count_tok = raw[toks[k][0] : toks[k][1]]
        if not _DIGITS.fullmatch(count_tok):
            fail("bad-count", "value count '%s' is not a positive integer" % _shown(count_tok), name)
        count = int(count_tok)
        if count > MAX_NUMBER:
            fail("number-too-large", "value count '%s' is too large" % _shown(count_tok), name)
        if count == 0:
            fail("bad-count", "value count must be a positive integer, got '%s'" % _shown(count_tok), name)
        if count > (len(data) - (start + toks[k][1])) // 2:  # every value needs a blank and a digit
            fail("value-count", "value count %d is larger than the rest of the file can hold" % count, name)
        values = [raw[a:b] for a, b in toks[k + 1 :]]
        width = 4 if half else 8
        for i, v in enumerate(values[:count]):
            if not _HEX.fullmatch(v) or len(v) > width:
                fail("bad-value", "bad hex token '%s' (value %d of %d)" % (_shown(v), i + 1, count), name)
            if len(v) < width and not allow_short_hex:
                fail(
                    "bad-value",
                    "bad hex token '%s' (value %d of %d, fewer than %d hex digits: the file is cut short, or "
                    "hand-written (read_wts(..., allow_short_hex=True) reads shorter values))"
                    % (_shown(v), i + 1, count, width),
                    name,
                )
        if len(values) != count:
            fail("value-count", "expected %d values, line has %d" % (count, len(values)), name)
        raw_bytes = bytes.fromhex("".join(v.decode("ascii").zfill(width) for v in values))
        dt = ">f2" if half else ">f4"
        out.append((name, np.frombuffer(raw_bytes, dtype=dt).astype(dt[1:]), lineno))
        first_line[name_bytes] = lineno
    if declared is None:
        raise WtsFormatError(path, 1, "empty-file", "empty file (expected the tensor count on the first line)")
    if len(out) < declared:
        raise WtsFormatError(
            path,
            len(lines),
            "tensor-count",
            "unexpected end of file: header declares %d tensors, found %d" % (declared, len(out)),
        )
    return variant, out
