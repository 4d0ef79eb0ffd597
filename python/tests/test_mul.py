from helpers import check_model, ops_of
from models import Wrap, Wrap2


def test_mul_tensors():
    spec = check_model(Wrap2(lambda s, x, y: x * y), (1, 3, 2, 2), (1, 3, 2, 2), ops=["mul"])
    assert spec["layers"][0]["inputs"] == ["x", "y"]


def test_mul_scalar_either_side():
    spec = check_model(Wrap(lambda s, x: -(0.5 * x.mul(3))), (2, 2))
    assert ops_of(spec) == ["mul", "mul", "neg"]  # negation is its own op (test_math_ops.py)
    assert [l["other"] for l in spec["layers"][:2]] == [3, 0.5]
