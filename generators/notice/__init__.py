"""The confirmation notice as a DOCX laid out to GB/T 9704-2012 (its PDF: partydocs.reuse.libreoffice).

The names below are imported when first used: the validation phase reads only the style
(style.py), and a build with nothing to write should not pay for python-docx."""
from __future__ import annotations

_EXPORTS = {"build_notice": "document"}
__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
