import torch
from helpers import check_model
from models import Wrap


def test_mean_spatial_keepdim():
    spec = check_model(Wrap(lambda s, x: x.mean((2, 3), keepdim=True)), (1, 3, 4, 5), ops=["mean"])
    assert spec["layers"][0]["dim"] == [2, 3] and spec["layers"][0]["keepdim"] is True


def test_mean_single_negative_dim():
    spec = check_model(Wrap(lambda s, x: torch.mean(x, -1)), (2, 3, 4), ops=["mean"])
    assert spec["layers"][0]["dim"] == 2 and "keepdim" not in spec["layers"][0]
