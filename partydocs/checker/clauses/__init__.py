"""The checks, one module per part of the standard; each check returns its findings."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..docx_source import DocxSource
from ..layout import Layout


@dataclass
class Context:
    """What every check may look at: the found parts, the DOCX (None for a PDF), the PDF."""

    layout: Layout
    source: DocxSource | None
    pdf: Path


def mm_text(value: float) -> str:
    return f"{value:.1f} 毫米"


def off(measured: float, expected: float, tolerance: float) -> bool:
    return abs(measured - expected) > tolerance


def at(line) -> str:
    """Where a line is: mm from the paper's left and top edges."""
    return f"距页面左边 {line.x0:.1f} 毫米、上边 {line.top:.1f} 毫米"
