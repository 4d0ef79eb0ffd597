import torch
import torch.nn as nn
import torch.nn.functional as F
from helpers import check_model, layer
from models import Wrap


def test_prelu_module_per_channel():
    m = Wrap(lambda s, x: s.act(s.conv(x)), conv=nn.Conv2d(2, 3, 1), act=nn.PReLU(3, init=0.1))
    with torch.no_grad():
        m.act.weight.copy_(torch.tensor([0.1, -0.2, 0.3]))
    spec = check_model(m, (1, 2, 4, 4), ops=["prelu"])
    assert layer(spec, "act")["num_parameters"] == 3


def test_prelu_module_single_parameter():
    spec = check_model(Wrap(lambda s, x: s.act(x), act=nn.PReLU()), (1, 3, 2, 2), ops=["prelu"])
    assert "num_parameters" not in layer(spec, "act")


def test_prelu_functional_with_parameter():
    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.slope = nn.Parameter(torch.tensor([0.25, 0.5]))

        def forward(self, x):
            return F.prelu(x, self.slope)

    spec = check_model(M(), (1, 2, 3, 3), ops=["prelu"])
    assert spec["layers"][0]["weights"] == {"weight": "slope"}
