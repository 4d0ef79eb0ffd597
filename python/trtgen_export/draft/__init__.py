"""The spec drafter: a traced torch.fx graph -> a draft trtgen YAML spec.

builder.py walks the graph; modules.py, functions.py and methods.py hold the
handlers per call kind (a dispatch table each, plus a generic handler for what
ops.json maps 1:1); helpers.py the layer writers several handlers share.
"""

from .builder import SpecBuilder
from .common import Unsupported
from .functions import drafted_functions

__all__ = ["SpecBuilder", "Unsupported", "drafted_functions"]
