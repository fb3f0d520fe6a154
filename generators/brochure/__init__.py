"""Printable PDF brochures: one profile per demonstration point, and the year's bound collection.

This module is what the build plan needs: which files a brochure depends on and how the
collection is split into volumes, without importing the layout code (reportlab, pikepdf),
which only the workers that lay pages out load (see documents.py).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import texts
from .style import load_style, role_sources, style_path
from .volumes import Volume, ordered_points, volumes

if TYPE_CHECKING:
    from partydocs.model.model import Year

__all__ = ["Volume", "brochure_inputs", "collection_volumes", "ordered_points"]


def collection_volumes(year: Year, templates_dir: Path) -> list[Volume]:
    return volumes(year, load_style(templates_dir).collection.points_per_volume)


def brochure_inputs(templates_dir: Path) -> list[Path]:
    """Files a brochure's bytes depend on besides the data: style, templates, fonts."""
    fonts = sorted({source.path for source in role_sources(load_style(templates_dir), templates_dir).values()})
    return [style_path(templates_dir), *texts.template_files(templates_dir), *fonts]
