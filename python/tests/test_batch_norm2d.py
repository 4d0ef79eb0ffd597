import pytest
import torch.nn as nn
from helpers import check_model, draft, layer
from models import Wrap


def test_batch_norm2d_eps_and_running_stats():
    m = Wrap(lambda s, x: s.bn(s.conv(x)), conv=nn.Conv2d(3, 5, 1), bn=nn.BatchNorm2d(5, eps=1e-3))
    spec = check_model(m, (1, 3, 4, 4), ops=["batch_norm2d"])
    b = layer(spec, "bn")
    assert b["num_features"] == 5 and b["eps"] == pytest.approx(1e-3)


def test_batch_norm2d_not_affine():
    m = Wrap(lambda s, x: s.bn(x), bn=nn.BatchNorm2d(3, affine=False))
    spec = check_model(m, (2, 3, 4, 4), ops=["batch_norm2d"])
    assert layer(spec, "bn")["affine"] is False


def test_batch_norm2d_without_running_stats_is_custom():
    m = Wrap(lambda s, x: s.bn(x), bn=nn.BatchNorm2d(3, track_running_stats=False))
    spec, text, warnings = draft(m, (1, 3, 4, 4))
    assert layer(spec, "bn")["op"] == "custom" and warnings
    assert "track_running_stats" in text
