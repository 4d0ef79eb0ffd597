import torch
import torch.nn as nn
from helpers import check_model, layer
from models import Wrap


def test_flatten_module_default():
    spec = check_model(Wrap(lambda s, x: s.flat(x), flat=nn.Flatten()), (2, 3, 4, 5), ops=["flatten"])
    assert "start_dim" not in layer(spec, "flat")


def test_torch_flatten_default_start_dim_is_zero():
    spec = check_model(Wrap(lambda s, x: torch.flatten(x)), (2, 3, 4), ops=["flatten"])
    assert spec["layers"][0]["start_dim"] == 0


def test_flatten_method_range():
    spec = check_model(Wrap(lambda s, x: x.flatten(1, 2)), (2, 3, 4, 5), ops=["flatten"])
    assert "start_dim" not in spec["layers"][0] and spec["layers"][0]["end_dim"] == 2
