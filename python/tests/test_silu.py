import torch.nn as nn
import torch.nn.functional as F
from helpers import check_model, layer, ops_of
from models import Wrap


def test_silu_module():
    spec = check_model(Wrap(lambda s, x: s.act(x), act=nn.SiLU()), (1, 3, 4, 4), ops=["silu"])
    assert layer(spec, "act")["input"] == "x"


def test_silu_functional():
    spec = check_model(Wrap(lambda s, x: F.silu(x)), (2, 5), ops=["silu"])
    assert ops_of(spec) == ["silu"]
