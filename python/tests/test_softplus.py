import torch.nn as nn
import torch.nn.functional as F
from helpers import check_model, layer, ops_of
from models import Wrap


def test_softplus_module():
    spec = check_model(
        Wrap(lambda s, x: s.act(x), act=nn.Softplus(beta=2, threshold=10)), (1, 3, 4, 4), ops=["softplus"]
    )
    assert layer(spec, "act")["input"] == "x"
    assert layer(spec, "act")["beta"] == 2 and layer(spec, "act")["threshold"] == 10


def test_softplus_functional():
    spec = check_model(Wrap(lambda s, x: F.softplus(x, beta=3)), (2, 5), ops=["softplus"])
    assert ops_of(spec) == ["softplus"]
