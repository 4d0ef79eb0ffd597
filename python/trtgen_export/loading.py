"""Loading checkpoints (.pth/.pt) and model factories, with one-line errors."""

import contextlib
import importlib
import inspect
import os
import re
import sys
import warnings
import zipfile

from .errors import UserError

#: checkpoint keys that commonly hold the weights, in auto-detection order
CANDIDATE_KEYS = ("state_dict", "model", "ema", "model_state_dict", "model_ema", "net", "module")

_torch = None


def torch_module():
    """Import torch lazily, turning a missing install into a clear error."""
    global _torch
    if _torch is None:
        try:
            import torch  # noqa: F401
        except ImportError as e:
            raise UserError(
                "PyTorch is not importable from %s (%s); run trtgen-export with a Python that has torch "
                "installed (e.g. /usr/bin/python3 on Debian with python3-torch)" % (sys.executable, e)
            )
        _torch = torch
    return _torch


@contextlib.contextmanager
def quiet_torch_warnings():
    """Silence torch's own Python warnings (deprecations etc.); we print our own messages."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def add_import_paths(paths):
    for p in reversed(paths or [os.getcwd()]):
        p = os.path.abspath(p)
        if p not in sys.path:
            sys.path.insert(0, p)


def import_modules(names, purpose):
    """Import user modules; returns the list of module objects."""
    mods = []
    for name in names or []:
        try:
            mods.append(importlib.import_module(name))
        except Exception as e:
            raise UserError(
                "cannot import module %r (%s): %s: %s; check the name and add its folder with --import-path DIR"
                % (name, purpose, type(e).__name__, _one_line(e))
            )
    return mods


def _one_line(e):
    s = str(e).strip().splitlines()
    s = s[0] if s else ""
    return s if len(s) <= 300 else s[:297] + "..."


def _sniff_format(path):
    """Return 'zip', 'legacy', 'torchscript' or None for an unrecognised file."""
    try:
        with open(path, "rb") as f:
            head = f.read(4)
    except OSError as e:
        raise UserError("cannot read %s: %s" % (path, e.strerror or e))
    if head[:2] == b"PK":
        try:
            with zipfile.ZipFile(path) as z:
                names = z.namelist()
        except zipfile.BadZipFile:
            raise UserError(
                "%s is not a valid PyTorch checkpoint (damaged zip archive; was the file truncated "
                "during copy?); re-export it with torch.save" % path
            )
        if any(n.endswith("/constants.pkl") or n == "constants.pkl" for n in names):
            return "torchscript"
        return "zip"
    if head[:1] == b"\x80":
        return "legacy"
    return None


def load_checkpoint(path, unsafe_pickle=False, import_names=None, import_paths=None, warn=None):
    """torch.load ``path`` safely (weights_only) unless ``unsafe_pickle``; returns the object."""
    torch = torch_module()
    if not os.path.exists(path):
        raise UserError("weights file %s does not exist; check the path" % path)
    if os.path.isdir(path):
        raise UserError("%s is a folder; pass the .pth/.pt file itself" % path)
    fmt = _sniff_format(path)
    if fmt is None:
        raise UserError(
            "%s is not a PyTorch checkpoint (expected a file written by torch.save, starting with a zip "
            "or pickle header); check that you passed the .pth/.pt file" % path
        )
    if fmt == "torchscript":
        try:
            with quiet_torch_warnings():
                return torch.jit.load(path, map_location="cpu")
        except Exception as e:
            raise UserError("cannot load TorchScript archive %s: %s" % (path, _one_line(e)))
    if unsafe_pickle:
        add_import_paths(import_paths)
        mods = import_modules(import_names, "needed to unpickle %s" % path)
        _expose_in_main(mods)
        if warn:
            warn("--unsafe-pickle: unpickling %s runs code from that file; only do this for files you trust" % path)
        try:
            with quiet_torch_warnings():
                try:
                    return torch.load(path, map_location="cpu", weights_only=False)
                except TypeError:  # torch < 1.13 has no weights_only
                    return torch.load(path, map_location="cpu")
        except (AttributeError, ModuleNotFoundError, ImportError) as e:
            raise UserError(
                "cannot unpickle %s: %s; make the model's classes importable with --import MODULE "
                "(and --import-path DIR for its folder)" % (path, _one_line(e))
            )
        except Exception as e:
            raise UserError("cannot load %s: %s: %s" % (path, type(e).__name__, _one_line(e)))
    try:
        with quiet_torch_warnings():
            try:
                return torch.load(path, map_location="cpu", weights_only=True)
            except TypeError as e:
                if "weights_only" not in str(e):
                    raise
                return _restricted_load(torch, path)  # torch < 1.13: no weights_only
            except Exception as e:
                if not _REFUSED_GLOBAL.search(str(e)):
                    # e.g. torch 1.13's safe unpickler lacks some plain-data opcodes (floats):
                    # retry with our allowlist unpickler, which refuses non-data globals the same way
                    return _restricted_load(torch, path)
                raise
    except Exception as e:
        msg = str(e)
        m = re.search(r"(?:Unsupported class|Unsupported global: GLOBAL|GLOBAL)\s+([\w.]+)", msg)
        if m:
            raise UserError(
                "%s contains pickled Python objects (%s), e.g. a whole nn.Module, which the safe loader refuses; "
                "if you trust the file re-run with --unsafe-pickle --import MODULE (the module defining the "
                "model classes), or save model.state_dict() instead" % (path, m.group(1))
            )
        raise UserError(
            "%s is not a readable PyTorch checkpoint (%s); the file may be corrupt or truncated, "
            "re-export it with torch.save" % (path, _short_torch_error(msg))
        )


_REFUSED_GLOBAL = re.compile(r"Unsupported class|Unsupported global|GLOBAL\s+[\w.]+")


def _restricted_load(torch, path):
    from . import safe_pickle

    try:
        return torch.load(path, map_location="cpu", pickle_module=safe_pickle, weights_only=False)
    except TypeError as e:
        if "weights_only" not in str(e):
            raise
        return torch.load(path, map_location="cpu", pickle_module=safe_pickle)


def _short_torch_error(msg):
    m = re.search(r"WeightsUnpickler error:\s*(.*)", msg)
    if m:
        return m.group(1).strip().splitlines()[0]
    return _one_line(msg)


def _expose_in_main(mods):
    """Pickles saved from a script refer to classes as __main__.X: make --import'ed names visible there."""
    main = sys.modules.get("__main__")
    if main is None:
        return
    for mod in mods:
        for k, v in vars(mod).items():
            if not k.startswith("_") and inspect.isclass(v) and not hasattr(main, k):
                setattr(main, k, v)


