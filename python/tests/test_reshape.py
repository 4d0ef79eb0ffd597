import torch
from helpers import check_model, ops_of
from models import Wrap


def test_view_with_size_call_folds_to_constant_shape():
    spec = check_model(Wrap(lambda s, x: x.view(x.size(0), -1)), (2, 3, 4), ops=["reshape"])
    assert spec["layers"][0]["shape"] == [2, 12]


def test_reshape_function_and_method():
    spec = check_model(Wrap(lambda s, x: torch.reshape(x, (1, 6, 4)).reshape(1, 2, 3, 4)), (1, 24))
    assert ops_of(spec) == ["reshape", "reshape"]
    assert spec["layers"][1]["shape"] == [1, 2, 3, 4]


def test_squeeze_unsqueeze_become_reshape():
    spec = check_model(Wrap(lambda s, x: x.unsqueeze(1).squeeze(-1)), (2, 3, 1))
    assert ops_of(spec) == ["reshape", "reshape"] and spec["layers"][1]["shape"] == [2, 1, 3]


def test_view_with_shape_attribute():
    spec = check_model(Wrap(lambda s, x: x.view(x.shape[0], x.shape[1] * x.shape[2])), (2, 3, 4))
    assert spec["layers"][0]["shape"] == [2, 12]
