"""If the TypeScript CLI is built in this checkout, drafted specs + exported .wts must pass `trtgen check`."""

import os
import shutil
import subprocess

import pytest
import torch
from helpers import PYTHON_DIR, draft, randomize_bn
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
