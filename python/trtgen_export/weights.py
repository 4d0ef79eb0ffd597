"""`trtgen-export weights`: state_dict -> .wts."""

from .errors import UserError
from .loading import torch_module
from .wts import Progress, check_tensor_name, write_wts

#: models with at least this many values get a progress bar when stderr is a TTY
PROGRESS_THRESHOLD = 5_000_000


def tensor_to_numpy(name, t, keep_int=False):
    """Return a flat float numpy view/copy of tensor ``t`` or None when it should be skipped.

    Handles CUDA / non-contiguous / sparse / quantized / bfloat16 / empty tensors.
    Returns (array or None, reason-if-skipped).
    """
    torch = torch_module()
    t = t.detach()
    if getattr(t, "is_sparse", False):
        t = t.to_dense()
    if getattr(t, "is_quantized", False):
        t = t.dequantize()
    if t.device.type != "cpu":
        t = t.cpu()
    if t.is_complex():
        return None, "complex"
    if t.is_floating_point():
        if t.dtype not in (torch.float32, torch.float16, torch.float64):
            t = t.float()  # bfloat16 etc.: numpy cannot represent them
    else:
        if not keep_int:
            return None, str(t.dtype).replace("torch.", "")
        t = t.to(torch.float32)
    t = t.reshape(-1)
    if not t.is_contiguous():
        t = t.contiguous()
    return t.numpy(), None


class _ConvertingItems:
    """A sequence of (name, ndarray) that converts each tensor only when it is reached."""

    def __init__(self, entries, keep_int):
        self.entries = entries
        self.keep_int = keep_int

    def __len__(self):
        return len(self.entries)

    def __iter__(self):
        for name, t in self.entries:
            arr, _ = tensor_to_numpy(name, t, self.keep_int)
            yield name, arr


def select_tensors(state_dict, keep_int=False):
    """Return (entries to write, list of (name, dtype) skipped)."""
    torch = torch_module()
    keep, skipped = [], []
    for name, t in state_dict.items():
        if not isinstance(t, torch.Tensor):
            skipped.append((name, type(t).__name__))
            continue
        check_tensor_name(name)
        ok = t.is_floating_point() or (keep_int and not t.is_complex())
        if not ok:
            skipped.append((name, str(t.dtype).replace("torch.", "")))
            continue
        if t.numel() == 0:  # a .wts tensor holds at least one value (docs/wts.md)
            skipped.append((name, "empty"))
            continue
        keep.append((name, t))
    return keep, skipped


def export_weights(state_dict, out_path, typed=False, half=False, keep_int=False, progress=None, log=None):
    """Write ``state_dict`` to ``out_path``; returns (tensor count, value count, skipped)."""
    if half and not typed:
        raise UserError("--half requires --typed (the untyped .wts format is float32 only)", exit_code=2)
    entries, skipped = select_tensors(state_dict, keep_int)
    if not entries:
        raise UserError(
            "no floating-point tensors to export (skipped: %s)" % (", ".join(n for n, _ in skipped[:10]) or "none")
        )
    total = sum(int(t.numel()) for _, t in entries)
    if progress is None:
        enabled = False
    elif progress == "auto":
        import sys

        enabled = total >= PROGRESS_THRESHOLD and sys.stderr.isatty()
    else:
        enabled = bool(progress)
    bar = Progress(total, enabled)
    try:
        items = _ConvertingItems(entries, keep_int)
        if half:
            _check_half_range(entries, log)
        write_wts(out_path, items, typed=typed, half=half, progress=bar)
    finally:
        bar.close()
    return len(entries), total, skipped


def _check_half_range(entries, log):
    """Warn when float16 storage turns finite values into infinities."""
    overflow = []
    for name, t in entries:
        if t.numel() and t.is_floating_point():
            a = t.detach().float().abs()
            if bool(((a >= 65520.0) & a.isfinite()).any()):  # rounds to inf in float16
                overflow.append(name)
    if overflow and log:
        log(
            "warning: values beyond the float16 range (65504) become inf in: %s" % ", ".join(overflow[:5])
            + (" ..." if len(overflow) > 5 else "")
        )
