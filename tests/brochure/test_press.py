"""The print variant as a print shop receives it: text under 12 pt and hairlines on one plate
(Ghostscript's tiffsep renders the separations), photos in the press profile's CMYK, and a
PDF/X-4 output intent that a preflight (pdf-oxide's PDF/X validator) accepts."""
from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from PIL import Image

from generators.brochure.jobs import build_collection, build_profile
from generators.brochure.style import load_style

needs_gs = pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript (gs) is not installed")
PLATES = ("Cyan", "Magenta", "Yellow", "Black")
DPI = 150
SMALL = 12           # points: text under this size prints on one plate
BODY = 10.5          # the style's body size


@pytest.fixture(scope="module")
def press_profile(sample_year, project, font_cache) -> bytes:
    return build_profile(sample_year, sample_year.point("jiangxi-chamber"), project.templates_dir, font_cache, mode="print")


@pytest.fixture(scope="module")
def press_collection(sample_year, project, font_cache) -> bytes:
    return build_collection(sample_year, project.templates_dir, font_cache, mode="print")


def separations(pdf: bytes, page: int, folder: Path) -> dict[str, Image.Image]:
    """Ghostscript's tiffsep plates of one page: 0 is solid ink, 255 paper."""
    (folder / "doc.pdf").write_bytes(pdf)
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", f"-r{DPI}", f"-dFirstPage={page}",
                    f"-dLastPage={page}", f"-sOutputFile={folder}/p.tif", str(folder / "doc.pdf")], check=True)
    return {plate: Image.open(folder / f"p({plate}).tif").convert("L") for plate in PLATES}


def chars(pdf: bytes, page: int, keep) -> list[dict]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [c for c in document.pages[page - 1].chars if c["text"].strip() and keep(c)]


def ink_under(chars_: list[dict], plates: dict[str, Image.Image]) -> dict[str, int]:
    """For the glyphs' strokes (pixels where any plate has at least half ink), how many carry
    each plate's ink, and how many of the black ones are less than solid."""
    scale = DPI / 72
    pixels = {plate: image.load() for plate, image in plates.items()}
    counts = dict.fromkeys(PLATES, 0) | {"strokes": 0, "tinted black": 0}
    for char in chars_:
        for x in range(int(char["x0"] * scale), int(char["x1"] * scale)):
            for y in range(int(char["top"] * scale), int(char["bottom"] * scale)):
                ink = {plate: 255 - pixels[plate][x, y] for plate in PLATES}
                if max(ink.values()) < 128:          # paper, or a light ground the text sits on
                    continue
                counts["strokes"] += 1
                for plate in PLATES:
                    counts[plate] += ink[plate] > 0
                counts["tinted black"] += 0 < ink["Black"] < 255
    return counts


@needs_gs
def test_body_text_is_on_the_black_plate_alone(press_profile, tmp_path):
    plates = separations(press_profile, 1, tmp_path)
    body = chars(press_profile, 1, lambda c: abs(c["size"] - BODY) < 0.01)
    assert len(body) > 200
    scale = DPI / 72
    whole = dict.fromkeys(PLATES, 0)                  # every pixel of every body character's box
    for plate, image in plates.items():
        loaded = image.load()
        for char in body:
            for x in range(int(char["x0"] * scale), int(char["x1"] * scale)):
                for y in range(int(char["top"] * scale), int(char["bottom"] * scale)):
                    whole[plate] += 255 - loaded[x, y]
    assert whole["Black"] > 0
    assert whole["Cyan"] == whole["Magenta"] == whole["Yellow"] == 0, whole


@needs_gs
@pytest.mark.parametrize("page", [1, 2])
def test_all_text_under_12_pt_prints_in_one_solid_ink(press_profile, tmp_path, page):
    """Captions, labels, honours' years (red on screen), header and folio: solid black."""
    counts = ink_under(chars(press_profile, page, lambda c: c["size"] < SMALL), separations(press_profile, page, tmp_path))
    assert counts["strokes"] > 1000
    assert counts["Cyan"] == counts["Magenta"] == counts["Yellow"] == 0, counts
    assert counts["tinted black"] == 0, counts


