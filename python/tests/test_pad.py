import torch
import torch.nn.functional as F
from helpers import check_model
from models import Wrap, seq
from trtgen_export.testing_models import WithPad


def test_pad_function_modes_and_value():
    def f(s, x):
        a = F.pad(x, (1, 2), value=0.5)
        b = F.pad(x, (2, 1, 0, 1), mode="reflect")
        c = F.pad(x, [1, 3, -1, 0], mode="replicate")
        d = F.pad(x, (2, 0, 1, 1), "circular")
        return a.sum() + b.sum() + c.sum() + d.sum()

    spec = check_model(Wrap(f), (1, 2, 3, 4))
    pads = [l for l in spec["layers"] if l["op"] == "pad"]
    assert [(l["pad"], l.get("mode", "constant"), l.get("value", 0)) for l in pads] == [
        ([1, 2], "constant", 0.5),
        ([2, 1, 0, 1], "reflect", 0),
        ([1, 3, -1, 0], "replicate", 0),
        ([2, 0, 1, 1], "circular", 0),
    ]


def test_padding_modules():
    m = seq(
        torch.nn.ZeroPad2d((1, 0, 2, 1)),
        torch.nn.ConstantPad1d(2, -1.0),
        torch.nn.ReflectionPad2d(1),
        torch.nn.ReplicationPad2d((0, 3, 1, 0)),
    )
    spec = check_model(m, (1, 2, 3, 4))
    assert [(l["pad"], l.get("mode", "constant"), l.get("value", 0)) for l in spec["layers"]] == [
        ([1, 0, 2, 1], "constant", 0),
        ([2, 2], "constant", -1.0),
        ([1, 1, 1, 1], "reflect", 0),
        ([0, 3, 1, 0], "replicate", 0),
    ]


def test_reflection_padding_before_a_convolution():
    spec = check_model(WithPad(), (1, 3, 8, 8), ops=["pad", "conv2d"])
    assert spec["layers"][0]["mode"] == "reflect" and spec["layers"][0]["pad"] == [1, 1, 1, 1]


def test_conv2d_padding_modes_draft_a_pad_layer_first():
    m = seq(
        torch.nn.Conv2d(2, 3, 3, padding=1, padding_mode="reflect"),
        torch.nn.Conv2d(3, 2, (3, 2), padding=(2, 1), padding_mode="circular"),
        torch.nn.Conv2d(2, 2, 3, padding="same", padding_mode="replicate", bias=False),
    )
    spec = check_model(m, (1, 2, 5, 6))
    assert [l["op"] for l in spec["layers"]] == ["pad", "conv2d"] * 3
    assert [(l["pad"], l["mode"]) for l in spec["layers"][::2]] == [
        ([1, 1, 1, 1], "reflect"),
        ([1, 1, 2, 2], "circular"),
        ([1, 1, 1, 1], "replicate"),
    ]
    assert all("padding" not in l and "padding_mode" not in l for l in spec["layers"][1::2])
