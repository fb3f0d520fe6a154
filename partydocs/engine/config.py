"""What one build is asked to do."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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
    retired: tuple[str, ...] = ()                    # variants in output/ the style can no longer make: removed
    explain: bool = False
    verify: bool = False                             # read every output back against its recorded hash
    debug: bool = False


VARIANT_SUFFIXES = {"print": "-print", "archive": "-archive"}
PDF_BUILDERS = ("notice-pdf", "notice-pdf-archive")


def variants_in_output(output_dir: Path) -> tuple[tuple[str, ...], bool]:
    """The variants earlier builds left in output/ (print/, archive/, the notices' PDFs), by the
    builders the manifest records: a build keeps each of them current with its sources, so
    that no copy in output/ silently goes stale while the default files move on."""
    from .manifest import Manifest

    made = {entry["builder"] for entry in Manifest.read(output_dir).entries.values()}
    variants = tuple(mode for mode, suffix in VARIANT_SUFFIXES.items() if any(name.endswith(suffix) for name in made))
    return variants, any(name in made for name in PDF_BUILDERS)
