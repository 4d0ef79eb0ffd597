import torch
from helpers import check_model, draft, ops_of
from models import Wrap


def test_integer_index_is_select():
    spec = check_model(Wrap(lambda s, x: x[:, 0]), (1, 3, 2, 2), ops=["select"])
    assert (spec["layers"][0]["dim"], spec["layers"][0]["index"]) == (1, 0)


def test_mixed_index_dims_shift_after_a_select():
    spec = check_model(Wrap(lambda s, x: x[:, -1, 1:3, 0]), (2, 3, 4, 5))
    assert ops_of(spec) == ["select", "slice", "select"]
    assert [l.get("dim") for l in spec["layers"]] == [1, 1, 2]
    assert spec["layers"][0]["index"] == 2


def test_select_function_and_method():
    spec = check_model(Wrap(lambda s, x: torch.select(x, 2, -1) + x.select(2, 0)), (1, 3, 4))
    assert ops_of(spec)[:2] == ["select", "select"]


def test_integer_index_of_rank_1_is_custom():
    spec, text, warnings = draft(Wrap(lambda s, x: x.flatten()[0:2][1] + x.sum()), (1, 3))
    assert "custom" in ops_of(spec) and warnings
