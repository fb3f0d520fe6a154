"""The registry of builders: which ones a build runs. Each output format's builders live with
its generator (notice/, brochure/, article/), so each output is keyed by its own code."""
from __future__ import annotations

from partydocs.engine.builder import Builder

from .article.builders import ArticleBuilder
from .article.image_builder import ArticleImageBuilder
from .article.photos import web_copy_for
from .brochure.builders import CollectionBuilder, ProfileBuilder
from .notice.audit_builder import NoticeCheckBuilder
from .notice.builders import NoticeBuilder, NoticePdfBuilder


def builders(pdf: bool = False, variants: tuple[str, ...] = (), check: bool = False) -> list[Builder]:
    """Every builder a build runs: the notice, the brochures in the style's mode, the article, each
    requested variant (print, archive) of the brochures and, with --pdf, of the notice's PDF,
    and with --check the notice's audit."""
    chosen: list[Builder] = [NoticeBuilder(), ProfileBuilder(companions=(web_copy_for,)), CollectionBuilder(), ArticleBuilder(),
                             ArticleImageBuilder()]
    if check:
        chosen.append(NoticeCheckBuilder())
    for mode in variants:
        chosen += [ProfileBuilder(mode), CollectionBuilder(mode)]
    if pdf:
        chosen.append(NoticePdfBuilder())
        if "archive" in variants:
            chosen.append(NoticePdfBuilder(archive=True))
    return chosen
