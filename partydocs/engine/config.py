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
    kept: tuple[str, ...] = ()                       # variants made only because output/ has them (may be retired)
    retired: tuple[str, ...] = ()                    # variants in output/ the style can no longer make: removed
    ofd: bool = False                                # an OFD of each PDF but the printer's (generators/ofd)
    explain: bool = False
    verify: bool = False                             # read every output back against its recorded hash
    debug: bool = False


VARIANT_SUFFIXES = {"print": "-print", "archive": "-archive", "preprinted": "-preprinted"}
PDF_BUILDERS = ("notice-pdf", "notice-pdf-archive")
OFD_SUFFIX = "-ofd"                                  # generators/ofd's builders: "<the PDF's builder>-ofd"


def left_in_output(output_dir: Path) -> tuple[tuple[str, ...], bool, bool]:
    """(variants, notices' PDFs, OFD copies) earlier builds left in output/ (print/, archive/,
    preprinted/; --pdf; ofd/), by the builders the manifest records: a build keeps each of them
    current with its sources, so that no copy in output/ silently goes stale while the default
    files move on."""
    from .manifest import Manifest

    made = {entry["builder"] for entry in Manifest.read(output_dir).entries.values()}
    variants = tuple(mode for mode, suffix in VARIANT_SUFFIXES.items() if any(name.endswith(suffix) for name in made))
    return variants, any(name in made for name in PDF_BUILDERS), any(name.endswith(OFD_SUFFIX) for name in made)
