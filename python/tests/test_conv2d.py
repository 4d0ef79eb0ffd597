import torch
import torch.nn as nn
import torch.nn.functional as F
from helpers import check_model, layer
from models import Wrap, seq


def test_conv2d_module_params_and_names():
    m = Wrap(lambda s, x: s.features(x), features=seq(nn.Conv2d(3, 8, 5, stride=2, padding=2), nn.ReLU()))
    spec = check_model(m, (1, 3, 16, 16), ops=["conv2d"])
    c = layer(spec, "features.0")
    assert c["op"] == "conv2d" and c["input"] == "x"
    assert (c["in_channels"], c["out_channels"], c["kernel_size"], c["stride"], c["padding"]) == (3, 8, 5, 2, 2)
    assert "bias" not in c  # default true is not written


def test_conv2d_rect_dilation_groups_nobias():
    conv = nn.Conv2d(4, 8, (3, 1), stride=(2, 1), padding=(2, 0), dilation=(2, 1), groups=2, bias=False)
    spec = check_model(seq(conv), (1, 4, 12, 10), ops=["conv2d"])
    c = layer(spec, "0")
    assert c["kernel_size"] == [3, 1] and c["stride"] == [2, 1] and c["dilation"] == [2, 1]
    assert c["groups"] == 2 and c["bias"] is False


def test_conv2d_same_padding():
    m = Wrap(lambda s, x: s.b(s.a(x)), a=nn.Conv2d(3, 4, 3, padding="same"), b=nn.Conv2d(4, 4, 3, padding="valid"))
    spec = check_model(m, (1, 3, 9, 9))
    assert layer(spec, "a")["padding"] == "same" and layer(spec, "b")["padding"] == "valid"


def test_conv2d_reflect_padding_mode_is_a_pad_layer_then_the_conv():
    m = Wrap(lambda s, x: s.b(x), b=nn.Conv2d(4, 4, 3, padding=1, padding_mode="reflect"))
    spec = check_model(m, (1, 4, 5, 5))
    assert layer(spec, "b_pad")["mode"] == "reflect" and layer(spec, "b")["input"] == "b_pad"


def test_conv2d_functional_with_parameters_uses_weight_overrides():
    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.w = nn.Parameter(torch.randn(6, 3, 3, 3))
            self.b = nn.Parameter(torch.randn(6))

        def forward(self, x):
            return F.conv2d(x, self.w, self.b, stride=2, padding=1)

    spec = check_model(M(), (1, 3, 8, 8), ops=["conv2d"])
    c = spec["layers"][0]
    assert c["weights"] == {"weight": "w", "bias": "b"} and c["out_channels"] == 6
