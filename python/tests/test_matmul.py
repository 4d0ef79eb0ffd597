import torch
from helpers import check_model, ops_of
from models import Wrap


def test_matmul_function_operator_and_methods():
    m = Wrap(lambda s, x: torch.matmul(x, x.transpose(1, 2)) @ x)
    spec = check_model(m, (2, 3, 4), ops=["matmul"])
    assert ops_of(spec).count("matmul") == 2


def test_bmm_and_matmul_methods_on_two_inputs():
    class M(torch.nn.Module):
        def forward(self, a, b):
            return a.bmm(b).matmul(b.permute(0, 2, 1)) + torch.bmm(a, b).sum(-1, keepdim=True)

    spec = check_model(M(), (2, 3, 4), (2, 4, 5), ops=["matmul"])
    assert ops_of(spec).count("matmul") == 3
