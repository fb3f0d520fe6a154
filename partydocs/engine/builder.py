"""The small contract between the build driver and each output format (generators/ fill it in)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from partydocs.reuse.project import Project
from partydocs.reuse.toolchain import toolchain_key

if TYPE_CHECKING:
    from partydocs.model.model import Year
    from partydocs.reuse.errors import Problem


@dataclass(frozen=True)
class Target:
    """One output file and everything its bytes depend on."""

    builder: str                      # the builder's name, also the --only group
    output: str                       # path below output/, e.g. "2021/brochures/jiangxi-chamber.pdf"
    inputs: tuple[Path, ...]          # data, templates, styles, fonts, images
    point: str | None = None          # the point it is about, for --point
    after: tuple[str, ...] = field(default=())  # outputs that must be built first (read as inputs)
    volume: int = 1                   # which volume, for outputs split into volumes
    volumes: int = 1                  # and of how many
    reads: tuple[str, ...] | None = None  # the points whose data it reads; None: all of them
    facts: tuple[tuple[str, str], ...] = ()  # (label, digest) of data it reads, where not whole files
    document: str | None = None       # the 公文 it is made from, by name


class Builder:
    """One output format: checks a year for it, says which targets it has, writes one of them.

    The driver is fixed; a builder fills these hooks. `check` runs in the validation phase,
    before the build takes its lock or writes a byte, and reports every problem it can see
    (style files, templates, fonts); `render`/`write` run later, maybe in a worker process."""

    name = ""
    group = ""                        # what --only names: "notice" or "brochures"
    libraries: tuple[str, ...] = ()   # distributions whose version shapes the bytes (toolchain key)
    code: tuple[str, ...] = ()        # modules that make the bytes, besides the builder's own

    def toolchain(self) -> str:
        """The part of every target's key that is not its inputs: the code that makes its bytes
        (the import closure of the builder's module and `code`), Python, `libraries`."""
        return toolchain_key(self.libraries, (type(self).__module__, *self.code))

    def check(self, year: Year, project: Project) -> list[Problem]:
        return []

    def targets(self, year: Year, project: Project) -> list[Target]:
        raise NotImplementedError

    def render(self, year: Year, target: Target, project: Project) -> bytes:
        """The complete bytes of `target`; identical inputs give identical bytes."""
        raise NotImplementedError

    def write(self, year: Year, target: Target, project: Project, scratch: Path) -> int:
        """`target` written to the file `scratch`, flushed to disk; its size. A builder whose
        library writes files faster than it makes bytes in memory writes there directly."""
        from partydocs.engine.writer import write_scratch

        data = self.render(year, target, project)
        write_scratch(scratch, data)
        return len(data)

    def remember(self, project: Project) -> None:
        """Keep in output/.cache what `check` learnt that saves the next build work. Called once
        the build holds its lock: the validation phase writes nothing."""
