"""The brochures' builders: each point's profile and the year's bound collection, in the
style's own mode and in each variant asked for (print, archive)."""
from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from partydocs.engine.builder import Builder, Target
from partydocs.reuse.cache import Cache, existing_cache, open_cache
from partydocs.reuse.errors import DataError
from partydocs.reuse.project import Project
from partydocs.reuse.toolchain import toolchain_key

from ..targets import point_files, problems_of, variant_folder

if TYPE_CHECKING:
    from generators.picture import Copy, Header
    from partydocs.model.model import Year
    from partydocs.reuse.errors import Problem

PDF_LIBRARIES = ("reportlab", "rl_accel", "pikepdf", "fonttools", "Pillow", "pylopdf-fonts-zh-cn")


def brochure_key() -> str:
    """The brochures' cache is keyed as their outputs: this module's import closure and libraries."""
    return toolchain_key(PDF_LIBRARIES, (__name__,))


def brochure_cache(project: Project) -> Cache:
    """Converted fonts, scaled photos and laid-out sections, kept between builds."""
    return open_cache(project.output_dir, "brochures", brochure_key())


def unmakeable(project: Project, mode: str) -> str | None:
    """Why the style can no longer make the brochures' variant `mode`, or None. A style file
    that cannot be read at all is the build's own problem to report, not a reason to remove."""
    from partydocs.reuse.errors import DataError

    from .style import load_style, require_mode

    try:
        style = load_style(project.templates_dir)
    except DataError:
        return None
    problems = problems_of(lambda: require_mode(style, mode))
    return "；".join(f"{p.file} {p.field}：{p.message}" for p in problems) or None


def dated(year: Year, templates_dir: Path, mode: str | None) -> tuple[tuple[str, str], ...]:
    """The date a print or archive copy carries (Info and XMP, generators.pdfa.issue_date), as a
    recorded input: brochure.yaml's own date, else the notice's 成文日期, whose file is not one
    of the brochures' inputs. A screen copy carries no date, so a new one leaves it alone."""
    from ..pdfa import issue_date
    from .style import load_style

    if load_style(templates_dir).in_mode(mode).mode == "screen":
        return ()
    return ((f"data/{year.year}/（画册的日期）", issue_date(year).isoformat()),)


class BrochureBuilder(Builder):
    """`mode`: None for the style's own (the default files), or a variant (print, archive)
    written beside them in its own folder."""

    group = "brochures"
    libraries = PDF_LIBRARIES
    kind = ""

    def __init__(self, mode: str | None = None, retired: bool = False):
        self.mode, self.retired = mode, retired
        self.name = f"{self.kind}-{mode}" if mode else self.kind


