"""The news release's builder: the web page and its plain-text version, from every point."""
from __future__ import annotations

from typing import TYPE_CHECKING

from partydocs.engine.builder import Builder, Target
from partydocs.reuse.cache import existing_cache, open_cache
from partydocs.reuse.project import Project
from partydocs.reuse.toolchain import toolchain_key

from ..targets import point_files, problems_of

if TYPE_CHECKING:
    from partydocs.model.model import Year
    from partydocs.reuse.errors import Problem

WEB_LIBRARIES = ("Jinja2", "MarkupSafe", "Pillow")
ARTICLE_CACHE = "article"            # each point's rendered section (sections.py)


def article_key() -> str:
    return toolchain_key(WEB_LIBRARIES, (__name__,))


class ArticleBuilder(Builder):
    """The year's news release: the web page and its plain-text version, from every point."""

    name = group = "article"
    libraries = WEB_LIBRARIES

    def check(self, year: Year, project: Project) -> list[Problem]:
        """Renders only the sections no earlier build rendered under the same key."""
        from . import check

        if not year.brochure:
            return []
        return problems_of(lambda: check(year, project.templates_dir, existing_cache(project.output_dir, ARTICLE_CACHE, article_key())))

    def targets(self, year: Year, project: Project) -> list[Target]:
        """A year whose points make a brochure makes their release too."""
        from . import article_inputs, page_output, text_output
        from .context import units_digest

        if year.brochure is None:
            return []
        inputs = [path for point_id in year.book for path in point_files(year, point_id)]
        inputs += [year.sources["notice"], year.sources["brochure"], *article_inputs(project.templates_dir)]
        facts = ((f"data/{year.year}/（新闻稿所列单位）", units_digest(year)),)
        return [Target(self.name, output, tuple(inputs), facts=facts) for output in (page_output(year), text_output(year))]

    def render(self, year: Year, target: Target, project: Project) -> bytes:
        from . import build_page, build_text, text_output

        build = build_text if target.output == text_output(year) else build_page
        return build(year, project.templates_dir, open_cache(project.output_dir, ARTICLE_CACHE, article_key()))
