import torch.nn as nn
from helpers import check_model, layer
from models import Wrap


def test_conv_transpose2d_module():
    m = Wrap(lambda s, x: s.up(x), up=nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1))
    spec = check_model(m, (1, 4, 5, 5), ops=["conv_transpose2d"])
    c = layer(spec, "up")
    assert (c["in_channels"], c["out_channels"], c["kernel_size"], c["stride"], c["padding"], c["output_padding"]) == (
        4,
        6,
        3,
        2,
        1,
        1,
    )


def test_conv_transpose2d_groups_no_bias():
    m = Wrap(lambda s, x: s.up(x), up=nn.ConvTranspose2d(4, 8, 2, stride=2, groups=2, bias=False))
    spec = check_model(m, (1, 4, 3, 3), ops=["conv_transpose2d"])
    c = layer(spec, "up")
    assert c["groups"] == 2 and c["bias"] is False
