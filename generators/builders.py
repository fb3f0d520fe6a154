"""The builders: one class per output format, each naming its targets and their inputs."""
from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from pipeline.build.builder import Builder, Target
from pipeline.cache import Cache, existing_cache, open_cache
from pipeline.errors import DataError, Problem
from pipeline.project import Project

if TYPE_CHECKING:
    from pipeline.data.model import Year

DOCX_LIBRARIES = ("python-docx", "lxml")
WEB_LIBRARIES = ("Jinja2", "MarkupSafe", "Pillow")
ARTICLE_CACHE = "article"            # each point's rendered section (generators/article/sections.py)
PDF_LIBRARIES = ("reportlab", "rl_accel", "pikepdf", "fonttools", "Pillow", "pylopdf-fonts-zh-cn")


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def _point_files(year: Year, point_id: str) -> list[Path]:
    point = year.point(point_id)
    return [year.sources[f"point:{point_id}"]] + [year.photo_path(h) for h in point.highlights]


def _problems(check) -> list[Problem]:
    try:
        check()
    except DataError as error:
        return error.problems
    return []


class NoticeBuilder(Builder):
    name = group = "notice"
    libraries = DOCX_LIBRARIES

    def check(self, year: Year, project: Project) -> list[Problem]:
        from .notice.style import load_style

        return _problems(lambda: load_style(project.templates_dir))

    def targets(self, year: Year, project: Project) -> list[Target]:
        shared = [*_files_under(project.templates_dir / "notice"), project.templates_dir / "styles" / "notice.yaml"]
        return [self._target(year, document, shared) for document in year.documents]

    def _target(self, year: Year, document, shared: list[Path]) -> Target:
        notice = document.notice
        inputs = [document.source, *document.reads, *shared]
        images = (notice.seal, notice.signature_stamp, *(issuer.seal for issuer in notice.issuers))
        inputs += [year.root / image for image in images if image]
        facts = ((f"data/{year.year}/（{document.name} 所列名单与正文）", document.facts()),)
        return Target(self.name, f"{year.year}/{document.name}.docx", tuple(inputs), facts=facts,
                      reads=tuple(notice.units), document=document.name)

    def render(self, year: Year, target: Target, project: Project) -> bytes:
        from .notice import build_notice

        return build_notice(year.for_document(target.document), project.templates_dir)

    def warm_up(self, project: Project) -> None:
        from .notice import warm_up

        warm_up(project.templates_dir)

    def preload(self) -> None:
        import generators.notice.document  # noqa: F401


class NoticePdfBuilder(Builder):
    """The notice converted by LibreOffice, only with --pdf; as PDF/A-2b in the archive variant."""

    group = "notice"

    def __init__(self, archive: bool = False):
        self.archive = archive
        self.name = "notice-pdf-archive" if archive else "notice-pdf"
        self.libraries = ("pikepdf",) if archive else ()

    def targets(self, year: Year, project: Project) -> list[Target]:
        folder = _folder("archive" if self.archive else None)
        return [Target(self.name, f"{year.year}/{folder}{d.name}.pdf", (project.output_dir / docx,), after=(docx,), reads=())
                for d in year.documents for docx in [f"{year.year}/{d.name}.docx"]]

    def render(self, year: Year, target: Target, project: Project) -> bytes:
        import tempfile

        from .notice import docx_to_pdf

        with tempfile.TemporaryDirectory() as scratch:
            data = docx_to_pdf(target.inputs[0], Path(scratch), pdfa=self.archive).read_bytes()
        if self.archive:
            from .brochure.archive import tidied

            return tidied(data, target.output)
        return data


