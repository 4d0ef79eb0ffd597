import torch
import torch.nn as nn
from helpers import check_model, layer
from models import Wrap, Wrap2


def test_add_two_tensors_with_broadcasting():
    spec = check_model(Wrap2(lambda s, x, y: x + y), (1, 3, 4, 4), (1, 3, 1, 1), ops=["add"])
    assert spec["layers"][0]["inputs"] == ["x", "y"]
    assert [i["name"] for i in spec["inputs"]] == ["x", "y"]


def test_add_scalar_both_orders_and_torch_add():
    spec = check_model(Wrap(lambda s, x: torch.add(2.0 + x, 1)), (2, 3), ops=["add"])
    assert [l["other"] for l in spec["layers"]] == [2.0, 1]


def test_inplace_add_residual():
    m = Wrap(lambda s, x: s.c(x).add_(x), c=nn.Conv2d(2, 2, 1))
    spec = check_model(m, (1, 2, 3, 3))
    assert layer(spec, "add_")["inputs"] == ["c", "x"]
