"""Command line: trtgen-export {weights,spec,reference,calib}.

Exit status: 0 ok, 1 bad input (one 'trtgen-export: error: ...' line on stderr),
2 usage error, 130 interrupted.
"""

import argparse
import os
import sys
import traceback

from . import __version__
from .errors import UserError

PROG = "trtgen-export"


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as a single line with exit status 2."""

    def error(self, message):
        sys.stderr.write("%s: error: %s (see %s --help)\n" % (PROG, message, self.prog))
        sys.exit(2)


def _shape_arg(text):
    from .trace import parse_shape

    try:
        return parse_shape(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e))


def _name_arg(text):
    import re

    if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", text):
        raise argparse.ArgumentTypeError(
            "bad --name %r: use letters, digits and underscores, not starting with a digit "
            "(it becomes the C++ builder name)" % text
        )
    return text


def _add_loading_args(p, weights_required=False):
    p.add_argument("--key", help="checkpoint key holding the state_dict (default: auto-detect state_dict/model/ema)")
    p.add_argument(
        "--unsafe-pickle",
        action="store_true",
        help="allow unpickling whole nn.Modules / arbitrary objects (RUNS CODE FROM THE FILE)",
    )
    p.add_argument(
        "--import",
        dest="imports",
        action="append",
        default=[],
        metavar="MODULE",
        help="import MODULE first so pickled classes resolve (repeatable)",
    )
    p.add_argument(
        "--import-path",
        dest="import_paths",
        action="append",
        default=None,
        metavar="DIR",
        help="add DIR to sys.path (repeatable; default: current folder)",
    )


def build_parser():
    parser = _Parser(prog=PROG, description="PC-side exporter for trtgen: .wts weights, draft spec, reference data.")
    parser.add_argument("--version", action="version", version="%s %s" % (PROG, __version__))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    w = sub.add_parser(
        "weights",
        help="convert a .pth/.pt checkpoint to a .wts file",
        description="Convert a PyTorch checkpoint (state_dict, checkpoint dict or pickled "
        "module) to the tensorrtx .wts text format.",
    )
    w.add_argument("checkpoint", metavar="MODEL.pth")
    w.add_argument("-o", "--output", metavar="MODEL.wts", help="output file (default: MODEL.wts next to input)")
    w.add_argument("--typed", action="store_true", help="write the typed variant: 'name type count hex...'")
    w.add_argument("--half", action="store_true", help="store float16 values (requires --typed)")
    w.add_argument(
        "--keep-int",
        action="store_true",
        help="keep integer/bool tensors (e.g. num_batches_tracked), converted to float",
    )
    g = w.add_mutually_exclusive_group()
    g.add_argument(
        "--progress", dest="progress", action="store_true", default=None, help="always show a progress bar on stderr"
    )
    g.add_argument("--no-progress", dest="progress", action="store_false")
    w.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    _add_loading_args(w)

    def model_args(p):
        p.add_argument(
            "--model",
            required=True,
            metavar="MODULE:FACTORY",
            help="class or function called with no arguments that returns the nn.Module",
        )
        p.add_argument("--weights", metavar="MODEL.pth", help="load these weights into the model")
        p.add_argument(
            "--input-shape",
            dest="input_shapes",
            action="append",
            required=True,
            type=_shape_arg,
            metavar="N,C,H,W",
            help="input shape incl. batch (repeat once per forward input)",
        )
        _add_loading_args(p)

    s = sub.add_parser(
        "spec",
        help="trace a model with torch.fx and draft a trtgen YAML spec",
        description="Trace MODULE:FACTORY with torch.fx, propagate shapes and write a draft "
        "trtgen spec whose layer names match the state_dict.",
    )
    model_args(s)
    s.add_argument("--name", type=_name_arg, help="network name (default: from the factory name)")
    s.add_argument("-o", "--output", required=True, metavar="SPEC.yaml", help="output file ('-' for stdout)")
    s.add_argument(
        "--wts",
        metavar="MODEL.wts",
        help="add the tensors the draft computes from parameters (its constant layers' '<layer>.value') "
        "to this .wts, replacing those of the same names",
    )

    r = sub.add_parser(
        "reference",
        help="write a seeded input and PyTorch's outputs as raw float32",
        description="Run the model (eval, no_grad) on a seeded input and write input.bin, "
        "output*.bin and reference.json (little-endian float32, C order, no header).",
    )
    model_args(r)
    r.add_argument("--seed", type=int, default=0, help="random seed for the input (default 0)")
    r.add_argument("--per-layer", action="store_true", help="also dump every traced layer's output")
    r.add_argument(
        "--float64",
        action="store_true",
        help="run the model in float64 (same input) and write its outputs rounded to float32 "
        "(the most accurate reference; see docs/numerics.md)",
    )
    r.add_argument("--name", type=_name_arg, help=argparse.SUPPRESS)
    r.add_argument("-o", "--output", required=True, metavar="DIR", help="output folder (created if missing)")
    _add_calib_parser(sub)
    return parser


def _add_calib_parser(sub):
    c = sub.add_parser(
        "calib",
        help="write an INT8 calibration set (float32 .bin files) for the builder's --int8 --calib-dir",
        description="Write calib_00000.bin, ... (raw little-endian float32, C order, the network input's "
        "shape incl. batch) from a folder of images or a Python dataset. See docs/int8.md.",
    )
    src = c.add_mutually_exclusive_group(required=True)
    src.add_argument("--images", metavar="DIR", help="a folder of images (jpg, png, ...), used in name order")
    src.add_argument(
        "--dataset",
        metavar="MODULE:ATTR",
        help="an iterable of samples (C,H,W or the whole input shape; (input, label) tuples are fine), or a "
        "function/class called with no arguments that returns one",
    )
    shp = c.add_mutually_exclusive_group(required=True)
    shp.add_argument("--spec", metavar="SPEC.yaml", help="take the input shape from this spec (one input)")
    shp.add_argument("--input-shape", type=_shape_arg, metavar="N,C,H,W", help="the input shape incl. batch")
    c.add_argument("--count", type=int, default=100, help="at most this many files (batches) (default 100)")
    c.add_argument(
        "--resize",
        type=int,
        metavar="S",
        help="images: resize the shorter side to S before the center crop to the input's H,W "
        "(default: round(min(H,W) / 0.875), torchvision's 256 for 224)",
    )
    c.add_argument("--mean", metavar="M1,M2,M3", help="images: per-channel mean (default ImageNet's 0.485,0.456,0.406)")
    c.add_argument("--std", metavar="S1,S2,S3", help="images: per-channel std (default ImageNet's 0.229,0.224,0.225)")
    c.add_argument(
        "--import-path",
        dest="import_paths",
        action="append",
        default=None,
        metavar="DIR",
        help="folder to import --dataset's module from (repeatable; default: current folder)",
    )
    c.add_argument("-o", "--output", required=True, metavar="DIR", help="output folder (created if missing)")


def cmd_calib(args):
    from . import calib

    shape = calib.spec_input_shape(args.spec) if args.spec else tuple(args.input_shape)
    if args.images is not None:
        if args.resize is not None and args.resize < 1:
            raise UserError("--resize must be a positive number of pixels", exit_code=2)
        transform = calib.image_transform(shape, args.resize, args.mean, args.std)
        samples = calib.image_samples(args.images, shape, transform)
        source = args.images
    else:
        for o in ("resize", "mean", "std"):
            if getattr(args, o) is not None:
                raise UserError("--%s only applies with --images" % o, exit_code=2)
        samples = calib.dataset_samples(args.dataset, args.import_paths)
        source = args.dataset
    files = calib.write_calibration_set(samples, shape, args.output, args.count)
    print(
        "wrote %d calibration file(s) of float32 %s to %s from %s"
        % (len(files), ",".join(map(str, shape)), args.output, source)
    )
    return 0


def _warn(msg):
    sys.stderr.write("%s: %s\n" % (PROG, msg))
    sys.stderr.flush()


def cmd_weights(args):
    from .loading import load_state_dict
    from .weights import export_weights

    if args.half and not args.typed:
        raise UserError("--half requires --typed (the untyped .wts format is float32 only)", exit_code=2)
    out = args.output or os.path.splitext(args.checkpoint)[0] + ".wts"
    sd, where = load_state_dict(
        args.checkpoint,
        key=args.key,
        unsafe_pickle=args.unsafe_pickle,
        import_names=args.imports,
        import_paths=args.import_paths,
        warn=_warn,
    )
    progress = "auto" if args.progress is None else args.progress
    n, total, skipped = export_weights(
        sd, out, typed=args.typed, half=args.half, keep_int=args.keep_int, progress=progress, log=_warn
    )
    if not args.quiet:
        msg = "wrote %s: %d tensors, %d values (from %s)" % (out, n, total, where)
        if skipped:
            names = ", ".join("%s (%s)" % s for s in skipped[:3]) + (" ..." if len(skipped) > 3 else "")
            msg += "; skipped %d non-float tensor(s): %s; --keep-int keeps them" % (len(skipped), names)
        sys.stderr.write(msg + "\n")
    return 0


def _model(args):
    from .loading import build_model

    return build_model(
        args.model,
        weights=args.weights,
        key=args.key,
        unsafe_pickle=args.unsafe_pickle,
        import_names=args.imports,
        import_paths=args.import_paths,
        warn=_warn,
    )


def cmd_spec(args):
    from .reference import analyze
    from .spec import default_spec_name
    from .wts import atomic_write

    model = _model(args)
    name = args.name or default_spec_name(args.model)
    builder, _, _ = analyze(model, args.input_shapes, args.model, name, warn=_warn)
    text = builder.render()
    if args.output == "-":
        sys.stdout.write(text)
    else:
        try:
            atomic_write(args.output, lambda f: f.write(text.encode("utf-8")))
        except OSError as e:
            raise UserError("cannot write %s: %s" % (args.output, e.strerror or e))
        sys.stderr.write("wrote %s: %d layers, %d custom\n" % (args.output, len(builder.layers), builder.custom_count))
    _write_constants(builder.constants, args.wts)
    return 0


def _write_constants(constants, wts):
    """The tensors computed at draft time go into the .wts the spec is checked and built with."""
    from .wts import add_to_wts

    if not constants:
        return
    if not wts:
        _warn(
            "warning: the draft reads %d tensor(s) computed from the model's parameters (%s); pass --wts MODEL.wts "
            "to add them to the weights file"
            % (len(constants), ", ".join(sorted(constants)[:3]))
            + (" ..." if len(constants) > 3 else "")
        )
        return
    items = [(name, t.numpy()) for name, t in constants.items()]
    replaced = add_to_wts(wts, items)
    sys.stderr.write(
        "added %d constant tensor(s) to %s%s\n" % (len(items), wts, " (%d replaced)" % replaced if replaced else "")
    )


def cmd_reference(args):
    from .reference import write_reference
    from .spec import default_spec_name

    model = _model(args)
    name = args.name or default_spec_name(args.model)
    meta = write_reference(
        model,
        args.input_shapes,
        args.seed,
        args.output,
        args.model,
        name,
        per_layer=args.per_layer,
        warn=_warn,
        float64=args.float64,
    )
    sys.stderr.write(
        "wrote %s: %d input(s), %d output(s)%s\n"
        % (
            os.path.join(args.output, "reference.json"),
            len(meta["inputs"]),
            len(meta["outputs"]),
            ", %d layer dumps" % len(meta["layers"]) if "layers" in meta else "",
        )
    )
    return 0


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_usage(sys.stderr)
        sys.stderr.write("%s: error: a command is required: weights, spec, reference or calib\n" % PROG)
        return 2
    try:
        commands = {"weights": cmd_weights, "spec": cmd_spec, "reference": cmd_reference, "calib": cmd_calib}
        return commands[args.command](args)
    except UserError as e:
        sys.stderr.write("%s: error: %s\n" % (PROG, " ".join(str(e).split())))
        return e.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("%s: interrupted\n" % PROG)
        return 130
    except Exception as e:  # never show a traceback for bad input; keep one for debugging on request
        if os.environ.get("TRTGEN_EXPORT_DEBUG"):
            traceback.print_exc()
        msg = " ".join(str(e).split())[:300]
        sys.stderr.write(
            "%s: error: unexpected %s: %s (set TRTGEN_EXPORT_DEBUG=1 for a traceback)\n" % (PROG, type(e).__name__, msg)
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
