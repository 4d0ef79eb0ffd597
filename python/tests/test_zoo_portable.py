"""bench/zoo/portable.py: the zoo's version-independent weights and .wts recipes (the GPU bundles
of docs/model-zoo.md). The pinned bit patterns fail on any drift of the generator, whatever
numpy or platform computes it; the recipe round trip must give the exporter's bytes."""

import hashlib
import io
import json
import os
import sys

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench", "zoo"))

import portable  # noqa: E402
from trtgen_export.wts import write_wts, write_wts_stream  # noqa: E402

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


def _mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def _reference_values(name, count, scale, seed):
    """The docstring's definition in Python integers, one value at a time."""
    h = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "little")
    key = _mix(h ^ _mix((seed + GAMMA) & MASK))
    out = []
    for i in range(count):
        k = (_mix((key + (i + 1) * GAMMA) & MASK) >> 40) - (1 << 23)
        out.append(np.float32(k / float(1 << 23)) * np.float32(scale))
    return np.array(out, dtype=np.float32)


#: (name, seed, scale) -> the first five values' float32 bit patterns
PINNED = [
    ("features.0.weight", 0, 1.0, [0x3F74497C, 0xBF6CA73E, 0x3F35CC46, 0x3F554C1A, 0xBE9C0DA4]),
    ("classifier.1.weight", 0, 0.0123, [0x3B4CD6CF, 0x3BE157D9, 0xBBB32B9C, 0x393F7B56, 0x3BB7F181]),
    ("features.0.weight", 1, 1.0, [0x3F7AF3B2, 0x3F7C59E0, 0xBF7AD58A, 0x3EB51164, 0xBEB6DF60]),
    ("layer1.0.conv1.weight", 12345678901234, 0.5, [0xBCA11720, 0x3DA06C08, 0x3DEC9B50, 0x3ECADEE8, 0x3D9D74A8]),
]


@pytest.mark.parametrize("name,seed,scale,bits", PINNED)
def test_pinned_values(name, seed, scale, bits):
    got = portable.values(name, 5, scale, seed)
    assert got.dtype == np.float32
    assert [int(b) for b in got.view(np.uint32)] == bits


def test_matches_the_documented_definition_across_chunks(monkeypatch):
    monkeypatch.setattr(portable, "CHUNK", 7)  # chunk boundaries must not change the values
    want = _reference_values("blocks.3.attn.qkv.weight", 50, 0.0625, 3)
    got = portable.values("blocks.3.attn.qkv.weight", 50, 0.0625, 3)
    assert np.array_equal(got.view(np.uint32), want.view(np.uint32))


def test_distribution():
    v = portable.values("w", 1 << 20, portable.uniform_scale(0.02), 0)
    assert v.min() >= -portable.uniform_scale(0.02) and v.max() < portable.uniform_scale(0.02)
    assert abs(float(v.std()) - 0.02) < 2e-4 and abs(float(v.mean())) < 1e-4
    # another name or seed gives other values
    assert not np.array_equal(v[:100], portable.values("w2", 100, portable.uniform_scale(0.02), 0))
    assert not np.array_equal(v[:100], portable.values("w", 100, portable.uniform_scale(0.02), 1))


def _exported(tmp_path, entries):
    path = tmp_path / "model.wts"
    write_wts(str(path), entries)
    return path


def test_recipe_round_trip_is_byte_exact(tmp_path):
    rng = np.random.default_rng(0)
    big = portable.values("conv.weight", 3000, 0.1, 0)
    entries = [
        ("conv.weight", big.reshape(30, 100)),
        ("bn.running_var", rng.random(64).astype(np.float32)),  # literal
        ("odd", np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-45], dtype=np.float32)),  # literal
        ("fc.weight", portable.values("fc.weight", 512, 0.25, 0) * np.float32(1.5)),  # changed: literal
    ]
    path = _exported(tmp_path, entries)
    recipe, blob = portable.make_recipe(portable.read_own_wts(str(path)), {"conv.weight": 0.1, "fc.weight": 0.25}, 0)
    kinds = [("scale" in t, t["count"]) for t in recipe["tensors"]]
    assert kinds == [(True, 3000), (False, 64), (False, 6), (False, 512)]
    assert len(blob) == 4 * (64 + 6 + 512)
    portable.save_recipe(str(tmp_path / "recipe.json"), recipe, blob)
    portable.main([str(tmp_path / "recipe.json"), "-o", str(tmp_path / "again.wts")])
    assert portable.first_difference(str(path), str(tmp_path / "again.wts")) is None
    assert (tmp_path / "again.wts").read_bytes() == path.read_bytes()


