import torch.nn as nn
import torch.nn.functional as F
from helpers import check_model, layer, ops_of
from models import Wrap


def test_elu_module():
    spec = check_model(Wrap(lambda s, x: s.act(x), act=nn.ELU(alpha=0.5)), (1, 3, 4, 4), ops=["elu"])
    assert layer(spec, "act")["input"] == "x"
    assert layer(spec, "act")["alpha"] == 0.5


def test_elu_functional():
    spec = check_model(Wrap(lambda s, x: F.elu(x, 2.0)), (2, 5), ops=["elu"])
    assert ops_of(spec) == ["elu"]
