"""The release's photos resized for the web, beside its page: their own builder module, so
a change to the release's wording or layout code never makes them again."""
from __future__ import annotations

from typing import TYPE_CHECKING

from partydocs.engine.builder import Builder, Target
from partydocs.reuse.project import Project

if TYPE_CHECKING:
    from partydocs.model.model import Year


class ArticleImageBuilder(Builder):
    """Each photo of the article resized for the web, beside the page. Not tied to its point
    for --point, which builds that point's brochure only."""

    name = "article-images"
    group = "article"
    libraries = ("Pillow",)

    def targets(self, year: Year, project: Project) -> list[Target]:
        from .photos import image_outputs
        from .style import STYLE_FILE

        if year.brochure is None:
            return []
        style = project.templates_dir / STYLE_FILE
        return [Target(self.name, output, (year.photo_path(year.point(point_id).highlights[index]), style),
                       reads=(point_id,))
                for output, point_id, index in image_outputs(year)]

    def render(self, year: Year, target: Target, project: Project) -> bytes:
        from generators.picture import photo_cache

        from .photos import build_image, image_outputs

        point_id, index = next((point_id, index) for output, point_id, index in image_outputs(year) if output == target.output)
        return build_image(year, point_id, index, project.templates_dir, photo_cache(project.output_dir))
