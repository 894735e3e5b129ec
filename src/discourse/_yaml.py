"""YAML reading for the data files (codebook, lexicon, boilerplate, stop list)."""

from __future__ import annotations

from typing import Any

__all__ = ["safe_load"]


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` through libyaml's C parser when PyYAML has it (several times faster on
    the packaged codebook; the same objects), else PyYAML's Python parser."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 (a safe loader)