def _is_tensor_dict(obj):
    torch = torch_module()
    return (
        isinstance(obj, dict)
        and len(obj) > 0
        and all(isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in obj.items())
    )


def _as_state_dict(obj):
    torch = torch_module()
    if isinstance(obj, torch.nn.Module):
        return obj.state_dict()
    if _is_tensor_dict(obj):
        return obj
    return None


def extract_state_dict(obj, path, key=None):
    """Find the state_dict in a loaded checkpoint object. Returns (state_dict, where)."""
    torch = torch_module()
    if key is not None:
        if not isinstance(obj, dict):
            raise UserError(
                "%s holds a %s, not a dict, so --key %s does not apply; drop --key" % (path, type(obj).__name__, key)
            )
        if key not in obj:
            raise UserError("%s has no key %r; available keys: %s" % (path, key, _key_list(obj)))
        sd = _as_state_dict(obj[key])
        if sd is None:
            raise UserError(
                "%s[%r] is a %s, not a state_dict or nn.Module; available keys: %s"
                % (path, key, type(obj[key]).__name__, _key_list(obj))
            )
        return sd, "key %r" % key
    sd = _as_state_dict(obj)
    if sd is not None:
        if isinstance(obj, torch.jit.ScriptModule):
            return sd, "TorchScript module"
        return sd, ("pickled %s" % type(obj).__name__) if isinstance(obj, torch.nn.Module) else "state_dict"
    if isinstance(obj, dict):
        if len(obj) == 0:
            raise UserError("%s holds an empty dict: no tensors to export" % path)
        found = [k for k in CANDIDATE_KEYS if k in obj and _as_state_dict(obj[k]) is not None]
        if len(found) == 1:
            return _as_state_dict(obj[found[0]]), "key %r" % found[0]
        if len(found) > 1:
            raise UserError(
                "%s holds several candidate state_dicts (%s); pick one with --key KEY" % (path, ", ".join(found))
            )
        others = [k for k, v in obj.items() if _as_state_dict(v) is not None]
        if len(others) == 1:
            return _as_state_dict(obj[others[0]]), "key %r" % others[0]
        raise UserError(
            "%s: no state_dict found (a dict of name -> tensor, or an nn.Module); top-level keys: %s; "
            "pick one with --key KEY" % (path, _key_list(obj))
        )
    raise UserError("%s holds a %s, not a state_dict, a checkpoint dict or an nn.Module" % (path, type(obj).__name__))


