import torch
import torch.nn as nn
from helpers import check_model
from models import Wrap, Wrap2


def test_cat_list_dim1():
    spec = check_model(Wrap2(lambda s, x, y: torch.cat([x, y], dim=1)), (1, 2, 3, 3), (1, 4, 3, 3), ops=["concat"])
    assert spec["layers"][0]["inputs"] == ["x", "y"] and spec["layers"][0]["dim"] == 1


def test_cat_default_dim_and_negative_dim():
    m = Wrap(lambda s, x: torch.cat((torch.cat((x, x)), torch.cat([x, x])), -1))
    spec = check_model(m, (1, 2, 3))
    assert spec["layers"][0]["dim"] == 0 and spec["layers"][2]["dim"] == 2


def test_cat_of_conv_outputs():
    m = Wrap(lambda s, x: torch.cat([s.a(x), s.b(x)], 1), a=nn.Conv2d(2, 3, 1), b=nn.Conv2d(2, 5, 3, padding=1))
    spec = check_model(m, (1, 2, 4, 4), ops=["concat", "conv2d"])
    assert spec["layers"][-1]["inputs"] == ["a", "b"]
