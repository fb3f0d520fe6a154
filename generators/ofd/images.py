"""A PDF image XObject as an OFD multimedia file: a baseline JPEG as it is (its bytes are
already what a reader decodes), anything else as a PNG decoded by pikepdf, with its soft
mask as alpha and a stencil mask painted in its fill colour (a seal over text stays
transparent where the paper shows through)."""
from __future__ import annotations

import io

import pikepdf
from pikepdf import Name, PdfImage
from PIL import Image as PILImage

from .errors import OfdError


def media_file(pdf: pikepdf.Pdf, object_id: int, fill: tuple[int, int, int]) -> tuple[bytes, str]:
    """The image's file bytes and its OFD Format (JPEG or PNG)."""
    try:
        stream = pdf.get_object((object_id, 0))
        if stream.get(Name.ImageMask, False):
            return _png(_stencil(PdfImage(stream), fill)), "PNG"
        if _plain_jpeg(stream):
            return stream.read_raw_bytes(), "JPEG"
        picture = PdfImage(stream).as_pil_image()
        if Name.SMask in stream:
            picture = _with_alpha(picture, PdfImage(stream.SMask).as_pil_image())
        return _png(picture), "PNG"
    except (pikepdf.PdfError, NotImplementedError, ValueError, OSError) as error:
        raise OfdError(f"无法读取 PDF 中的图像（对象 {object_id}）：{error}") from None


def _plain_jpeg(stream) -> bool:
    """A DCT image a viewer shows as the PDF does: RGB or gray, no mask, no decode array."""
    filters = stream.get(Name.Filter)
    filters = [filters] if isinstance(filters, pikepdf.Name) else list(filters or ())
    colour = stream.get(Name.ColorSpace)
    return (filters == [Name.DCTDecode] and colour in (Name.DeviceRGB, Name.DeviceGray)
            and Name.SMask not in stream and Name.Mask not in stream and Name.Decode not in stream)


def _with_alpha(picture: PILImage.Image, mask: PILImage.Image) -> PILImage.Image:
    alpha = mask.convert("L")
    if alpha.size != picture.size:
        alpha = alpha.resize(picture.size, PILImage.Resampling.BILINEAR)
    picture = picture.convert("RGB")
    picture.putalpha(alpha)
    return picture


def _stencil(image: PdfImage, fill: tuple[int, int, int]) -> PILImage.Image:
    """A 1-bit stencil mask: samples of 0 paint the fill colour (1 with /Decode [1 0])."""
    mask = image.as_pil_image().convert("L")
    decode = image.obj.get(Name.Decode)
    painted = mask if decode is not None and float(decode[0]) == 1 else mask.point(lambda value: 255 - value)
    picture = PILImage.new("RGB", mask.size, fill)
    picture.putalpha(painted)
    return picture


def _png(picture: PILImage.Image) -> bytes:
    if picture.mode not in ("RGB", "RGBA", "L", "LA", "P", "1"):
        picture = picture.convert("RGB")       # CMYK and Lab: PNG has neither
    stream = io.BytesIO()
    picture.save(stream, "PNG")               # Pillow writes no time or text chunks: same pixels, same bytes
    return stream.getvalue()
