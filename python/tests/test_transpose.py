import torch
from helpers import check_model, ops_of
from models import Wrap


def test_transpose_method_negative_dim():
    spec = check_model(Wrap(lambda s, x: x.transpose(1, -1)), (1, 2, 3, 4), ops=["transpose"])
    assert (spec["layers"][0]["dim0"], spec["layers"][0]["dim1"]) == (1, -1)


def test_transpose_function_and_swapaxes():
    spec = check_model(Wrap(lambda s, x: torch.swapaxes(torch.transpose(x, 0, 2), 1, 2)), (2, 3, 4))
    assert ops_of(spec) == ["transpose", "transpose"]
