"""trtgen-export calib: an INT8 calibration set for the builder's --int8 --calib-dir DIR.

One raw float32 file per calibration batch (little-endian, C order, no header), exactly the
network input's shape including its batch dimension: calib_00000.bin, calib_00001.bin, ...
(the builder reads them in name order). Samples come from a folder of images (resized,
center-cropped and normalized like torchvision's ImageNet evaluation transform) or from a
Python dataset factory (MODULE:ATTR). docs/int8.md describes the options.
"""

import os

from .errors import UserError

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".bmp", ".ppm", ".pgm", ".tif", ".tiff", ".webp")
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
CROP_RATIO = 0.875  # torchvision's evaluation recipe: resize to 256, crop 224


def _flat(e):
    """An exception's message on one line (its lines joined, so a YAML error keeps its position)."""
    return " ".join(str(e).split())


def spec_input_shape(path):
    """The shape of the spec's one input; a UserError for specs with several inputs."""
    import yaml

    try:
        with open(path, encoding="utf-8") as f:
            spec = yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        raise UserError("cannot read the spec %s: %s" % (path, _flat(e)))
    inputs = spec.get("inputs") if isinstance(spec, dict) else None
    if not isinstance(inputs, list) or not inputs:
        raise UserError("%s: no 'inputs' list" % path)
    if len(inputs) != 1:
        raise UserError(
            "%s: the network has %d inputs; INT8 calibration sets are for networks with one input" % (path, len(inputs))
        )
    shape = inputs[0].get("shape") if isinstance(inputs[0], dict) else None
    if not isinstance(shape, list) or not all(isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in shape):
        raise UserError("%s: input 'shape' must be a list of positive integers, got %r" % (path, shape))
    return tuple(shape)


def _floats(text, option, count):
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        raise UserError("%s expects %d comma-separated numbers, got %r" % (option, count, text), exit_code=2)
    if len(values) != count:
        raise UserError(
            "%s has %d value(s), the input has %d channel(s): give one per channel" % (option, len(values), count),
            exit_code=2,
        )
    return values


def image_transform(shape, resize=None, mean=None, std=None):
    """torchvision transform: shorter side to `resize` (default crop / 0.875), center crop to the
    input's H, W, scale to [0, 1], normalize per channel (ImageNet's mean/std by default)."""
    from torchvision import transforms

    if len(shape) != 4 or shape[1] not in (1, 3):
        raise UserError(
            "images need an input of shape N,C,H,W with C = 1 or 3; this input is %s: use --dataset"
            % ",".join(map(str, shape))
        )
    channels, height, width = shape[1], shape[2], shape[3]
    if resize is None:
        resize = int(round(min(height, width) / CROP_RATIO))
    if resize < min(height, width):
        raise UserError("--resize %d is smaller than the crop %dx%d" % (resize, height, width), exit_code=2)
    if channels == 1:
        mean = _floats(mean, "--mean", 1) if mean is not None else (sum(IMAGENET_MEAN) / 3,)
        std = _floats(std, "--std", 1) if std is not None else (sum(IMAGENET_STD) / 3,)
    else:
        mean = _floats(mean, "--mean", 3) if mean is not None else IMAGENET_MEAN
        std = _floats(std, "--std", 3) if std is not None else IMAGENET_STD
    if any(s == 0 for s in std):
        raise UserError("--std values must not be 0", exit_code=2)
    return transforms.Compose(
        [
            transforms.Resize(resize),
            transforms.CenterCrop((height, width)),
            transforms.ToTensor(),
            transforms.Normalize(mean, std),
        ]
    )


def image_samples(folder, shape, transform):
    """Yields (name, CHW float tensor) for the images in `folder`, sorted by name."""
    from PIL import Image

    if not os.path.isdir(folder):
        raise UserError("--images %s: no such folder" % folder)
    names = sorted(n for n in os.listdir(folder) if n.lower().endswith(IMAGE_EXTENSIONS))
    if not names:
        raise UserError("--images %s: no images in it (%s)" % (folder, ", ".join(IMAGE_EXTENSIONS)))
    mode = "L" if shape[1] == 1 else "RGB"
    for name in names:
        path = os.path.join(folder, name)
        try:
            with Image.open(path) as img:
                sample = transform(img.convert(mode))
        except (OSError, ValueError) as e:
            raise UserError("%s: cannot read the image: %s" % (path, _flat(e)))
        yield path, sample


def dataset_samples(factory_spec, import_paths=None):
    """Yields (label, sample) from MODULE:ATTR: a callable (called with no arguments) returning
    an iterable, or an iterable itself (a Dataset, list, ...). A sample may be a tuple/list whose
    first element is the input (as (input, label) datasets give)."""
    from .loading import load_factory

    obj = load_factory(factory_spec, import_paths, option="--dataset", callable_only=False)
    if callable(obj) and not any(hasattr(type(obj), m) for m in ("__iter__", "__getitem__")):
        try:
            obj = obj()
        except Exception as e:
            raise UserError("--dataset %s raised %s: %s" % (factory_spec, type(e).__name__, _flat(e)))
    try:
        items = iter(obj)
    except TypeError:
        raise UserError("--dataset %s gave a %s, which is not iterable" % (factory_spec, type(obj).__name__))
    index = 0
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except Exception as e:
            raise UserError("--dataset %s: sample %d raised %s: %s" % (factory_spec, index, type(e).__name__, _flat(e)))
        if isinstance(item, (tuple, list)) and item:
            item = item[0]
        yield "--dataset %s sample %d" % (factory_spec, index), item
        index += 1


def write_calibration_set(samples, shape, out_dir, count):
    """Stacks samples into batches of the input's shape and writes up to `count` files.
    A sample is one batch item (shape[1:]) or a whole batch (shape). Returns the files written."""
    import numpy as np

    if count < 1:
        raise UserError("--count must be at least 1", exit_code=2)
    if os.path.isdir(out_dir) and any(n.lower().endswith((".bin", ".npy")) for n in os.listdir(out_dir)):
        raise UserError(
            "%s already holds .bin/.npy files (the builder would mix them into this set): remove them or "
            "choose another folder" % out_dir
        )
    os.makedirs(out_dir, exist_ok=True)
    batch, item_shape = shape[0], tuple(shape[1:])
    written, pending = [], []

    def flush(array):
        path = os.path.join(out_dir, "calib_%05d.bin" % len(written))
        np.ascontiguousarray(array, dtype="<f4").tofile(path)
        written.append(path)

    for label, sample in samples:
        if len(written) >= count:
            break
        a = np.asarray(sample.detach().cpu().numpy() if hasattr(sample, "detach") else sample)
        if a.dtype.kind not in "fiu":
            raise UserError("%s: a %s array, expected numbers" % (label, a.dtype))
        if not np.all(np.isfinite(a)):
            raise UserError("%s: holds NaN or infinite values" % label)
        if tuple(a.shape) == tuple(shape) and not pending:
            flush(a)
        elif tuple(a.shape) == item_shape:
            pending.append(a)
            if len(pending) == batch:
                flush(np.stack(pending))
                pending = []
        else:
            raise UserError(
                "%s has shape %s; expected the input's %s or one batch item %s"
                % (label, tuple(a.shape), tuple(shape), item_shape)
            )
    if not written:
        raise UserError(
            "no calibration batch written: the samples (%d left over) did not fill one batch of %d"
            % (len(pending), batch)
        )
    return written
