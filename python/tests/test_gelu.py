import torch.nn as nn
import torch.nn.functional as F
from helpers import check_model, layer, ops_of
from models import Wrap


def test_gelu_module():
    spec = check_model(Wrap(lambda s, x: s.act(x), act=nn.GELU()), (1, 3, 4, 4), ops=["gelu"])
    assert layer(spec, "act")["input"] == "x"


def test_gelu_functional():
    spec = check_model(Wrap(lambda s, x: F.gelu(x, approximate="tanh")), (2, 5), ops=["gelu"])
    assert ops_of(spec) == ["gelu"]


def test_gelu_tanh_param():
    spec = check_model(Wrap(lambda s, x: F.gelu(x, approximate="tanh")), (1, 4), ops=["gelu"])
    assert spec["layers"][0]["approximate"] == "tanh"
