"""The registry of builders: which ones a build runs. Each output format's builders live with
its generator (notice/, brochure/, article/), so each output is keyed by its own code."""
from __future__ import annotations

from partydocs.engine.builder import Builder

__all__ = ["builders", "unmakeable"]

from .article.builders import ArticleBuilder
from .article.image_builder import ArticleImageBuilder
from .article.photos import web_copy_for
from .brochure.builders import CollectionBuilder, ProfileBuilder, unmakeable
from .notice.audit_builder import NoticeCheckBuilder
from .notice.builders import NoticeBuilder, NoticePdfBuilder


def builders(pdf: bool = False, variants: tuple[str, ...] = (), check: bool = False, *,
             retired: tuple[str, ...] = (), ofd: bool = False) -> list[Builder]:
    """Every builder a build runs: the notice, the brochures in the style's mode, the article, each
    requested variant (print, archive) of the brochures and, with --pdf, of the notice's PDF,
    the 套打 copy of the notices (preprinted), with --check the notice's audit, and with --ofd
    an OFD of each PDF but the printer's and the 套打 copy; a `retired` variant's builders make
    nothing, so that the build removes its files."""
    chosen: list[Builder] = [NoticeBuilder(), ProfileBuilder(companions=(web_copy_for,)), CollectionBuilder(), ArticleBuilder(),
                             ArticleImageBuilder()]
    if check:
        chosen.append(NoticeCheckBuilder())
    for mode in variants:
        if mode != "preprinted":          # the notice's variant (套打), not the brochures'
            chosen += [ProfileBuilder(mode), CollectionBuilder(mode)]
    for mode in retired:
        chosen += [ProfileBuilder(mode, retired=True), CollectionBuilder(mode, retired=True)]
    if "preprinted" in variants:
        chosen.append(NoticeBuilder(preprinted=True))
    if pdf:
        chosen.append(NoticePdfBuilder())
        if "archive" in variants:
            chosen.append(NoticePdfBuilder(archive=True))
        if "preprinted" in variants:
            chosen.append(NoticePdfBuilder(preprinted=True))
    if ofd:
        from .ofd.builders import OfdBuilder     # its package imports fontTools, pdfminer, lxml: only for --ofd

        chosen += [OfdBuilder(b) for b in chosen if isinstance(b, (ProfileBuilder, CollectionBuilder, NoticePdfBuilder))
                   and getattr(b, "mode", None) != "print" and not getattr(b, "retired", False)
                   and not getattr(b, "preprinted", False)]
    return chosen
