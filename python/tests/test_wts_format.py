"""The .wts writer: byte-for-byte equality with the per-value reference writer, bit-exact round trips."""

import io
import os
import re
import struct

import numpy as np
import pytest
import torch
from trtgen_export import wts
from trtgen_export.errors import UserError
from trtgen_export.testing_models import ResNetTiny, lenet
from trtgen_export.weights import export_weights, select_tensors, tensor_to_numpy
from trtgen_export.wts import read_wts, write_wts_reference, write_wts_stream


def _vectorized_bytes(items, **kw):
    buf = io.BytesIO()
    write_wts_stream(buf, items, **kw)
    return buf.getvalue()


def _reference_bytes(items, **kw):
    buf = io.StringIO()
    write_wts_reference(buf, items, **kw)
    return buf.getvalue().encode("ascii")


def _gen_wts_py(state_dict):
    """The tensorrtx gen_wts.py loop: '{} {} '.format(k, len(vr)), then ' ' + hex per value."""
    lines = ["%d\n" % len(state_dict)]
    for k, v in state_dict.items():
        vr = v.reshape(-1).cpu().numpy()
        lines.append(f"{k} {len(vr)} ")
        for vv in vr:
            lines.append(" " + struct.pack(">f", float(vv)).hex())
        lines.append("\n")
    return "".join(lines).encode("ascii")


def test_lenet_export_is_byte_identical_to_gen_wts_loop(tmp_path):
    model = lenet()
    out = tmp_path / "lenet.wts"
    n, total, skipped = export_weights(model.state_dict(), str(out))
    assert n == 10 and total == sum(p.numel() for p in model.parameters()) and skipped == []
    assert out.read_bytes() == _gen_wts_py(model.state_dict())


def test_resnet_export_skips_num_batches_tracked_and_matches_reference(tmp_path):
    torch.manual_seed(1)
    sd = ResNetTiny().state_dict()
    out = tmp_path / "r.wts"
    n, _, skipped = export_weights(sd, str(out))
    floats = {k: v for k, v in sd.items() if v.is_floating_point()}
    assert n == len(floats) and all(name.endswith("num_batches_tracked") for name, _ in skipped)
    assert out.read_bytes() == _gen_wts_py(floats)
    # --keep-int: integer buffers written as float
    export_weights(sd, str(out), keep_int=True)
    back = dict(read_wts(str(out)))
    assert len(back) == len(sd) and back["stem.1.num_batches_tracked"].tolist() == [0.0]


def test_chunked_writer_matches_reference_across_chunk_boundaries(monkeypatch):
    monkeypatch.setattr(wts, "CHUNK_VALUES", 7)
    rng = np.random.default_rng(0)
    items = [
        ("a", rng.standard_normal(50).astype(np.float32)),
        ("b.c", np.zeros((3, 7), np.float32)),
        ("one", np.array([1.5], np.float32)),
    ]
    assert _vectorized_bytes(items) == _reference_bytes(items)
    assert _vectorized_bytes(items, typed=True) == _reference_bytes(items, typed=True)
    assert _vectorized_bytes(items, typed=True, half=True) == _reference_bytes(items, typed=True, half=True)


SPECIAL_BITS = [
    0x00000000,
    0x80000000,
    0x7F800000,
    0xFF800000,
    0x7FC00000,
    0x7FC12345,
    0xFFC00001,
    0x7F812345,  # signalling NaN with payload
    0x00000001,
    0x807FFFFF,
    0x00400000,
    0x7F7FFFFF,
    0x3F800000,
    0xBF800000,
]


def test_bitwise_round_trip_special_values(tmp_path):
    bits = np.array(SPECIAL_BITS, dtype=np.uint32)
    arr = bits.view(np.float32)
    out = tmp_path / "s.wts"
    wts.write_wts(str(out), [("special", arr)])
    text = out.read_text()
    assert text.split("\n")[1] == "special %d  " % len(bits) + " ".join("%08x" % b for b in SPECIAL_BITS)
    ((name, back),) = read_wts(str(out))
    assert name == "special" and back.dtype == np.float32
    assert back.view(np.uint32).tolist() == bits.tolist()  # -0.0, inf, NaN payloads, denormals kept