class ProfileBuilder(BrochureBuilder):
    """`companions`: planners of the other copies wanted of each photo (the release's web
    copy, generators.picture.made_along), made from the decode that gives the print copy."""

    kind = "profiles"

    def __init__(self, mode: str | None = None, retired: bool = False,
                 companions: tuple[Callable[[Path, Header], Copy], ...] = ()):
        super().__init__(mode, retired)
        self.companions = companions
        self.verified = []      # what this build's check found printable, kept once it may write

    def check(self, year: Year, project: Project) -> list[Problem]:
        from .checks import check_year
        from .style import load_style, require_mode

        if self.retired:
            return []
        if self.mode:      # the default builder checks the year; a variant only what it adds
            return problems_of(lambda: require_mode(load_style(project.templates_dir), self.mode))
        if year.brochure is None:
            return []
        from .glyphs import NAMESPACE, store_key

        glyphs = existing_cache(project.output_dir, NAMESPACE, store_key())
        cache = existing_cache(project.output_dir, "brochures", brochure_key())
        problems, verified = check_year(year, project.templates_dir, cache, glyphs.folder if glyphs else None)
        if verified:
            self.verified.append(verified)
        return problems + self._blurred(year, project, cache)

    def _blurred(self, year: Year, project: Project, cache: Cache | None) -> list[Problem]:
        """Photos the profile would refuse, refused here: validate and build give one verdict."""
        from .resolution import PhotoSizes, blurred_photos
        from .style import load_style

        sizes = PhotoSizes(cache, year.year)
        try:
            problems = blurred_photos(year, load_style(project.templates_dir), sizes, project.root)
        except DataError:
            return []            # the style's own problems: check_year has said them
        self.verified.append(sizes)
        return problems

    def remember(self, project: Project) -> None:
        """Also sweeps glyph stores of other converter code or fontTools versions."""
        from .glyphs import NAMESPACE, store_key

        open_cache(project.output_dir, NAMESPACE, store_key())
        for verified in self.verified:
            verified.keep(brochure_cache(project))
        self.verified.clear()

    def targets(self, year: Year, project: Project) -> list[Target]:
        from . import brochure_inputs, ordered_points
        from .style import press_files

        if year.brochure is None or self.retired:
            return []
        shared = [year.sources["brochure"], *brochure_inputs(project.templates_dir), *press_files(project.templates_dir, self.mode)]
        facts = dated(year, project.templates_dir, self.mode)
        return [
            Target(self.name, f"{year.year}/{variant_folder(self.mode)}brochures/{point.id}.pdf", tuple(point_files(year, point.id) + shared),
                   point=point.id, reads=(point.id,), facts=facts)
            for point in ordered_points(year)
        ]

    def render(self, year: Year, target: Target, project: Project) -> bytes:
        from generators.picture import made_along

        from .jobs import build_profile

        with made_along(partial(plan, project.templates_dir) for plan in self.companions):
            return build_profile(year, year.point(target.point), project.templates_dir, brochure_cache(project), self.mode)


class CollectionBuilder(BrochureBuilder):
    """The bound collection, in volumes of at most `points_per_volume` points (style file)."""

    kind = "collection"

    def targets(self, year: Year, project: Project) -> list[Target]:
        from . import brochure_inputs, collection_volumes
        from .style import press_files

        if year.brochure is None or self.retired:
            return []
        shared = [year.sources["brochure"], *brochure_inputs(project.templates_dir), *press_files(project.templates_dir, self.mode)]
        targets, facts = [], dated(year, project.templates_dir, self.mode)
        for volume in collection_volumes(year, project.templates_dir):
            inputs = [path for point in volume.points for path in point_files(year, point.id)]
            profiles = tuple(f"{year.year}/{variant_folder(self.mode)}brochures/{point.id}.pdf" for point in volume.points)
            output = volume.output(year.year).replace("/", f"/{variant_folder(self.mode)}", 1)
            targets.append(Target(self.name, output, tuple(inputs + shared), after=profiles,
                                  volume=volume.number, volumes=volume.count, reads=tuple(point.id for point in volume.points),
                                  facts=facts))
        return targets

    def render(self, year: Year, target: Target, project: Project) -> bytes:
        stream = io.BytesIO()
        self._write(year, target, project, stream)
        return stream.getvalue()

    def write(self, year: Year, target: Target, project: Project, scratch: Path) -> int:
        """Saved straight to the file: qpdf writes a 24 MB volume there in two thirds of the
        time it takes into memory, and the bytes are not written a second time."""
        from partydocs.engine.writer import open_scratch

        with open_scratch(scratch) as stream:
            self._write(year, target, project, stream)
            return stream.seek(0, io.SEEK_END)

    def _write(self, year: Year, target: Target, project: Project, stream: BinaryIO) -> None:
        from . import Volume, ordered_points
        from .jobs import write_collection

        profiles = project.output_dir / year.year / variant_folder(self.mode) / "brochures"
        volume = Volume(target.volume, target.volumes, ordered_points(year))   # the year holds this volume's points
        write_collection(year, project.templates_dir, brochure_cache(project), stream, profiles, volume, self.mode)