class NoticeCheckBuilder(Builder):
    """build --check: the notice audited against GB/T 9704 (checker/), the report beside it."""

    name = "notice-check"
    group = "notice"
    libraries = ("pdfplumber", "pypdfium2")

    def targets(self, year: Year, project: Project) -> list[Target]:
        return [Target(self.name, f"{year.year}/{d.name}.check.txt", (project.output_dir / docx,), after=(docx,), reads=())
                for d in year.documents for docx in [f"{year.year}/{d.name}.docx"]]

    def render(self, year: Year, target: Target, project: Project) -> bytes:
        from dataclasses import replace

        from checker import audit
        from checker.report import as_text

        report = replace(audit(target.inputs[0]), file=target.after[0])
        return as_text(report).encode("utf-8")


def _folder(mode: str | None) -> str:
    """Where a variant's files go below the year: screen PDFs at the top, others in print/, archive/."""
    return f"{mode}/" if mode else ""


def brochure_cache(project: Project) -> Cache:
    """Converted fonts, scaled photos and laid-out sections, kept between builds."""
    return open_cache(project.output_dir, "brochures", PDF_LIBRARIES)


class BrochureBuilder(Builder):
    """`mode`: None for the style's own (the default files), or a variant (print, archive)
    written beside them in its own folder."""

    group = "brochures"
    libraries = PDF_LIBRARIES
    kind = ""

    def __init__(self, mode: str | None = None):
        self.mode = mode
        self.name = f"{self.kind}-{mode}" if mode else self.kind

    def warm_up(self, project: Project) -> None:
        from .brochure.documents import warm_up

        warm_up(project.templates_dir, brochure_cache(project))

    def preload(self) -> None:
        import generators.brochure.documents  # noqa: F401
        from .brochure.convert import preload

        preload()


class ProfileBuilder(BrochureBuilder):
    kind = "profiles"

    def __init__(self, mode: str | None = None):
        super().__init__(mode)
        self.verified = []      # what this build's check found printable, kept once it may write

    def check(self, year: Year, project: Project) -> list[Problem]:
        from .brochure.checks import check_year
        from .brochure.style import load_style, require_mode

        if self.mode:      # the default builder checks the year; a variant only what it adds
            return _problems(lambda: require_mode(load_style(project.templates_dir), self.mode))
        if year.brochure is None:
            return []
        problems, verified = check_year(year, project.templates_dir, existing_cache(project.output_dir, "brochures", PDF_LIBRARIES))
        if verified:
            self.verified.append(verified)
        return problems

    def remember(self, project: Project) -> None:
        for verified in self.verified:
            verified.keep(brochure_cache(project))
        self.verified.clear()

    def targets(self, year: Year, project: Project) -> list[Target]:
        from .brochure import brochure_inputs, ordered_points

        if year.brochure is None:
            return []
        shared = [year.sources["brochure"], *brochure_inputs(project.templates_dir)]
        return [
            Target(self.name, f"{year.year}/{_folder(self.mode)}brochures/{point.id}.pdf", tuple(_point_files(year, point.id) + shared),
                   point=point.id, reads=(point.id,))
            for point in ordered_points(year)
        ]

    def render(self, year: Year, target: Target, project: Project) -> bytes:
        from .brochure.documents import build_profile

        return build_profile(year, year.point(target.point), project.templates_dir, brochure_cache(project), self.mode)


