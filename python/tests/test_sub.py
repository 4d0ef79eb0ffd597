import torch
from helpers import check_model, ops_of
from models import Wrap, Wrap2


def test_sub_tensors_and_alpha():
    spec = check_model(Wrap2(lambda s, x, y: torch.sub(x, y, alpha=2)), (1, 4), (1, 4), ops=["sub"])
    assert spec["layers"][0]["inputs"] == ["x", "y"] and spec["layers"][0]["alpha"] == 2


def test_sub_scalar():
    spec = check_model(Wrap(lambda s, x: x - 0.5), (1, 4), ops=["sub"])
    assert spec["layers"][0]["other"] == 0.5


def test_scalar_minus_tensor_is_mul_then_add():
    spec = check_model(Wrap(lambda s, x: 1 - x), (1, 4))
    assert ops_of(spec) == ["mul", "add"]
