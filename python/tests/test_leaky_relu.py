import torch.nn as nn
import torch.nn.functional as F
from helpers import check_model, layer, ops_of
from models import Wrap


def test_leaky_relu_module():
    spec = check_model(Wrap(lambda s, x: s.act(x), act=nn.LeakyReLU(0.2)), (1, 3, 4, 4), ops=["leaky_relu"])
    assert layer(spec, "act")["input"] == "x"
    assert layer(spec, "act")["negative_slope"] == 0.2


def test_leaky_relu_functional():
    spec = check_model(Wrap(lambda s, x: F.leaky_relu(x, negative_slope=0.3)), (2, 5), ops=["leaky_relu"])
    assert ops_of(spec) == ["leaky_relu"]


def test_leaky_relu_default_slope_not_written():
    spec = check_model(Wrap(lambda s, x: s.act(x), act=nn.LeakyReLU()), (1, 4), ops=["leaky_relu"])
    assert "negative_slope" not in layer(spec, "act")
