import torch
from helpers import check_model, ops_of
from models import Wrap


def test_clamp_function_both_bounds():
    spec = check_model(Wrap(lambda s, x: torch.clamp(x, -0.5, 0.5)), (1, 3, 4, 4), ops=["clamp"])
    assert (spec["layers"][0]["min"], spec["layers"][0]["max"]) == (-0.5, 0.5)


def test_clamp_method_min_only_and_clip():
    spec = check_model(Wrap(lambda s, x: torch.clip(x.clamp(min=0.0), max=1)), (2, 6), ops=["clamp"])
    a, b = spec["layers"]
    assert a["min"] == 0.0 and "max" not in a
    assert b["max"] == 1 and "min" not in b
    assert ops_of(spec) == ["clamp", "clamp"]