@needs_gs
def test_the_screen_colours_would_not_have_been(sample_year, project, font_cache, tmp_path, monkeypatch):
    """The check sees what it checks: with text on the style's own tints (no single-ink rule),
    the same page has halftone black and red text on the colour plates."""
    from generators.brochure import style

    monkeypatch.setattr(style, "one_solid_ink", lambda colour: colour)
    pdf = build_profile(sample_year, sample_year.point("jiangxi-chamber"), project.templates_dir, font_cache, mode="print")
    counts = ink_under(chars(pdf, 1, lambda c: c["size"] < SMALL), separations(pdf, 1, tmp_path))
    assert counts["tinted black"] > 0 and counts["Magenta"] > 0


def stroked_colours(pdf: bytes) -> list[tuple[float, list[float]]]:
    """(line width, CMYK) of every stroke the pages draw, from their content streams."""
    found = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            width, colour, stack = 1.0, [0, 0, 0, 1], []
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name == "q":
                    stack.append((width, colour))
                elif name == "Q" and stack:
                    width, colour = stack.pop()
                elif name == "w":
                    width = float(operands[0])
                elif name == "K":
                    colour = [float(value) for value in operands]
                elif name in ("S", "s", "B", "b"):
                    found.append((width, colour))
    return found


def test_hairlines_print_on_one_plate(press_profile, press_collection):
    for pdf in (press_profile, press_collection):
        strokes = stroked_colours(pdf)
        fine = [(width, colour) for width, colour in strokes if width < 1]
        assert fine
        assert all(sum(value > 0 for value in colour) <= 1 for _, colour in fine if colour != [1, 1, 1, 1]), fine
        # registration (crop marks, all four at 100 %) is the one four-ink line: it must be on every plate


def test_photos_are_converted_to_the_press_profile(press_profile, profiles):
    def colour_spaces(pdf: bytes) -> list[str]:
        with pikepdf.open(io.BytesIO(pdf)) as document:
            return [str(image.ColorSpace) for page in document.pages for image in page.get_images().values()]

    assert colour_spaces(press_profile) == ["/DeviceCMYK"] * 2
    assert set(colour_spaces(profiles["jiangxi-chamber"])) == {"/DeviceRGB"}        # the screen variant stays RGB


def test_the_style_says_how_photos_are_converted(project):
    from generators.brochure.style import Press
    from generators.picture import to_press

    style = load_style(project.templates_dir).in_mode("print")
    assert style.print_profile.rendering_intent == "relative" and style.print_profile.black_point_compensation is True
    assert style.press.path.name == "default_cmyk.icc" or style.press.path.suffix in (".icc", ".icm")
    photo = Image.linear_gradient("L").resize((64, 64)).convert("RGB")
    photo.paste((30, 160, 60), (0, 0, 32, 32))
    converted = {(intent, black): to_press(photo, Press(style.press.path, intent, black).ink()).tobytes()
                 for intent in ("relative", "perceptual") for black in (True, False)}
    assert len(set(converted.values())) >= 3          # the intent and the black point both change the separations
    assert to_press(photo, style.press.ink()).mode == "CMYK"


def test_output_intent_is_the_press_profile(press_profile, press_collection, project):
    icc = load_style(project.templates_dir).in_mode("print").press.path.read_bytes()
    for pdf in (press_profile, press_collection):
        assert pdf.startswith(b"%PDF-1.6")
        with pikepdf.open(io.BytesIO(pdf)) as document:
            (intent,) = document.Root.OutputIntents
            assert intent.S == "/GTS_PDFX" and intent.DestOutputProfile.read_bytes() == icc
            assert str(document.docinfo["/GTS_PDFXVersion"]) == "PDF/X-4" and document.docinfo["/Trapped"] == "/False"
            assert all("/TrimBox" in page.obj and "/BleedBox" in page.obj for page in document.pages)


def test_a_pdfx_preflight_accepts_the_print_variant(press_profile, press_collection, profiles):
    """pdf-oxide's PDF/X-4 validator (proof-pdf needs Python 3.15): the print variant passes,
    the screen variant, with no output intent, does not."""
    pdf_oxide = pytest.importorskip("pdf_oxide")
    for pdf in (press_profile, press_collection):
        report = pdf_oxide.PdfDocument.from_bytes(pdf).validate_pdf_x("4")
        assert report["valid"] and not report["errors"] and not report["warnings"], report
    screen = pdf_oxide.PdfDocument.from_bytes(profiles["jiangxi-chamber"]).validate_pdf_x("4")
    assert not screen["valid"] and any("OutputIntent" in error for error in screen["errors"])
