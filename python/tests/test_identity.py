"""Inference-time no-ops (nn.Identity, dropout of every kind, torchvision's StochasticDepth,
contiguous/clone/detach) write no layer: their consumers read the producer directly."""

import torch.nn as nn
import torch.nn.functional as F
from helpers import check_model, draft, layer, ops_of
from models import Wrap


def test_identity_module_writes_no_layer():
    spec = check_model(Wrap(lambda s, x: s.act(x).relu(), act=nn.Identity()), (1, 3, 4, 4))
    assert ops_of(spec) == ["relu"] and layer(spec, "relu")["input"] == "x"


def test_functional_dropout_writes_no_layer():
    spec = check_model(Wrap(lambda s, x: F.dropout(x.relu(), 0.5, training=False).sigmoid()), (2, 5))
    assert ops_of(spec) == ["relu", "sigmoid"] and layer(spec, "sigmoid")["input"] == "relu"


def test_dropout_module_writes_no_layer():
    spec = check_model(Wrap(lambda s, x: s.drop(x.relu()) * 2.0, drop=nn.Dropout(0.3)), (1, 4))
    assert ops_of(spec) == ["relu", "mul"] and layer(spec, "mul")["input"] == "relu"


def test_dropout_traced_in_training_mode_warns_and_writes_no_layer():
    spec, text, warnings = draft(Wrap(lambda s, x: F.dropout(x.relu(), 0.5, training=True)), (2, 5))
    assert ops_of(spec) == ["relu"] and spec["outputs"] == ["relu"]
    assert len(warnings) == 1 and "training=True" in warnings[0] and "test_identity.py:" in warnings[0]


def test_stochastic_depth_writes_no_layer_in_any_mode():
    from torchvision.ops import StochasticDepth

    for mode in ("row", "batch"):
        m = Wrap(lambda s, x: x + s.sd(x.relu()), sd=StochasticDepth(0.2, mode))
        spec = check_model(m, (2, 3, 4, 4))
        assert ops_of(spec) == ["relu", "add"] and layer(spec, "add")["inputs"] == ["x", "relu"]


def test_contiguous_clone_detach_write_no_layer():
    spec = check_model(Wrap(lambda s, x: x.permute(0, 2, 1).contiguous().clone().detach()), (1, 2, 3))
    assert ops_of(spec) == ["permute"] and spec["outputs"] == ["permute"]


def test_an_input_returned_through_an_identity_gets_its_own_output_layer():
    spec = check_model(Wrap(lambda s, x: s.drop(x), drop=nn.Dropout()), (1, 4))
    assert spec["layers"] == [{"name": "output_0", "op": "identity", "input": "x"}]
    assert spec["outputs"] == ["output_0"]