class CollectionBuilder(BrochureBuilder):
    """The bound collection, in volumes of at most `points_per_volume` points (style file)."""

    kind = "collection"

    def targets(self, year: Year, project: Project) -> list[Target]:
        from .brochure import brochure_inputs, collection_volumes

        if year.brochure is None:
            return []
        shared = [year.sources["brochure"], *brochure_inputs(project.templates_dir)]
        targets = []
        for volume in collection_volumes(year, project.templates_dir):
            inputs = [path for point in volume.points for path in _point_files(year, point.id)]
            profiles = tuple(f"{year.year}/{_folder(self.mode)}brochures/{point.id}.pdf" for point in volume.points)
            output = volume.output(year.year).replace("/", f"/{_folder(self.mode)}", 1)
            targets.append(Target(self.name, output, tuple(inputs + shared), after=profiles,
                                  volume=volume.number, volumes=volume.count, reads=tuple(point.id for point in volume.points)))
        return targets

    def render(self, year: Year, target: Target, project: Project) -> bytes:
        stream = io.BytesIO()
        self._write(year, target, project, stream)
        return stream.getvalue()

    def write(self, year: Year, target: Target, project: Project, scratch: Path) -> int:
        """Saved straight to the file: qpdf writes a 24 MB volume there in two thirds of the
        time it takes into memory, and the bytes are not written a second time."""
        from pipeline.build.writer import open_scratch

        with open_scratch(scratch) as stream:
            self._write(year, target, project, stream)
            return stream.seek(0, io.SEEK_END)

    def _write(self, year: Year, target: Target, project: Project, stream: BinaryIO) -> None:
        from .brochure import Volume, ordered_points
        from .brochure.documents import write_collection

        profiles = project.output_dir / year.year / _folder(self.mode) / "brochures"
        volume = Volume(target.volume, target.volumes, ordered_points(year))   # the year holds this volume's points
        write_collection(year, project.templates_dir, brochure_cache(project), stream, profiles, volume, self.mode)


class ArticleBuilder(Builder):
    """The year's news release: the web page and its plain-text version, from every point."""

    name = group = "article"
    libraries = WEB_LIBRARIES

    def check(self, year: Year, project: Project) -> list[Problem]:
        """Renders only the sections no earlier build rendered under the same key."""
        from .article import check

        if not year.brochure:
            return []
        return _problems(lambda: check(year, project.templates_dir, existing_cache(project.output_dir, ARTICLE_CACHE, WEB_LIBRARIES)))

    def targets(self, year: Year, project: Project) -> list[Target]:
        """A year whose points make a brochure makes their release too."""
        from .article import article_inputs, page_output, text_output

        if year.brochure is None:
            return []
        inputs = [path for point_id in year.book for path in _point_files(year, point_id)]
        inputs += [year.sources["notice"], year.sources["brochure"], *article_inputs(project.templates_dir)]
        return [Target(self.name, output, tuple(inputs)) for output in (page_output(year), text_output(year))]

    def render(self, year: Year, target: Target, project: Project) -> bytes:
        from .article import build_page, build_text, text_output

        build = build_text if target.output == text_output(year) else build_page
        return build(year, project.templates_dir, open_cache(project.output_dir, ARTICLE_CACHE, WEB_LIBRARIES))


class ArticleImageBuilder(Builder):
    """Each photo of the article resized for the web, beside the page. Not tied to its point
    for --point, which builds that point's brochure only."""

    name = "article-images"
    group = "article"
    libraries = ("Pillow",)

    def targets(self, year: Year, project: Project) -> list[Target]:
        from .article import STYLE_FILE, image_outputs

        if year.brochure is None:
            return []
        style = project.templates_dir / STYLE_FILE
        return [Target(self.name, output, (year.photo_path(year.point(point_id).highlights[index]), style),
                       reads=(point_id,))
                for output, point_id, index in image_outputs(year)]

    def render(self, year: Year, target: Target, project: Project) -> bytes:
        from .article import build_image, image_outputs

        point_id, index = next((point_id, index) for output, point_id, index in image_outputs(year) if output == target.output)
        return build_image(year, point_id, index, project.templates_dir)


def builders(pdf: bool = False, variants: tuple[str, ...] = (), check: bool = False) -> list[Builder]:
    """Every builder a build runs: the notice, the brochures in the style's mode, the article, each
    requested variant (print, archive) of the brochures and, with --pdf, of the notice's PDF,
    and with --check the notice's audit."""
    chosen: list[Builder] = [NoticeBuilder(), ProfileBuilder(), CollectionBuilder(), ArticleBuilder(), ArticleImageBuilder()]
    if check:
        chosen.append(NoticeCheckBuilder())
    for mode in variants:
        chosen += [ProfileBuilder(mode), CollectionBuilder(mode)]
    if pdf:
        chosen.append(NoticePdfBuilder())
        if "archive" in variants:
            chosen.append(NoticePdfBuilder(archive=True))
    return chosen
