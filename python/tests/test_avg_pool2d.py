import torch.nn as nn
import torch.nn.functional as F
from helpers import check_model, layer
from models import Wrap


def test_avg_pool2d_module():
    m = Wrap(lambda s, x: s.pool(x), pool=nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False))
    spec = check_model(m, (1, 2, 7, 7), ops=["avg_pool2d"])
    p = layer(spec, "pool")
    assert (p["kernel_size"], p["stride"], p["padding"], p["count_include_pad"]) == (3, 2, 1, False)


def test_avg_pool2d_functional_ceil_divisor():
    m = Wrap(lambda s, x: F.avg_pool2d(x, 2, ceil_mode=True, divisor_override=3))
    spec = check_model(m, (1, 2, 5, 5), ops=["avg_pool2d"])
    p = spec["layers"][0]
    assert p["stride"] == 2 and p["ceil_mode"] is True and p["divisor_override"] == 3
