"""Drafting a trtgen YAML spec from a traced model: the drafter lives in ``draft/``."""

import re

from .draft import SpecBuilder, Unsupported

__all__ = ["SpecBuilder", "Unsupported", "default_spec_name"]


def default_spec_name(factory_spec):
    base = factory_spec.split(":")[-1].split(".")[-1]
    base = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", base).lower()
    base = re.sub(r"[^a-z0-9_]", "_", base).strip("_") or "net"
    if base[0].isdigit():
        base = "net_" + base
    return base
