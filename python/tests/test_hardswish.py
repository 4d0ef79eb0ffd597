import torch.nn as nn
import torch.nn.functional as F
from helpers import check_model, layer, ops_of
from models import Wrap


def test_hardswish_module():
    spec = check_model(Wrap(lambda s, x: s.act(x), act=nn.Hardswish()), (1, 3, 4, 4), ops=["hardswish"])
    assert layer(spec, "act")["input"] == "x"


def test_hardswish_functional():
    spec = check_model(Wrap(lambda s, x: F.hardswish(x * 3.0)), (2, 5), ops=["hardswish"])
    assert ops_of(spec) == ["mul", "hardswish"]
