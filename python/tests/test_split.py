import torch
from helpers import check_model
from models import Wrap


def test_split_sections_and_size():
    def f(s, x):
        p = torch.split(x, [1, 3], 1)
        r = x.split(3, dim=1)
        return p[0] * 2.0 + p[1].sum(1, keepdim=True) + r[1]

    spec = check_model(Wrap(f), (1, 4, 2, 2), ops=["split", "sum", "mul", "add"])
    pieces = [l for l in spec["layers"] if l["op"] == "split"]
    assert [(l["split_size_or_sections"], l["index"]) for l in pieces] == [([1, 3], 0), ([1, 3], 1), (3, 1)]
