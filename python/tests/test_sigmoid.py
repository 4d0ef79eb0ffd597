import torch
import torch.nn as nn
from helpers import check_model, layer, ops_of
from models import Wrap


def test_sigmoid_module():
    spec = check_model(Wrap(lambda s, x: s.act(x), act=nn.Sigmoid()), (1, 3, 4, 4), ops=["sigmoid"])
    assert layer(spec, "act")["input"] == "x"


def test_sigmoid_functional():
    spec = check_model(Wrap(lambda s, x: torch.sigmoid(x)), (2, 5), ops=["sigmoid"])
    assert ops_of(spec) == ["sigmoid"]
