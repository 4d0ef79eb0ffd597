"""Small whole networks: draft spec -> run with .wts weights -> compare with PyTorch."""

from helpers import check_model, layer, ops_of
from trtgen_export.testing_models import DepthwiseHardswish, LeNet, ResNetTiny, TwoHeads, UNetTiny


def test_lenet():
    spec = check_model(
        LeNet(), (1, 1, 32, 32), ops=["conv2d", "max_pool2d", "avg_pool2d", "reshape", "linear", "softmax"]
    )
    assert [l["name"] for l in spec["layers"] if l["op"] in ("conv2d", "linear")] == [
        "conv1",
        "conv2",
        "fc1",
        "fc2",
        "fc3",
    ]
    assert spec["outputs"] == ["softmax"] and spec["inputs"][0]["shape"] == [1, 1, 32, 32]


def test_residual_net_with_batch_norm():
    spec = check_model(
        ResNetTiny(), (2, 3, 16, 16), ops=["batch_norm2d", "add", "adaptive_avg_pool2d", "flatten", "linear"]
    )
    assert layer(spec, "layer2.downsample.0")["stride"] == 2
    assert layer(spec, "add")["inputs"] == ["layer1.bn2", "stem.2"]


def test_unet_like_with_concat_upsample_conv_transpose():
    spec = check_model(UNetTiny(), (1, 3, 16, 16), ops=["concat", "upsample", "conv_transpose2d", "sigmoid"])
    assert layer(spec, "cat")["inputs"] == ["up2", "enc2.1"] and layer(spec, "cat")["dim"] == 1
    assert layer(spec, "up1")["mode"] == "bilinear"


def test_depthwise_hardswish_net():
    spec = check_model(DepthwiseHardswish(), (1, 3, 32, 32), ops=["hardswish", "hardsigmoid", "mean", "mul"])
    assert layer(spec, "dw")["groups"] == 16 and layer(spec, "dw")["bias"] is False


def test_two_outputs():
    spec = check_model(TwoHeads(), (1, 3, 6, 6))
    assert spec["outputs"] == ["relu", "cls"]
    assert ops_of(spec) == ["conv2d", "relu", "mean", "linear"]
