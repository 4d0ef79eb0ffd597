import torch
import torch.nn as nn
import torch.nn.functional as F
from helpers import check_model, layer, ops_of
from models import Wrap


def test_relu_module():
    spec = check_model(Wrap(lambda s, x: s.act(x), act=nn.ReLU(inplace=True)), (1, 3, 4, 4), ops=["relu"])
    assert layer(spec, "act")["input"] == "x"


def test_relu_functional():
    spec = check_model(Wrap(lambda s, x: F.relu(x) + torch.relu(x) + x.relu()), (2, 5), ops=["relu"])
    assert ops_of(spec).count("relu") == 3 and ops_of(spec).count("add") == 2
