"""torch.einsum drafted as sum / permute / reshape / matmul layers (draft/einsum.py), checked
against PyTorch by the test interpreter: batched attention products (maxvit), transposes,
outer products, sums, ellipses, the implicit output and three operands."""

import pytest
import torch
from helpers import check_model, draft, ops_of
from models import Wrap, Wrap2

TWO = [
    ("bghid,bghjd->bghij", (1, 3, 2, 5, 4), (1, 3, 2, 6, 4), ["permute", "matmul"]),
    ("bghij,bghjd->bghid", (1, 3, 2, 5, 6), (1, 3, 2, 6, 4), ["matmul"]),
    ("ij,jk->ik", (3, 4), (4, 5), ["matmul"]),
    ("bij,bkj->bik", (2, 3, 4), (2, 5, 4), ["permute", "matmul"]),
    ("bn,anm->bam", (2, 3), (4, 3, 5), ["permute", "reshape", "matmul", "reshape"]),
    ("ij,jk->ki", (3, 4), (4, 5), ["matmul", "permute"]),
    ("i,j->ij", (3,), (4,), ["reshape", "reshape", "matmul"]),
    ("ij,ij->ij", (3, 4), (3, 4), ["reshape", "reshape", "matmul", "reshape"]),
    ("ijk,jl->il", (2, 3, 4), (3, 5), ["sum", "matmul"]),
    ("...ij,...jk->...ik", (2, 3, 4, 5), (2, 3, 5, 6), ["matmul"]),
    ("ij,jk", (3, 4), (4, 5), ["matmul"]),
    ("nchw,nchw->nc", (2, 3, 4, 5), (2, 3, 4, 5), ["reshape", "reshape", "matmul", "reshape"]),
]


@pytest.mark.parametrize("equation,a,b,ops", TWO, ids=[t[0] for t in TWO])
def test_two_operands(equation, a, b, ops):
    spec = check_model(Wrap2(lambda s, x, y: torch.einsum(equation, x, y)), a, b, atol=1e-5)
    assert ops_of(spec) == ops


def test_one_operand_and_the_list_form():
    assert ops_of(check_model(Wrap(lambda s, x: torch.einsum("ijk->kj", x)), (2, 3, 4))) == ["sum", "permute"]
    assert ops_of(check_model(Wrap(lambda s, x: torch.einsum("ij->ij", [x]) + 1.0), (2, 3))) == ["add"]


def test_three_operands_contract_left_to_right():
    def f(s, x, y):
        return torch.einsum("ij,jk,kl->il", x, y, y.transpose(0, 1)[:, :2])

    spec = check_model(Wrap2(f), (3, 4), (4, 4))
    assert ops_of(spec).count("matmul") == 2 and "custom" not in ops_of(spec)


@pytest.mark.parametrize(
    "equation,shape,why",
    [("ii->i", (3, 3), "diagonal"), ("ij,j->i", (3, 2), "broadcasting"), ("ij->", (3, 2), "0-d")],
)
def test_uncovered_equations_become_custom_layers(equation, shape, why):
    fn = (
        (lambda s, x: torch.einsum(equation, x, x[0, :1]))
        if "," in equation
        else (lambda s, x: torch.einsum(equation, x))
    )
    spec, text, warnings = draft(Wrap(fn), shape)
    assert "custom" in ops_of(spec) and why in warnings[-1]
