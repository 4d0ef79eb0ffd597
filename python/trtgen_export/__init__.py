"""trtgen-export: PC-side exporter for trtgen (weights, draft spec, reference data)."""

__version__ = "0.1.0"
