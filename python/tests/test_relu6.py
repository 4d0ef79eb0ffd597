import torch.nn as nn
import torch.nn.functional as F
from helpers import check_model, layer, ops_of
from models import Wrap


def test_relu6_module():
    spec = check_model(Wrap(lambda s, x: s.act(x), act=nn.ReLU6()), (1, 3, 4, 4), ops=["relu6"])
    assert layer(spec, "act")["input"] == "x"


def test_relu6_functional():
    spec = check_model(Wrap(lambda s, x: F.relu6(x * 4.0)), (2, 5), ops=["relu6"])
    assert ops_of(spec) == ["mul", "relu6"]
