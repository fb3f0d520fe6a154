"""Placeholder photos the project draws itself, for sample and synthetic data without photos."""
from __future__ import annotations

import hashlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = (900, 600)


def draw_placeholder(path: Path, seed: str, size: tuple[int, int] = SIZE) -> None:
    """A calm two-tone picture marked PLACEHOLDER, its colours derived from `seed`."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    base = (150 + digest[0] % 70, 40 + digest[1] % 50, 40 + digest[2] % 40)
    width, height = size
    image = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(image)
    for step in range(0, height, 6):
        shade = tuple(min(255, c + step * 60 // height) for c in base)
        draw.rectangle((0, step, width, step + 6), fill=shade)
    draw.ellipse((width * 0.62, height * 0.18, width * 0.92, height * 0.63), fill=(246, 214, 120))
    draw.polygon([(0, height), (width * 0.35, height * 0.5), (width * 0.7, height)], fill=(90, 30, 30))
    font = ImageFont.load_default(size=max(24, height // 12))
    draw.text((width * 0.06, height * 0.08), "PLACEHOLDER", fill=(255, 255, 255), font=font)
    draw.text((width * 0.06, height * 0.08 + height // 9), seed[:32], fill=(255, 240, 220), font=ImageFont.load_default(size=max(14, height // 28)))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=True)


def fill_missing_photos(year_root: Path, photo_paths: list[str]) -> list[Path]:
    """Draw a placeholder for every listed photo that is missing; return what was drawn."""
    drawn = []
    for relative in photo_paths:
        target = year_root / relative
        if not target.exists() and target.resolve().is_relative_to(year_root.resolve()):
            draw_placeholder(target, Path(relative).stem)
            drawn.append(target)
    return drawn
