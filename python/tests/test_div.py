import torch
from helpers import check_model, draft, ops_of
from models import Wrap, Wrap2


def test_div_tensors():
    spec = check_model(Wrap2(lambda s, x, y: x / (y * y + 1.0)), (1, 4), (1, 4), ops=["div"])
    assert ops_of(spec) == ["mul", "add", "div"] and spec["layers"][2]["inputs"] == ["x", "add"]


def test_div_scalar():
    spec = check_model(Wrap(lambda s, x: torch.div(x, 4)), (1, 4), ops=["div"])
    assert spec["layers"][0]["other"] == 4


def test_scalar_over_tensor_is_custom():
    spec, text, warnings = draft(Wrap(lambda s, x: 1.0 / x), (1, 4))
    assert ops_of(spec) == ["custom"] and warnings
