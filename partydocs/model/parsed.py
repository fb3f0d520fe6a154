"""One data file as read: its YAML document (with positions) and its validated model."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from .yaml_reader import YamlDocument


@dataclass
class Parsed:
    """One data file read and validated on its own."""

    path: Path
    doc: YamlDocument
    model: BaseModel | None
    raw_id: str | None = None      # the id as written, even when the file has other problems
    raw_data: object = None        # the file's plain data, kept for the point memo
