"""The torchvision model zoo as trtgen test fixtures: which models, at which input size, with
realistic BatchNorm statistics (docs/numerics.md, docs/model-zoo.md).

Used by bench/zoo/run.py (the coverage table), bench/zoo/precision.py (float32 vs float64
measurements) and python/tests/test_zoo.py (the small CI subset); importable as a factory
module: ``trtgen-export --model zoo:<name> --import-path bench/zoo --weights <calibrated>.pth``.
"""

import inspect
import math

#: Builders that are not models.
_NOT_MODELS = {"get_model", "get_model_builder", "get_model_weights", "get_weight", "list_models"}

#: Models whose architecture fixes the input size (positional embeddings, window partitions).
_FIXED_SIZE = {"vit_": 224, "maxvit_": 224}
#: Smallest input the model's downsampling accepts.
_MIN_SIZE = {"inception_v3": 75}

DEFAULT_SIZE = 64


def list_models():
    """[(name, family, builder)] for every torchvision classification and segmentation builder.

    torchvision 0.14 has no public list_models(): this enumerates the builder functions of
    torchvision.models and torchvision.models.segmentation.
    """
    import torchvision.models as tvm
    import torchvision.models.segmentation as seg

    out = []
    for family, mod in (("classification", tvm), ("segmentation", seg)):
        for name, fn in vars(mod).items():
            if name.startswith("_") or name in _NOT_MODELS or not inspect.isfunction(fn):
                continue
            if (
                getattr(fn, "__module__", "").startswith("torchvision.models")
                and "weights" in inspect.signature(fn).parameters
            ):
                out.append((name, family, fn))
    return out


def input_size(name, requested=DEFAULT_SIZE):
    """The square input size used for ``name``: ``requested`` unless the model needs another."""
    for prefix, size in _FIXED_SIZE.items():
        if name.startswith(prefix):
            return size
    return max(requested, _MIN_SIZE.get(name, 0))


#: Parameters with at least this many values are drawn from portable.values (below).
PORTABLE_MIN_VALUES = 256


def build(fn, size, seed=0, passes=3, batch=2):
    """The model with seeded random weights and BatchNorm statistics set by ``passes`` forward
    passes in train mode on random data (a cumulative average of the batch statistics), then
    ``eval()``. Default-initialised statistics (mean 0, variance 1) make deep nets' activations
    grow layer by layer to 1e5-1e9, which no trained network has.

    Weights: torchvision's seeded initialisation, then every floating parameter with at least
    PORTABLE_MIN_VALUES values and a non-zero standard deviation is redrawn from
    ``portable.values`` (uniform, the same standard deviation), so that its values can be
    recreated from a few numbers on a machine with another torch (bench/zoo/portable.py). The
    model's ``zoo_portable`` attribute maps those parameters' names to their scales, and
    ``zoo_seed`` is the seed they were drawn with.

    A weight tensor (two or more dimensions) that torchvision initialises to all zeros (ViT's
    classification head and class token) is drawn too, with PyTorch's default Linear scale
    (uniform in +-1/sqrt(fan_in)): with a zero head every output is 0 and comparing outputs
    would check nothing. Zero biases and constant norm weights stay as torchvision sets them."""
    import portable
    import torch

    torch.manual_seed(seed)
    model = make(fn)
    drawn = {}
    with torch.no_grad():
        for name, p in model.named_parameters():
            if not p.is_floating_point() or p.numel() < PORTABLE_MIN_VALUES:
                continue
            std = float(p.detach().double().std())
            if p.dim() >= 2 and not p.detach().abs().max() > 0:
                std = 1.0 / math.sqrt(3.0 * (p.numel() // p.shape[0]))  # a zero-initialised weight
            if not std > 0:  # constant (zero biases, norm weights of ones): stays literal
                continue
            scale = portable.uniform_scale(std)
            p.copy_(torch.from_numpy(portable.values(name, p.numel(), scale, seed)).view_as(p))
            drawn[name] = scale
    norms = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    if norms:
        saved = [m.momentum for m in norms]
        for m in norms:
            m.reset_running_stats()
            m.momentum = None  # cumulative average over the calibration passes
        gen = torch.Generator().manual_seed(seed + 1)
        model.train()
        with torch.no_grad():
            for _ in range(passes):
                model(torch.randn(batch, 3, size, size, generator=gen))
        for m, mom in zip(norms, saved):
            m.momentum = mom
    model.zoo_portable, model.zoo_seed = drawn, seed
    return model.eval()


def make(fn):
    """``fn``'s model with random weights, without auxiliary heads (eval mode never uses them)."""
    params = inspect.signature(fn).parameters
    kwargs = {"weights": None}
    if "weights_backbone" in params:
        kwargs["weights_backbone"] = None
    if fn.__name__ in ("googlenet", "inception_v3"):
        kwargs.update(aux_logits=False, init_weights=True)
    if "aux_loss" in params:
        kwargs["aux_loss"] = False
    return fn(**kwargs)


def __getattr__(name):
    """``zoo.<model>`` is a no-argument factory, for ``trtgen-export --model zoo:<model>``."""
    for n, _family, fn in list_models():
        if n == name:
            return lambda: make(fn)
    raise AttributeError(name)
