"""Drafting the math ops (erf, sqrt, exp, abs, neg, pow, maximum/minimum, amax/amin) from
functions, methods and operators; each drafted spec computes what the model computes."""

import pytest
import torch
from helpers import check_model, draft, ops_of
from models import Wrap, Wrap2

SHAPE = (1, 3, 4, 5)


@pytest.mark.parametrize(
    "fn, op",
    [
        (lambda s, x: torch.erf(x), "erf"),
        (lambda s, x: x.erf(), "erf"),
        (lambda s, x: torch.sqrt(torch.abs(x)), "sqrt"),
        (lambda s, x: x.exp(), "exp"),
        (lambda s, x: x.abs(), "abs"),
        (lambda s, x: -x, "neg"),
        (lambda s, x: torch.neg(x), "neg"),
        (lambda s, x: x.neg(), "neg"),
    ],
)
def test_unary_ops_from_functions_methods_and_operators(fn, op):
    spec = check_model(Wrap(fn), SHAPE, ops=[op])
    assert ops_of(spec)[-1] == op


def test_neg_is_its_own_op_not_a_product():
    spec = check_model(Wrap(lambda s, x: -(0.5 * x)), (2, 2))
    assert ops_of(spec) == ["mul", "neg"]


@pytest.mark.parametrize("e", [2, 3, -1, 0.5, 2.5, 5])
def test_pow_scalar_exponent(e):
    spec = check_model(Wrap(lambda s, x: torch.abs(x) ** e), SHAPE, ops=["pow"])
    assert spec["layers"][-1]["exponent"] == e


def test_pow_negative_base_integer_exponent():
    spec = check_model(Wrap(lambda s, x: x.pow(3) + torch.pow(x, 4)), SHAPE)
    assert ops_of(spec) == ["pow", "pow", "add"]


def test_pow_tensor_exponent_broadcasts():
    spec = check_model(Wrap2(lambda s, x, y: torch.pow(torch.abs(x), y)), SHAPE, (3, 1, 1), ops=["pow"])
    assert spec["layers"][-1]["inputs"][1] == "y"


def test_pow_refuses_a_number_base_and_exponent_0():
    for fn in (lambda s, x: 2**x, lambda s, x: x**0):
        _, text, warnings = draft(Wrap(fn), SHAPE)
        assert "custom" in text and warnings


@pytest.mark.parametrize(
    "fn, op",
    [
        (lambda s, x, y: torch.maximum(x, y), "maximum"),
        (lambda s, x, y: torch.max(x, y), "maximum"),
        (lambda s, x, y: x.maximum(y), "maximum"),
        (lambda s, x, y: torch.minimum(y, x), "minimum"),
        (lambda s, x, y: x.min(y), "minimum"),
    ],
)
def test_maximum_minimum_broadcast(fn, op):
    spec = check_model(Wrap2(fn), SHAPE, (3, 1, 1), ops=[op])
    assert len(spec["layers"][-1]["inputs"]) == 2


def test_amax_amin_over_dims():
    spec = check_model(Wrap(lambda s, x: torch.amax(x, (2, 3), keepdim=True) - x.amin(1, keepdim=True)), SHAPE)
    assert ops_of(spec)[:2] == ["amax", "amin"]
    assert spec["layers"][0]["dim"] == [2, 3] and spec["layers"][1]["dim"] == 1


def test_max_of_all_values_is_amax_over_a_dim_is_not_drafted():
    spec = check_model(Wrap(lambda s, x: torch.max(x) + x.min()), (2, 3))
    assert ops_of(spec) == ["amax", "amin", "add"] and spec["layers"][0]["dim"] == [0, 1]
    _, text, warnings = draft(Wrap(lambda s, x: torch.max(x, 1)[0]), SHAPE)
    assert "op: custom" in text and "returns 2 tensors" in warnings[0]


def test_argmax_indices_as_floats():
    spec = check_model(Wrap(lambda s, x: torch.argmax(x, 1) * 0.5 + x.argmax(-1, keepdim=True)), SHAPE)
    assert ops_of(spec)[:3] == ["argmax", "mul", "argmax"]
    assert spec["layers"][2]["keepdim"] is True


def test_argmax_of_all_values_is_not_drafted():
    _, text, warnings = draft(Wrap(lambda s, x: torch.argmax(x)), SHAPE)
    assert "op: custom" in text and warnings


@pytest.mark.skipif(
    not hasattr(torch.nn.functional, "scaled_dot_product_attention"), reason="PyTorch < 2.0 has no SDPA"
)
def test_scaled_dot_product_attention():
    F = torch.nn.functional
    spec = check_model(
        Wrap2(lambda s, q, k: F.scaled_dot_product_attention(q, k, k, is_causal=True, scale=0.3)),
        (1, 2, 5, 4),
        (1, 2, 5, 4),
        ops=["scaled_dot_product_attention"],
    )
    assert spec["layers"][-1]["is_causal"] is True and spec["layers"][-1]["scale"] == 0.3
