"""If the TypeScript CLI is built in this checkout, drafted specs + exported .wts must pass `trtgen check`."""

import os
import shutil
import subprocess

import pytest
import torch
from helpers import PYTHON_DIR, draft, randomize_bn, run_cli
from trtgen_export import testing_models as tm
from trtgen_export.weights import export_weights

ROOT = os.path.dirname(PYTHON_DIR)
TRTGEN = os.path.join(ROOT, "bin", "trtgen.js")
BUILT = os.path.exists(os.path.join(ROOT, "dist", "cli", "main.js"))

pytestmark = pytest.mark.skipif(
    not (shutil.which("node") and os.path.exists(TRTGEN) and BUILT), reason="trtgen CLI not built (npm run build)"
)


@pytest.mark.parametrize(
    "factory,shape",
    [
        ("LeNet", (1, 1, 32, 32)),
        ("ResNetTiny", (1, 3, 32, 32)),
        ("UNetTiny", (1, 3, 32, 32)),
        ("DepthwiseHardswish", (1, 3, 32, 32)),
    ],
)
def test_trtgen_check_accepts_draft_and_wts(tmp_path, factory, shape):
    torch.manual_seed(0)
    model = randomize_bn(getattr(tm, factory)())
    _, text, warnings = draft(model, shape, name=factory.lower())
    assert not warnings
    (tmp_path / "net.yaml").write_text(text)
    export_weights(model.state_dict(), str(tmp_path / "net.wts"))
    p = subprocess.run(
        ["node", TRTGEN, "check", str(tmp_path / "net.yaml"), "--wts", str(tmp_path / "net.wts")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert p.returncode == 0, p.stdout + p.stderr
    assert "warning" not in (p.stdout + p.stderr).lower()


@pytest.mark.parametrize(
    "factory,shape",
    [
        ("LeNet", (1, 1, 32, 32)),
        ("ResNetTiny", (1, 3, 32, 32)),
        ("UNetTiny", (1, 3, 32, 32)),
        ("DepthwiseHardswish", (1, 3, 32, 32)),
    ],
)
def test_whole_pc_workflow_matches_pytorch(tmp_path, factory, shape):
    """export weights + draft spec + reference, then `trtgen simulate` of the lowered TensorRT calls."""
    from trtgen_export.reference import write_reference

    torch.manual_seed(0)
    model = randomize_bn(getattr(tm, factory)()).eval()
    _, text, _ = draft(model, shape, name=factory.lower())
    (tmp_path / "net.yaml").write_text(text)
    export_weights(model.state_dict(), str(tmp_path / "net.wts"))
    write_reference(model, [shape], 0, str(tmp_path / "ref"), factory, factory.lower())
    p = subprocess.run(
        [
            "node",
            TRTGEN,
            "simulate",
            str(tmp_path / "net.yaml"),
            "--wts",
            str(tmp_path / "net.wts"),
            "--input",
            str(tmp_path / "ref"),
            "--expect",
            str(tmp_path / "ref"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert p.returncode == 0, p.stdout + p.stderr
    assert "ok" in p.stdout + p.stderr


def _trtgen(*args):
    p = subprocess.run(["node", TRTGEN, *map(str, args)], capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout + p.stderr


def test_efficientnet_b0_checks_emits_and_simulates(tmp_path):
    """The issue's new-user flow: StochasticDepth and Dropout vanish, nothing is custom, and the
    engine's calls compute what PyTorch computes."""
    tv = pytest.importorskip("torchvision")
    from trtgen_export.reference import write_reference

    torch.manual_seed(0)
    model = randomize_bn(tv.models.efficientnet_b0()).eval()
    _, text, warnings = draft(model, (1, 3, 64, 64), name="efficientnet_b0")
    assert not warnings and "op: custom" not in text
    (tmp_path / "net.yaml").write_text(text)
    export_weights(model.state_dict(), str(tmp_path / "net.wts"))
    code, out = _trtgen("check", tmp_path / "net.yaml", "--wts", tmp_path / "net.wts")
    assert code == 0 and "warning" not in out.lower(), out
    code, out = _trtgen("emit", tmp_path / "net.yaml", "--wts", tmp_path / "net.wts", "-o", tmp_path / "out")
    assert code == 0, out
    write_reference(model, [(1, 3, 64, 64)], 0, str(tmp_path / "ref"), "efficientnet_b0", "efficientnet_b0")
    ref = tmp_path / "ref"
    code, out = _trtgen(
        "simulate", tmp_path / "net.yaml", "--wts", tmp_path / "net.wts", "--input", ref, "--expect", ref
    )
    assert code == 0, out


def test_drafted_constants_check_with_spec_wts(tmp_path):
    """A class token, a positional embedding and a layer scale used as data: `spec --wts` puts the
    computed constants into the .wts, and `trtgen check` finds every tensor the spec needs."""
    torch.manual_seed(0)
    net = tm.ClassToken()
    torch.save(net.state_dict(), str(tmp_path / "net.pth"))
    p = run_cli("weights", tmp_path / "net.pth", "-o", tmp_path / "net.wts")
    assert p.returncode == 0, p.stderr
    common = [
        "--model",
        "trtgen_export.testing_models:ClassToken",
        "--input-shape",
        "2,3,4",
        "--weights",
        tmp_path / "net.pth",
    ]
    p = run_cli("spec", *common, "--wts", tmp_path / "net.wts", "-o", tmp_path / "net.yaml")
    assert p.returncode == 0 and "added 2 constant tensor(s)" in p.stderr, p.stderr
    code, out = _trtgen("check", tmp_path / "net.yaml", "--wts", tmp_path / "net.wts")
    # cls and pos were consumed while drafting (gamma is read as it is): only they are unused
    warnings = [l for l in out.splitlines() if "warning[" in l]
    assert code == 0 and len(warnings) == 2, out
    assert "W0303 weight-unused]: cls " in warnings[0] and "W0303 weight-unused]: pos " in warnings[1]
    code, out = _trtgen("emit", tmp_path / "net.yaml", "--wts", tmp_path / "net.wts", "-o", tmp_path / "out")
    assert code == 0, out