def test_first_difference(tmp_path):
    (tmp_path / "a").write_bytes(b"0123456789")
    (tmp_path / "b").write_bytes(b"0123X56789")
    (tmp_path / "c").write_bytes(b"01234")
    assert portable.first_difference(str(tmp_path / "a"), str(tmp_path / "b"), chunk=3) == 4
    assert portable.first_difference(str(tmp_path / "a"), str(tmp_path / "c"), chunk=4) == 5
    assert portable.first_difference(str(tmp_path / "a"), str(tmp_path / "a")) is None


def test_bad_recipes_are_clear_errors(tmp_path):
    recipe = {
        "format": portable.FORMAT,
        "seed": 0,
        "literals": "lit.bin",
        "tensors": [{"name": "x", "count": 4, "offset": 8}],
    }
    (tmp_path / "recipe.json").write_text(json.dumps(recipe))
    (tmp_path / "lit.bin").write_bytes(b"\0" * 12)
    with pytest.raises(SystemExit, match="tensor x: literal values 8..24 lie outside the 12-byte blob"):
        portable.main([str(tmp_path / "recipe.json"), "-o", str(tmp_path / "x.wts")])
    (tmp_path / "recipe.json").write_text(json.dumps(dict(recipe, format="other")))
    with pytest.raises(SystemExit, match="not a trtgen-zoo-recipe/1 recipe"):
        portable.main([str(tmp_path / "recipe.json"), "-o", str(tmp_path / "x.wts")])
    (tmp_path / "lit.bin").unlink()
    (tmp_path / "recipe.json").write_text(json.dumps(recipe))
    with pytest.raises(SystemExit, match="cannot read the literal values"):
        portable.main([str(tmp_path / "recipe.json"), "-o", str(tmp_path / "x.wts")])


def test_the_writer_is_the_exporters(tmp_path):
    """portable.write_wts goes through trtgen_export.wts: the same bytes as the exporter's stream."""
    entries = [("a", portable.values("a", 300, 2.0, 5)), ("b", np.arange(5, dtype=np.float32))]
    f = io.BytesIO()
    write_wts_stream(f, entries)
    recipe, blob = portable.make_recipe(entries, {"a": 2.0}, 5)
    portable.write_wts(recipe, blob, str(tmp_path / "r.wts"))
    assert (tmp_path / "r.wts").read_bytes() == f.getvalue()


def test_zoo_build_draws_large_parameters():
    torch = pytest.importorskip("torch")
    torchvision = pytest.importorskip("torchvision")
    import zoo

    m = zoo.build(torchvision.models.squeezenet1_1, 32)
    assert m.zoo_seed == 0
    params = dict(m.named_parameters())
    assert "features.0.weight" in m.zoo_portable and "features.0.bias" not in m.zoo_portable  # 64 values
    for name, scale in m.zoo_portable.items():
        p = params[name].detach().reshape(-1).numpy()
        assert np.array_equal(p.view(np.uint32), portable.values(name, p.size, scale, 0).view(np.uint32)), name
    w = params["features.3.squeeze.weight"]  # torchvision: kaiming_uniform_, std sqrt(2 / fan_in); kept
    want = float(torch.nn.init.calculate_gain("leaky_relu", 0) / np.sqrt(w[0].numel()))
    assert abs(float(w.std()) / want - 1) < 0.05
