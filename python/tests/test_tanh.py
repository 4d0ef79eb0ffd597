import torch
import torch.nn as nn
from helpers import check_model, layer, ops_of
from models import Wrap


def test_tanh_module():
    spec = check_model(Wrap(lambda s, x: s.act(x), act=nn.Tanh()), (1, 3, 4, 4), ops=["tanh"])
    assert layer(spec, "act")["input"] == "x"


def test_tanh_functional():
    spec = check_model(Wrap(lambda s, x: torch.tanh(x)), (2, 5), ops=["tanh"])
    assert ops_of(spec) == ["tanh"]
