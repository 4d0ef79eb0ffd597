import torch
from helpers import check_model, draft, ops_of
from models import Wrap


def test_slice_channel_range_with_step():
    spec = check_model(Wrap(lambda s, x: x[:, 1:5:2]), (1, 6, 2, 2), ops=["slice"])
    sl = spec["layers"][0]
    assert (sl["dim"], sl["start"], sl.get("end"), sl.get("step", 1)) == (1, 1, 5, 2)


def test_slice_two_dims_and_ellipsis():
    spec = check_model(Wrap(lambda s, x: x[..., 1:, :-1]), (1, 2, 4, 5))
    assert ops_of(spec) == ["slice", "slice"]
    assert spec["layers"][0]["dim"] == 2 and "end" not in spec["layers"][0]
    assert spec["layers"][1]["end"] == 4 and spec["layers"][1]["name"] == "getitem"


def test_narrow():
    spec = check_model(Wrap(lambda s, x: torch.narrow(x, 2, 1, 2)), (1, 4, 3, 3), ops=["slice"])
    assert spec["layers"][0]["start"] == 1 and "end" not in spec["layers"][0]


def test_tensor_index_is_custom():
    spec, text, warnings = draft(Wrap(lambda s, x: x[x > 0]), (1, 3))
    assert "custom" in ops_of(spec) and warnings


def test_integer_none_and_ellipsis_index():
    # an integer index is a select, None adds a dimension (one reshape at the end)
    spec = check_model(Wrap(lambda s, x: x[..., -1, None, 1:] + 1.0), (1, 3, 4, 5))
    assert ops_of(spec) == ["select", "slice", "reshape", "add"]
    assert spec["layers"][0]["dim"] == 2 and spec["layers"][0]["index"] == 3
    assert spec["layers"][2]["shape"] == [1, 3, 1, 4]
