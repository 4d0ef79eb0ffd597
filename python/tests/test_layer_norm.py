import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision.models.convnext as convnext
from helpers import check_model, layer
from models import Wrap


def _randomize(m, seed=0):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(torch.randn(p.shape, generator=g))


def test_layer_norm_module_two_trailing_dims():
    m = Wrap(lambda s, x: s.ln(x), ln=nn.LayerNorm([4, 4], eps=1e-6))
    _randomize(m)
    spec = check_model(m, (2, 3, 4, 4), ops=["layer_norm"])
    assert layer(spec, "ln")["normalized_shape"] == [4, 4]


def test_layer_norm_module_without_affine():
    spec = check_model(
        Wrap(lambda s, x: s.ln(x), ln=nn.LayerNorm(8, elementwise_affine=False)), (2, 5, 8), ops=["layer_norm"]
    )
    assert layer(spec, "ln")["elementwise_affine"] is False


def test_layer_norm_functional_with_parameters():
    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.g = nn.Parameter(torch.randn(8))
            self.b = nn.Parameter(torch.randn(8))

        def forward(self, x):
            return F.layer_norm(x, (8,), self.g, self.b, 1e-3)

    spec = check_model(M(), (2, 5, 8), ops=["layer_norm"])
    assert spec["layers"][0]["weights"] == {"weight": "g", "bias": "b"}


def test_convnext_layer_norm2d_traces_to_layer_norm_between_permutes():
    m = Wrap(lambda s, x: s.norm(s.conv(x)), conv=nn.Conv2d(3, 8, 1), norm=convnext.LayerNorm2d(8, eps=1e-6))
    _randomize(m)
    spec = check_model(m, (1, 3, 4, 4), ops=["layer_norm"])
    assert [l["op"] for l in spec["layers"]] == ["conv2d", "permute", "layer_norm", "permute"]


def test_group_norm_module_and_functional():
    spec = check_model(Wrap(lambda s, x: s.gn(x), gn=nn.GroupNorm(2, 6, eps=1e-3)), (1, 6, 3, 3), ops=["group_norm"])
    assert layer(spec, "gn")["num_groups"] == 2

    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.w = nn.Parameter(torch.randn(6))
            self.b = nn.Parameter(torch.randn(6))

        def forward(self, x):
            return F.group_norm(x, 3, self.w, self.b)

    spec = check_model(M(), (2, 6, 4), ops=["group_norm"])
    assert spec["layers"][0]["weights"] == {"weight": "w", "bias": "b"}
