import torch
from helpers import check_model
from models import Wrap


def test_sum_dims():
    spec = check_model(Wrap(lambda s, x: torch.sum(x, dim=[1, 2])), (2, 3, 4), ops=["sum"])
    assert spec["layers"][0]["dim"] == [1, 2]


def test_sum_method_keepdim():
    spec = check_model(Wrap(lambda s, x: x.sum(1, keepdim=True)), (2, 3, 4), ops=["sum"])
    assert spec["layers"][0]["dim"] == 1 and spec["layers"][0]["keepdim"] is True