# every digit value at every position, signed zeros, infinities, quiet and signalling NaNs with
# payloads, the smallest and largest subnormals and normals
EDGE_BITS32 = SPECIAL_BITS + [
    0x7FFFFFFF,
    0xFFFFFFFF,
    0xFF812345,  # negative signalling NaN with payload
    0x00800000,
    0x80000001,
    0x007FFFFF,
    0xFF7FFFFF,
    0x01234567,
    0x89ABCDEF,
    0xFEDCBA98,
    0x76543210,
]
EDGE_BITS16 = [0x0000, 0x8000, 0x7C00, 0xFC00, 0x7E00, 0x7E01, 0x7D01, 0xFD01, 0x0001, 0x03FF, 0x8001, 0x0400]
EDGE_BITS16 += [0x7BFF, 0xFBFF, 0x3C00, 0x0123, 0x4567, 0x89AB, 0xCDEF, 0xFEDC, 0xBA98, 0x7654, 0x3210]


def _is_signalling_nan32(b):
    return (b & 0x7F800000) == 0x7F800000 and (b & 0x007FFFFF) != 0 and not b & 0x00400000


@pytest.mark.parametrize("chunk", [3, 64, 1 << 16])
def test_fast_formatting_equals_reference_on_edge_values(monkeypatch, chunk):
    """The table-lookup formatter writes each value's bit pattern exactly ("%08x" / "%04x" of the
    bits) for every edge value, across chunk boundaries (several chunk sizes, a strided input);
    it equals the per-value reference loop on all of them but signalling NaNs, which the loop's
    float() round trip makes quiet."""
    monkeypatch.setattr(wts, "CHUNK_VALUES", chunk)
    bits32 = np.array(EDGE_BITS32 * 5, np.uint32)
    arr32 = bits32.view(np.float32)
    strided = np.repeat(arr32, 2)[::2]  # not contiguous: the same values
    assert not strided.flags["C_CONTIGUOUS"]
    for items in ([("e", arr32)], [("e", strided)]):
        line = _vectorized_bytes(items).split(b"\n")[1]
        assert line == b"e %d  " % len(bits32) + b" ".join(b"%08x" % b for b in bits32.tolist())
        typed = _vectorized_bytes(items, typed=True).split(b"\n")[1]
        assert typed == b"e 0 %d " % len(bits32) + b" ".join(b"%08x" % b for b in bits32.tolist())
    exact = np.array([b for b in EDGE_BITS32 if not _is_signalling_nan32(b)] * 5, np.uint32).view(np.float32)
    for kw in ({}, {"typed": True}):
        assert _vectorized_bytes([("e", exact)], **kw) == _reference_bytes([("e", exact)], **kw)

    bits16 = np.array(EDGE_BITS16 * 5, np.uint16)
    line = _vectorized_bytes([("h", bits16.view(np.float16))], typed=True, half=True).split(b"\n")[1]
    assert line == b"h 1 %d " % len(bits16) + b" ".join(b"%04x" % b for b in bits16.tolist())
    # float32 and float64 values written as float32 / float16: numpy's rounding, as the reference loop
    wide = np.concatenate([exact, np.array([1e-46, 3.4028235e38, 65520.0, 1 / 3, -6e-8, 2.0**-25], np.float32)])
    for values in (wide, wide.astype(np.float64) * (1 + 2.0**-30)):
        values = values[~np.isnan(values)]
        assert _vectorized_bytes([("w", values)]) == _reference_bytes([("w", values)])
        values = values[np.isinf(values) | (np.abs(values) < 65504)]  # the loop cannot pack larger halves
        half = _vectorized_bytes([("w", values)], typed=True, half=True)
        assert half == _reference_bytes([("w", values)], typed=True, half=True)


def test_typed_float32_and_half(tmp_path):
    arr = np.array([1.0, -2.5, 65504.0, 6e-8, 0.0, -0.0, np.inf, np.nan], np.float32)
    p = tmp_path / "t.wts"
    wts.write_wts(str(p), [("w", arr)], typed=True)
    assert p.read_text().split("\n")[1].startswith("w 0 8 3f800000 c0200000")
    ((_, back),) = read_wts(str(p))
    assert back.view(np.uint32).tolist() == arr.view(np.uint32).tolist()
    wts.write_wts(str(p), [("w", arr)], typed=True, half=True)
    line = p.read_text().split("\n")[1]
    assert line == "w 1 8 3c00 c100 7bff 0001 0000 8000 7c00 7e00"
    ((_, back),) = read_wts(str(p))
    assert back.dtype == np.float16
    assert back.view(np.uint16).tolist() == arr.astype(np.float16).view(np.uint16).tolist()


