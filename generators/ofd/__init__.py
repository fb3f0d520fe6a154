"""OFD (GB/T 33190-2016), the national fixed-layout format archives take beside PDF, made
from the PDF the build wrote: the same glyphs, at the same places, in the fonts embedded in
the PDF (carried into the package as OpenType files), the same rules and boxes as paths, the
same photos and seals as images. Nothing is rasterised: the text stays text (TextObject and
TextCode), selectable and searchable. `pdf_to_ofd` is the whole conversion; builders.py
gives every PDF the build makes an OFD beside it."""
from __future__ import annotations

import io

from .errors import OfdError
from .package import DocInfo

__all__ = ["DocInfo", "OfdError", "pdf_to_ofd"]


def pdf_to_ofd(data: bytes, info: DocInfo, name: str = "") -> bytes:
    """The OFD package of the PDF `data`, with `info` as its metadata; an OfdError names
    `name` and what could not be carried over."""
    import pikepdf

    from .package import package
    from .reading import read_pages

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return package(read_pages(data), pdf, info)
    except OfdError as error:
        raise error.about(name) from None
