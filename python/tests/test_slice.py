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


def test_narrow_and_chunk():
    def f(s, x):
        c = x.chunk(2, dim=1)
        return torch.narrow(c[1], 2, 1, 2)

    spec = check_model(Wrap(f), (1, 4, 3, 3))
    assert ops_of(spec) == ["slice", "slice"]
    assert spec["layers"][0]["start"] == 2 and "end" not in spec["layers"][0]


def test_split_sections():
    def f(s, x):
        p = torch.split(x, [1, 3], 1)
        return p[0] * 2.0 + p[1].sum(1, keepdim=True)

    check_model(Wrap(f), (1, 4, 2, 2), ops=["slice", "sum", "mul", "add"])


def test_integer_index_is_a_slice_and_a_reshape():
    spec = check_model(Wrap(lambda s, x: x[:, 0] * 2.0), (2, 3, 2, 2))
    assert ops_of(spec) == ["slice", "reshape", "mul"]
    assert "start" not in spec["layers"][0] and spec["layers"][0]["end"] == 1  # start 0 is the default
    assert spec["layers"][1]["shape"] == [2, 2, 2]


def test_negative_integer_none_and_ellipsis():
    spec = check_model(Wrap(lambda s, x: x[..., -1, None, 1:] + 1.0), (1, 3, 4, 5))
    assert ops_of(spec) == ["slice", "slice", "reshape", "add"]
    assert spec["layers"][2]["shape"] == [1, 3, 1, 4]


def test_tensor_index_is_custom():
    spec, text, warnings = draft(Wrap(lambda s, x: x[x > 0]), (1, 3))
    assert "custom" in ops_of(spec) and warnings