def _key_list(d):
    keys = [repr(k) for k in list(d.keys())[:20]]
    if len(d) > 20:
        keys.append("... (%d more)" % (len(d) - 20))
    return ", ".join(keys)


def load_state_dict(path, key=None, unsafe_pickle=False, import_names=None, import_paths=None, warn=None):
    obj = load_checkpoint(
        path, unsafe_pickle=unsafe_pickle, import_names=import_names, import_paths=import_paths, warn=warn
    )
    return extract_state_dict(obj, path, key)


def load_factory(spec, import_paths=None, option="--model", callable_only=True):
    """Resolve 'package.module:Factory' (Factory may be dotted) to a callable (or, with
    callable_only False, to any object). `option` names the argument in messages."""
    if not isinstance(spec, str) or spec.count(":") != 1 or not all(spec.split(":")):
        raise UserError("%s %r must look like MODULE:FACTORY, e.g. mypkg.nets:ResNet18" % (option, spec), exit_code=2)
    mod_name, attr = spec.split(":")
    add_import_paths(import_paths)
    try:
        mod = importlib.import_module(mod_name)
    except Exception as e:
        raise UserError(
            "cannot import module %r from %s %s: %s: %s; check the name, and add the folder that "
            "contains it with --import-path DIR (default: current folder)"
            % (mod_name, option, spec, type(e).__name__, _one_line(e))
        )
    obj = mod
    for part in attr.split("."):
        if not hasattr(obj, part):
            avail = sorted(k for k in vars(mod) if not k.startswith("_") and callable(getattr(mod, k)))[:15]
            raise UserError(
                "module %r has no attribute %r (from %s %s); callables there: %s"
                % (mod_name, attr, option, spec, ", ".join(avail) or "none")
            )
        obj = getattr(obj, part)
    if callable_only and not callable(obj):
        raise UserError("%s %s is a %s, not a class or function" % (option, spec, type(obj).__name__))
    return obj


def build_model(spec, weights=None, key=None, unsafe_pickle=False, import_names=None, import_paths=None, warn=None):
    """Instantiate the factory, optionally load weights, switch to eval mode."""
    torch = torch_module()
    factory = load_factory(spec, import_paths)
    import_modules(import_names, "--import")
    try:
        with quiet_torch_warnings():
            model = factory()
    except Exception as e:
        raise UserError(
            "calling %s() failed: %s: %s; the factory must be callable without arguments"
            % (spec, type(e).__name__, _one_line(e))
        )
    if not isinstance(model, torch.nn.Module):
        raise UserError("%s() returned a %s, expected a torch.nn.Module" % (spec, type(model).__name__))
    if weights:
        sd, _ = load_state_dict(
            weights,
            key=key,
            unsafe_pickle=unsafe_pickle,
            import_names=import_names,
            import_paths=import_paths,
            warn=warn,
        )
        try:
            result = model.load_state_dict(sd, strict=True)
        except RuntimeError as e:
            missing, unexpected = _diff_keys(model.state_dict(), sd)
            detail = []
            if missing:
                detail.append("missing %s" % ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else ""))
            if unexpected:
                detail.append("unexpected %s" % ", ".join(unexpected[:5]) + (" ..." if len(unexpected) > 5 else ""))
            if not detail:
                detail.append(_short_size_error(str(e)))
            raise UserError(
                "weights %s do not fit %s(): %s; check --key or the factory" % (weights, spec, "; ".join(detail))
            )
        del result
    model.eval()
    return model


def _diff_keys(model_sd, sd):
    mk, sk = set(model_sd), set(sd)
    return sorted(mk - sk), sorted(sk - mk)


def _short_size_error(msg):
    m = re.search(r"size mismatch for [^\n]*", msg)
    return m.group(0).rstrip(".") if m else _one_line(msg)
