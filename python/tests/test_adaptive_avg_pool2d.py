import torch.nn as nn
import torch.nn.functional as F
from helpers import check_model, layer
from models import Wrap


def test_adaptive_avg_pool2d_module_global():
    spec = check_model(
        Wrap(lambda s, x: s.gap(x), gap=nn.AdaptiveAvgPool2d((1, 1))), (1, 4, 6, 6), ops=["adaptive_avg_pool2d"]
    )
    assert layer(spec, "gap")["output_size"] == 1


def test_adaptive_avg_pool2d_none_keeps_size():
    spec = check_model(Wrap(lambda s, x: s.gap(x), gap=nn.AdaptiveAvgPool2d((None, 2))), (1, 2, 5, 6))
    assert layer(spec, "gap")["output_size"] == [None, 2]


def test_adaptive_avg_pool2d_functional():
    spec = check_model(Wrap(lambda s, x: F.adaptive_avg_pool2d(x, (3, 2))), (1, 2, 6, 6))
    assert spec["layers"][0]["output_size"] == [3, 2]
