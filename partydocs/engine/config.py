"""What one build is asked to do."""
from __future__ import annotations

from dataclasses import dataclass, field

from partydocs.reuse.project import Project


@dataclass
class BuildConfig:
    project: Project
    years: list[str] = field(default_factory=list)   # empty: every year under data/
    only: str | None = None                          # "notice" or "brochures"
    points: list[str] = field(default_factory=list)
    force: bool = False
    jobs: int = 0                                    # 0: all cores
    pdf: bool = False
    check: bool = False                              # audit each notice against GB/T 9704 (checker/)
    variants: tuple[str, ...] = ()                   # brochure variants besides the default: print, archive
    ofd: bool = False                                # an OFD of each PDF but the printer's (generators/ofd)
    explain: bool = False
    verify: bool = False                             # read every output back against its recorded hash
    debug: bool = False