def test_half_requires_typed():
    with pytest.raises(ValueError):
        _vectorized_bytes([("a", np.zeros(1, np.float32))], half=True)


def test_tensor_conversion_handles_noncontiguous_dtypes_and_empty():
    t = torch.arange(12, dtype=torch.float32).reshape(3, 4).t()  # non-contiguous
    arr, _ = tensor_to_numpy("t", t)
    assert arr.tolist() == t.contiguous().reshape(-1).tolist()
    arr, _ = tensor_to_numpy("h", torch.tensor([1.5], dtype=torch.float16))
    assert arr.astype(np.float32).tolist() == [1.5]
    arr, _ = tensor_to_numpy("b", torch.tensor([0.1], dtype=torch.bfloat16))
    assert arr.dtype == np.float32
    arr, why = tensor_to_numpy("i", torch.tensor([3]))
    assert arr is None and why == "int64"
    arr, _ = tensor_to_numpy("i", torch.tensor([3]), keep_int=True)
    assert arr.tolist() == [3.0]
    arr, _ = tensor_to_numpy("e", torch.zeros(0, 3))
    assert arr.shape == (0,)
    keep, skipped = select_tensors({"a": torch.zeros(2), "n": torch.tensor(5), "e": torch.zeros(0)})
    assert [k for k, _ in keep] == ["a"] and skipped == [("n", "int64"), ("e", "empty")]
    with pytest.raises(UserError, match="no values"):
        _vectorized_bytes([("e", np.zeros(0, np.float32))])


def test_bad_tensor_name_is_a_clear_error(tmp_path):
    with pytest.raises(UserError, match="whitespace"):
        export_weights({"bad name": torch.zeros(1)}, str(tmp_path / "x.wts"))
    assert not os.listdir(tmp_path)  # nothing written, no temp file left
    # names every reader refuses (docs/wts.md "Names") are refused before writing too
    for name in ["w\x1b[2J", "w\x00", "w\x85", "w\ud800", "n" * 65537]:
        with pytest.raises(UserError, match="control characters"):
            wts.write_wts(str(tmp_path / "x.wts"), [(name, np.zeros(1, np.float32))])
    assert not os.listdir(tmp_path)
    wts.write_wts(str(tmp_path / "x.wts"), [("n" * 65536, np.zeros(1, np.float32))])
    assert read_wts(str(tmp_path / "x.wts"))[0][0] == "n" * 65536
    # other characters are fine, a no-break space among them: every reader splits lines at ASCII blanks only
    wts.write_wts(str(tmp_path / "x.wts"), [("w\xa0\u2003gr\xf6\xdfe", np.zeros(1, np.float32))])
    assert read_wts(str(tmp_path / "x.wts"))[0][0] == "w\xa0\u2003gr\xf6\xdfe"


def test_short_values_need_allow_short_hex(tmp_path):
    """A value with fewer digits than every writer writes is a cut file, unless the file is hand-written."""
    p = tmp_path / "cut.wts"
    p.write_bytes(b"1\nw 3 3f800000 0 3f0")
    with pytest.raises(
        wts.WtsFormatError, match=r"cut.wts:2: tensor 'w': bad hex token '0' \(value 2 of 3, fewer than 8"
    ) as e:
        read_wts(str(p))
    assert e.value.kind == "bad-value"
    ((_, arr),) = read_wts(str(p), allow_short_hex=True)
    assert arr.view(np.uint32).tolist() == [0x3F800000, 0, 0x3F0]


def test_atomic_write_leaves_no_partial_file(tmp_path):
    target = tmp_path / "m.wts"
    target.write_text("old")

    class Boom(list):
        def __iter__(self):
            yield ("a", np.zeros(3, np.float32))
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        wts.write_wts(str(target), Boom([None, None]))
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["m.wts"]


def test_progress_bar_output():
    buf = io.StringIO()
    bar = wts.Progress(100, True, stream=buf)
    bar.update(100)
    bar.close()
    assert "100%" in buf.getvalue() and buf.getvalue().endswith("\n")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_cuda_tensors_are_exported(tmp_path):
    t = torch.randn(5, 3)
    export_weights({"a": t.cuda().t(), "b": torch.zeros(0, device="cuda")}, str(tmp_path / "c.wts"))
    back = dict(read_wts(str(tmp_path / "c.wts")))
    assert back["a"].tolist() == t.t().contiguous().reshape(-1).tolist() and "b" not in back


