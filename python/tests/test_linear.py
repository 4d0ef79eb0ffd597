import torch
import torch.nn as nn
import torch.nn.functional as F
from helpers import check_model, layer
from models import Wrap


def test_linear_module():
    spec = check_model(Wrap(lambda s, x: s.fc(x), fc=nn.Linear(6, 4)), (2, 6), ops=["linear"])
    f = layer(spec, "fc")
    assert (f["in_features"], f["out_features"]) == (6, 4) and "bias" not in f


def test_linear_no_bias_on_last_dim_of_3d():
    spec = check_model(Wrap(lambda s, x: s.fc(x), fc=nn.Linear(5, 3, bias=False)), (1, 7, 5), ops=["linear"])
    assert layer(spec, "fc")["bias"] is False


def test_linear_functional_with_parameters():
    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.weight = nn.Parameter(torch.randn(3, 4))
            self.bias = nn.Parameter(torch.randn(3))

        def forward(self, x):
            return F.linear(x, self.weight, self.bias)

    spec = check_model(M(), (2, 4), ops=["linear"])
    assert spec["layers"][0]["weights"] == {"weight": "weight", "bias": "bias"}


def test_shared_linear_used_twice_gets_weight_overrides():
    m = Wrap(lambda s, x: s.fc(torch.relu(s.fc(x))), fc=nn.Linear(4, 4))
    spec = check_model(m, (1, 4))
    first, second = [l for l in spec["layers"] if l["op"] == "linear"]
    assert first["name"] == "fc" and "weights" not in first
    assert second["name"] != "fc" and second["weights"] == {"weight": "fc.weight", "bias": "fc.bias"}
