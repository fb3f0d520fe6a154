"""What one build is asked to do: light, so a command whose build the server runs needs no driver."""
from __future__ import annotations

from dataclasses import dataclass, field

from .project import Project


@dataclass
class BuildConfig:
    project: Project
    years: list[str] = field(default_factory=list)   # empty: every year under data/
    only: str | None = None                          # "notice" or "brochures"
    points: list[str] = field(default_factory=list)
    force: bool = False
    jobs: int = 0                                    # 0: all cores
    pdf: bool = False
    explain: bool = False
    debug: bool = False
