import torch
import torch.nn as nn
import torch.nn.functional as F
from helpers import check_model, layer
from models import Wrap


def test_softmax_module():
    spec = check_model(Wrap(lambda s, x: s.sm(x), sm=nn.Softmax(dim=1)), (2, 5), ops=["softmax"])
    assert layer(spec, "sm")["dim"] == 1


def test_softmax_functional_negative_dim():
    spec = check_model(Wrap(lambda s, x: F.softmax(x, dim=-1) + torch.softmax(x, 1) + x.softmax(0)), (2, 3, 4))
    assert [l["dim"] for l in spec["layers"] if l["op"] == "softmax"] == [2, 1, 0]
