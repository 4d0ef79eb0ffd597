import torch.nn as nn
import torch.nn.functional as F
from helpers import check_model, layer, ops_of
from models import Wrap


def test_hardsigmoid_module():
    spec = check_model(Wrap(lambda s, x: s.act(x), act=nn.Hardsigmoid()), (1, 3, 4, 4), ops=["hardsigmoid"])
    assert layer(spec, "act")["input"] == "x"


def test_hardsigmoid_functional():
    spec = check_model(Wrap(lambda s, x: F.hardsigmoid(x * 3.0)), (2, 5), ops=["hardsigmoid"])
    assert ops_of(spec) == ["mul", "hardsigmoid"]
