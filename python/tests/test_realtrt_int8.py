"""test/realtrt/run.py: which TensorRT releases the INT8 rows expect the builder to refuse --int8 on."""

import importlib.util
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_spec = importlib.util.spec_from_file_location("realtrt_run", os.path.join(ROOT, "test", "realtrt", "run.py"))
run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(run)


def test_int8_is_refused_on_tensorrt_11_and_rtx_only():
    # cpp-runtime/trt_compat.h: kInt8Calibration is false from TensorRT 11 and on TensorRT-RTX
    assert run.int8_removed("TensorRT-RTX 1.2.0", True)
    assert run.int8_removed("TensorRT 11.0.0", False)
    assert run.int8_removed("TensorRT 12.1.3", False)
    for version in ("TensorRT 8.2.5", "TensorRT 8.6.1", "TensorRT 10.6.0", "TensorRT 10.13.0"):
        assert not run.int8_removed(version, False), version
