import torch.nn as nn
import torch.nn.functional as F
from helpers import check_model, layer, ops_of
from models import Wrap


def test_identity_module():
    spec = check_model(Wrap(lambda s, x: s.act(x), act=nn.Identity()), (1, 3, 4, 4), ops=["identity"])
    assert layer(spec, "act")["input"] == "x"


def test_identity_functional():
    spec = check_model(Wrap(lambda s, x: F.dropout(x, 0.5, training=False)), (2, 5), ops=["identity"])
    assert ops_of(spec) == ["identity"]


def test_dropout_module_in_eval_is_identity():
    spec = check_model(Wrap(lambda s, x: s.drop(x), drop=nn.Dropout(0.3)), (1, 4), ops=["identity"])
    assert layer(spec, "drop")["op"] == "identity"


def test_contiguous_is_identity():
    spec = check_model(Wrap(lambda s, x: x.permute(0, 2, 1).contiguous()), (1, 2, 3))
    assert ops_of(spec) == ["permute", "identity"]
