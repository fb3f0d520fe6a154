"""Render a DOCX with LibreOffice headless and measure the PDF with pdfplumber.

Independent of the generator: it runs soffice itself and reads only what the PDF shows
(characters with their boxes, fonts, sizes and colours; drawn lines, rectangles, curves).
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

PT_PER_MM = 72 / 25.4
PAGE_MM = (210, 297)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def render(docx: Path, out_dir: Path) -> Path:
    """docx → out_dir/<stem>.pdf with a private LibreOffice profile (parallel runs are safe)."""
    profile = Path(tempfile.gettempdir()) / f"lo-profile-test-{uuid.uuid4().hex}"
    try:
        subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
                       check=True, capture_output=True, timeout=300)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return out_dir / f"{docx.stem}.pdf"


def mm(points: float) -> float:
    return points / PT_PER_MM


@dataclass
class Line:
    """One printed line: its characters left to right, box in mm from the page's top-left."""

    chars: list[dict]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        return mm(min(c["x0"] for c in self.chars))

    @property
    def x1(self) -> float:
        return mm(max(c["x1"] for c in self.chars))

    @property
    def top(self) -> float:
        return mm(min(c["top"] for c in self.chars))

    @property
    def bottom(self) -> float:
        return mm(max(c["bottom"] for c in self.chars))

    @property
    def size(self) -> float:
        return max(round(c["size"], 1) for c in self.chars)

    @property
    def glyphs(self) -> int:
        """Characters that take space: spaces are not counted."""
        return sum(1 for c in self.chars if c["text"].strip())


@dataclass
class Page:
    number: int
    lines: list[Line]
    lines_drawn: list[dict]       # pdfplumber lines, rects and curves

    def body_lines(self, footer_from_mm: float) -> list[Line]:
        return [line for line in self.lines if line.top < footer_from_mm]

    def footer_lines(self, footer_from_mm: float) -> list[Line]:
        return [line for line in self.lines if line.top >= footer_from_mm]


def read_pdf(path: Path) -> list[Page]:
    pages = []
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(pdf.pages, 1):
            drawn = list(page.lines) + list(page.rects) + list(page.curves)
            pages.append(Page(index, _lines(page.chars), drawn))
    return pages


def _lines(chars: list[dict]) -> list[Line]:
    """Group characters by baseline (within 1 pt), left to right; keep table cells on one
    baseline apart by splitting where the gap is wider than two characters."""
    rows: dict[float, list[dict]] = {}
    for char in sorted(chars, key=lambda c: (round(c["bottom"]), c["x0"])):
        key = next((k for k in rows if abs(k - char["bottom"]) < 1.0), char["bottom"])
        rows.setdefault(key, []).append(char)
    lines = []
    for key in sorted(rows):
        row = sorted(rows[key], key=lambda c: c["x0"])
        current = [row[0]]
        for prev, char in zip(row, row[1:]):
            if char["x0"] - prev["x1"] > 2 * max(char["size"], 1):
                lines.append(Line(current))
                current = []
            current.append(char)
        lines.append(Line(current))
    return lines


def is_red(colour) -> bool:
    if not isinstance(colour, (tuple, list)) or len(colour) != 3:
        return False
    r, g, b = colour
    return r > 0.8 and g < 0.3 and b < 0.3


def red_chars(page_chars: list[dict]) -> list[dict]:
    return [c for c in page_chars if is_red(c.get("non_stroking_color"))]


def chars_of(path: Path, page_number: int) -> list[dict]:
    with pdfplumber.open(path) as pdf:
        return list(pdf.pages[page_number - 1].chars)
