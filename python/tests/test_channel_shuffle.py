import torch
from helpers import check_model, ops_of
from models import Wrap


def test_channel_shuffle_module_and_function():
    m = Wrap(lambda s, x: torch.nn.functional.channel_shuffle(s.cs(x), 2), cs=torch.nn.ChannelShuffle(3))
    spec = check_model(m, (1, 6, 2, 3))
    assert ops_of(spec) == ["channel_shuffle", "channel_shuffle"]
    assert [l["groups"] for l in spec["layers"]] == [3, 2]


def test_torchvision_channel_shuffle_pattern_drafts_as_plain_ops():
    # torchvision.models.shufflenetv2.channel_shuffle, with x.size(i) for its tuple unpacking
    # (PyTorch 1.13's fx cannot trace that on Python 3.11)
    def channel_shuffle(x, groups):
        b, c, h, w = x.size(0), x.size(1), x.size(2), x.size(3)
        x = x.view(b, groups, c // groups, h, w)
        x = torch.transpose(x, 1, 2).contiguous()
        return x.view(b, -1, h, w)

    spec = check_model(Wrap(lambda s, x: channel_shuffle(x, 2)), (1, 4, 3, 3))
    assert ops_of(spec) == ["reshape", "transpose", "reshape"]  # contiguous() writes no layer