# ---------------------------------------------------------------------------
# The shared conformance corpus (test/wts-corpus, format in its expect.txt)
# ---------------------------------------------------------------------------

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "test", "wts-corpus")


def _corpus_expectations(manifest="expect.txt"):
    """A manifest as {file: ("reject", line, kind) | ("accept", variant, [tensor fields], count)}: expect.txt
    (the format) or expect-short-hex.txt (what differs with allow_short_hex)."""
    cases, last = {}, None
    with open(os.path.join(CORPUS, manifest), encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split()
            if line[0] in " \t":
                cases[last][2].append(fields)
            elif fields[1] == "reject":
                cases[fields[0]] = ("reject", int(fields[2]), fields[3])
            else:
                last = fields[0]
                cases[last] = ("accept", None if fields[2] == "none" else fields[2], [], int(fields[3]))
    return cases


def _widen_half_bits(h):
    """Exact IEEE binary16 -> binary32 bit pattern (NaN payloads kept), as docs/wts.md specifies."""
    sign, exp, mant = (h & 0x8000) << 16, (h >> 10) & 0x1F, h & 0x3FF
    if exp == 0x1F:
        return sign | 0x7F800000 | (mant << 13)
    if exp:
        return sign | ((exp + 112) << 23) | (mant << 13)
    if mant == 0:
        return sign
    exp = 113
    while not mant & 0x400:
        mant, exp = mant << 1, exp - 1
    return sign | (exp << 23) | ((mant & 0x3FF) << 13)


def _bits_field(arr):
    if arr.dtype == np.float16:
        bits = [_widen_half_bits(int(h)) for h in arr.view(np.uint16)]
    else:
        bits = [int(b) for b in arr.view(np.uint32)]
    if len(bits) <= 16:
        return ",".join("%08x" % b for b in bits)
    h = 0xCBF29CE484222325
    for b in bits:
        for byte in b.to_bytes(4, "big"):
            h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "fnv1a64:%016x" % h


def test_corpus_lists_every_file():
    files = {f for f in os.listdir(CORPUS) if f.endswith(".wts")}
    assert set(_corpus_expectations()) == files
    assert set(_corpus_expectations("expect-short-hex.txt")) <= files
    assert len(files) >= 80


@pytest.mark.parametrize("allow_short_hex", [False, True])
@pytest.mark.parametrize("name", sorted(_corpus_expectations()))
def test_corpus_file(name, allow_short_hex):
    expected = _corpus_expectations()[name]
    if allow_short_hex:
        expected = _corpus_expectations("expect-short-hex.txt").get(name, expected)
    path = os.path.join(CORPUS, name)
    if expected[0] == "reject":
        with pytest.raises(wts.WtsFormatError) as info:
            wts.read_wts_entries(path, allow_short_hex)
        err = info.value
        assert (err.line, err.kind) == expected[1:], str(err)
        assert str(err).startswith("%s:%d: " % (path, err.line)) and str(err).endswith("[%s]" % err.kind)
        # one printable line: control characters and bytes that are not UTF-8 escaped
        assert not re.search("[\x00-\x1f\x7f-\x9f\ufffd]", str(err)), str(err)
        return
    variant, tensors = wts.read_wts_entries(path, allow_short_hex)
    assert variant == expected[1] and len(tensors) == expected[3]
    got = [
        [n, "float16" if a.dtype == np.float16 else "float32", str(len(a)), str(line), _bits_field(a)]
        for n, a, line in tensors
    ]
    assert got == expected[2]


@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_read_wts_refuses_non_regular_files_at_once(tmp_path, kind):
    """/dev/zero would be read until memory runs out, a FIFO would block: both are a UserError at once."""
    path = {"device": "/dev/zero", "folder": str(tmp_path)}.get(kind)
    if kind == "fifo":
        path = str(tmp_path / "fifo")
        os.mkfifo(path)
    with pytest.raises(UserError) as e:
        read_wts(path)
    words = {"device": "a device", "fifo": "a FIFO", "folder": "a folder"}[kind]
    assert str(e.value) == "cannot read %s: is %s, not a .wts file" % (path, words)
