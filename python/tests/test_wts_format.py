"""The .wts writer: byte-for-byte equality with the per-value reference writer, bit-exact round trips."""

import io
import os
import struct

import numpy as np
import pytest
import torch
from trtgen_export import wts
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
        ("empty", np.zeros((0,), np.float32)),
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


def test_typed_float32_and_half(tmp_path):
    arr = np.array([1.0, -2.5, 65504.0, 6e-8, 0.0, -0.0, np.inf, np.nan], np.float32)
    p = tmp_path / "t.wts"
    wts.write_wts(str(p), [("w", arr)], typed=True)
    assert p.read_text().split("\n")[1].startswith("w 0 8 3f800000 c0200000")
    ((_, back),) = read_wts(str(p), typed=True)
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
    assert [k for k, _ in keep] == ["a", "e"] and skipped == [("n", "int64")]


def test_bad_tensor_name_is_a_clear_error(tmp_path):
    from trtgen_export.errors import UserError

    with pytest.raises(UserError, match="whitespace"):
        export_weights({"bad name": torch.zeros(1)}, str(tmp_path / "x.wts"))
    assert not os.listdir(tmp_path)  # nothing written, no temp file left


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
    assert back["a"].tolist() == t.t().contiguous().reshape(-1).tolist() and back["b"].shape == (0,)
