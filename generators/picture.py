"""Pictures as the outputs need them: upright and on white, for print and for the web alike."""
from __future__ import annotations

from PIL import Image


def on_white(image: Image.Image) -> Image.Image:
    """RGB or greyscale on white: neither print nor a pasted web page keeps transparency,
    and CMYK or palette images need converting."""
    if image.mode in ("RGB", "L"):
        return image.copy()
    if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, (255, 255, 255))
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return image.convert("RGB")
