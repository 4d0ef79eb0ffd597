import torch.nn as nn
import torch.nn.functional as F
from helpers import check_model, layer, ops_of
from models import Wrap


def test_hardtanh_module():
    spec = check_model(Wrap(lambda s, x: s.act(x), act=nn.Hardtanh(-2.0, 3.0)), (1, 3, 4, 4), ops=["hardtanh"])
    assert layer(spec, "act")["input"] == "x"
    assert (layer(spec, "act")["min_val"], layer(spec, "act")["max_val"]) == (-2.0, 3.0)


def test_hardtanh_functional():
    spec = check_model(Wrap(lambda s, x: F.hardtanh(x * 2.0, min_val=-0.5)), (2, 5), ops=["hardtanh"])
    assert ops_of(spec) == ["mul", "hardtanh"]
