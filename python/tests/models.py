"""Tiny wrappers to build one-op test models."""

import torch.nn as nn


class Wrap(nn.Module):
    """forward(x) = fn(self, x); submodules given as keyword arguments."""

    def __init__(self, fn, **mods):
        super().__init__()
        self.fn = fn
        for k, v in mods.items():
            setattr(self, k, v)

    def forward(self, x):
        return self.fn(self, x)


class Wrap2(Wrap):
    """forward(x, y) = fn(self, x, y)."""

    def forward(self, x, y):
        return self.fn(self, x, y)


def seq(*mods):
    """nn.Sequential: layer names are '0', '1', ... (must be quoted in YAML)."""
    return nn.Sequential(*mods)
