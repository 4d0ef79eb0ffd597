import torch.nn.functional as F
from helpers import check_model, layer
from models import Wrap


def test_normalize_functional_defaults_and_positional_arguments():
    spec = check_model(Wrap(lambda s, x: F.normalize(x) + F.normalize(x, 1.0, -1, 1e-3)), (2, 3, 4), ops=["normalize"])
    assert layer(spec, "normalize") == {"name": "normalize", "op": "normalize", "input": "x"}
    assert {k: layer(spec, "normalize_1")[k] for k in ("p", "dim", "eps")} == {"p": 1, "dim": -1, "eps": 1e-3}


def test_normalize_keywords_and_another_p():
    spec = check_model(Wrap(lambda s, x: F.normalize(x, dim=0, p=3)), (4, 5), ops=["normalize"])
    assert layer(spec, "normalize")["p"] == 3 and layer(spec, "normalize")["dim"] == 0


def test_normalize_infinity_norm():
    spec = check_model(Wrap(lambda s, x: F.normalize(x, float("inf"))), (2, 3), ops=["normalize"])
    assert layer(spec, "normalize")["p"] == float("inf")
