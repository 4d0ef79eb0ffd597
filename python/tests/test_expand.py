import torch
from helpers import check_model, ops_of
from models import Wrap, Wrap2


def test_expand_varargs_minus_one_and_new_dims():
    spec = check_model(Wrap(lambda s, x: x[:, :1].expand(2, -1, 3, -1)), (1, 3, 4))
    assert spec["layers"][-1]["op"] == "expand" and spec["layers"][-1]["size"] == [2, 1, 3, 4]


def test_expand_as_and_broadcast_to():
    spec = check_model(Wrap2(lambda s, x, y: x.expand_as(y) + torch.broadcast_to(x, (2, 3))), (1, 3), (2, 3))
    assert ops_of(spec)[:2] == ["expand", "expand"]
