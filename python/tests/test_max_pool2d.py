import torch.nn as nn
import torch.nn.functional as F
from helpers import check_model, draft, layer
from models import Wrap


def test_max_pool2d_module_defaults_stride_to_kernel():
    spec = check_model(Wrap(lambda s, x: s.pool(x), pool=nn.MaxPool2d(2)), (1, 2, 8, 8), ops=["max_pool2d"])
    p = layer(spec, "pool")
    assert p["kernel_size"] == 2 and p["stride"] == 2


def test_max_pool2d_functional_padding_ceil_dilation():
    m = Wrap(lambda s, x: F.max_pool2d(x, 3, stride=2, padding=1, dilation=1, ceil_mode=True))
    spec = check_model(m, (1, 2, 9, 9), ops=["max_pool2d"])
    p = spec["layers"][0]
    assert (p["kernel_size"], p["stride"], p["padding"], p["ceil_mode"]) == (3, 2, 1, True)


def test_max_pool2d_rect_kernel():
    spec = check_model(Wrap(lambda s, x: s.pool(x), pool=nn.MaxPool2d((2, 3), (1, 2))), (1, 1, 6, 7))
    assert layer(spec, "pool")["kernel_size"] == [2, 3] and layer(spec, "pool")["stride"] == [1, 2]


def test_max_pool2d_return_indices_is_custom():
    m = Wrap(lambda s, x: s.pool(x)[0], pool=nn.MaxPool2d(2, return_indices=True))
    spec, text, warnings = draft(m, (1, 1, 4, 4))
    assert layer(spec, "pool")["op"] == "custom" and warnings
