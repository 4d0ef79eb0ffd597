import torch
from helpers import check_model
from models import Wrap


def test_permute_method_varargs_and_list():
    spec = check_model(Wrap(lambda s, x: x.permute(0, 2, 3, 1).permute([0, 3, 1, 2])), (1, 2, 3, 4))
    assert spec["layers"][0]["dims"] == [0, 2, 3, 1] and spec["layers"][1]["dims"] == [0, 3, 1, 2]


def test_permute_negative_dims_normalized():
    spec = check_model(Wrap(lambda s, x: torch.permute(x, (0, -1, 1))), (1, 2, 3), ops=["permute"])
    assert spec["layers"][0]["dims"] == [0, 2, 1]
