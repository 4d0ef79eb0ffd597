import torch
from helpers import check_model
from models import Wrap


def test_roll_dims_and_flattened():
    spec = check_model(Wrap(lambda s, x: torch.roll(x, (1, -2), (1, 2)) + x.roll(5)), (1, 3, 4))
    rolls = [l for l in spec["layers"] if l["op"] == "roll"]
    assert (rolls[0]["shifts"], rolls[0]["dims"]) == ([1, -2], [1, 2])
    assert rolls[1]["shifts"] == 5 and "dims" not in rolls[1]


def test_equal_shifts_on_two_dims_stay_a_list():
    # swin's shifted windows: shifts (-3, -3) on dims (1, 2) must not collapse like a pair
    spec = check_model(Wrap(lambda s, x: torch.roll(x, shifts=(-3, -3), dims=(1, 2))), (1, 6, 6, 4), ops=["roll"])
    assert spec["layers"][0]["shifts"] == [-3, -3] and spec["layers"][0]["dims"] == [1, 2]
