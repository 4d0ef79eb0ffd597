import torch.nn as nn
import torch.nn.functional as F
from helpers import check_model, draft, layer
from models import Wrap


def test_upsample_module_nearest_scale():
    spec = check_model(Wrap(lambda s, x: s.up(x), up=nn.Upsample(scale_factor=2)), (1, 2, 3, 3), ops=["upsample"])
    u = layer(spec, "up")
    assert u["scale_factor"] == 2.0 and "mode" not in u


def test_upsample_module_bilinear_size():
    m = Wrap(lambda s, x: s.up(x), up=nn.Upsample(size=(5, 7), mode="bilinear", align_corners=True))
    spec = check_model(m, (1, 2, 3, 3))
    u = layer(spec, "up")
    assert u["size"] == [5, 7] and u["mode"] == "bilinear" and u["align_corners"] is True


def test_interpolate_functional():
    spec = check_model(Wrap(lambda s, x: F.interpolate(x, scale_factor=(2, 3), mode="bilinear")), (1, 1, 2, 2))
    u = spec["layers"][0]
    assert u["scale_factor"] == [2.0, 3.0] and u["align_corners"] is False


def test_upsampling_bilinear2d_uses_align_corners():
    spec = check_model(Wrap(lambda s, x: s.up(x), up=nn.UpsamplingBilinear2d(scale_factor=2)), (1, 1, 3, 3))
    assert layer(spec, "up")["align_corners"] is True


def test_bicubic_is_custom():
    spec, text, warnings = draft(Wrap(lambda s, x: F.interpolate(x, scale_factor=2, mode="bicubic")), (1, 1, 4, 4))
    assert spec["layers"][0]["op"] == "custom" and "bicubic" in text and warnings
