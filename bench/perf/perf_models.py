"""The networks of the GPU performance table (docs/performance.md): which models, at which input
size and batch sizes, and the two that torchvision lacks (a UNet-style segmentation net and
SeedSeg, examples/seedseg/ as a PyTorch module). Runs on this machine (bench/perf/stage.py) and on
the GPU machine (bench/gpu/perf.py), whose torch and torchvision differ: only plain nn modules.
"""

import os
import sys

import torch
from torch import nn

#: (name, square input size); every model at every batch size in BATCHES, FP32 and FP16.
MODELS = [
    ("resnet18", 224),
    ("resnet50", 224),
    ("mobilenet_v2", 224),
    ("mobilenet_v3_large", 224),
    ("efficientnet_b0", 224),
    ("unet", 224),
    ("seedseg", 128),
]
BATCHES = (1, 16)
#: Specs written by hand (the example's), not drafted by trtgen-export: name -> spec file.
EXAMPLE_SPECS = {"seedseg": "examples/seedseg/spec.yaml"}


def _double_conv(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class UNet(nn.Module):
    """A UNet (Ronneberger et al.) as segmentation repositories write it: four down steps of
    double 3x3 conv + BatchNorm + ReLU and 2x2 max pooling, a bottleneck, four up steps of a 2x2
    stride-2 transposed convolution, concatenation with the skip connection and a double conv,
    then a 1x1 conv to the class scores."""

    def __init__(self, in_channels=3, classes=21, width=32):
        super().__init__()
        chans = [width * 2**i for i in range(5)]  # 32 64 128 256 512
        self.down = nn.ModuleList()
        cin = in_channels
        for c in chans[:-1]:
            self.down.append(_double_conv(cin, c))
            cin = c
        self.pool = nn.MaxPool2d(2)
        self.bottleneck = _double_conv(chans[-2], chans[-1])
        self.up = nn.ModuleList()
        self.dec = nn.ModuleList()
        for c in reversed(chans[:-1]):
            self.up.append(nn.ConvTranspose2d(c * 2, c, 2, stride=2))
            self.dec.append(_double_conv(c * 2, c))
        self.head = nn.Conv2d(chans[0], classes, 1)

    def forward(self, x):
        skips = []
        for block in self.down:
            x = block(x)
            skips.append(x)
            x = self.pool(x)
        x = self.bottleneck(x)
        for up, dec, skip in zip(self.up, self.dec, reversed(skips)):
            x = dec(torch.cat([up(x), skip], 1))
        return self.head(x)


class SeedSeg(nn.Module):
    """examples/seedseg/spec.yaml as a PyTorch module (the same layer names, so the example's
    spec reads this module's weights)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 5, 2, 2)
        self.conv2 = nn.Conv2d(8, 16, 5, 2, 2)
        self.conv3 = nn.Conv2d(16, 32, 3, 1, 1)
        self.deconv1 = nn.ConvTranspose2d(32, 16, 5, 2, 2, output_padding=1)
        self.deconv2 = nn.ConvTranspose2d(16, 8, 5, 2, 2, output_padding=1)
        self.head = nn.Conv2d(8, 2, 1)

    def forward(self, x):
        for m in (self.conv1, self.conv2, self.conv3, self.deconv1, self.deconv2):
            x = torch.relu(m(x))
        return self.head(x)


def unet(weights=None):
    """No-argument factory for ``trtgen-export --model models:unet`` (``weights`` as torchvision's)."""
    assert weights is None
    return UNet()


def seedseg(weights=None):
    assert weights is None
    return SeedSeg()


def factory(name):
    """The model-building function for ``name``: torchvision's, or one of the two above."""
    if name in ("unet", "seedseg"):
        return globals()[name]
    import torchvision

    return getattr(torchvision.models, name)


def make(name):
    """``name`` with random (untrained) weights, built as bench/zoo/zoo.py's make builds every zoo
    model (the builder's defaults, no auxiliary heads): stage.py draws the weights on that model."""
    zoo_dir = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "zoo")
    if zoo_dir not in sys.path:
        sys.path.append(zoo_dir)
    import zoo

    return zoo.make(factory(name))


def __getattr__(name):
    """``perf_models.<model>`` is a no-argument factory, for ``trtgen-export --model perf_models:<model>``."""
    if name.startswith("__"):
        raise AttributeError(name)
    return lambda: make(name)
