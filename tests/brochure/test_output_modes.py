"""Print and archive variants of the sample's brochures, read back as a print shop's and an
archive's software would: page boxes (pdfinfo), rendered bleed (pdftoppm), colour operators."""
from __future__ import annotations

import subprocess

import pikepdf
import pytest
from PIL import Image
from reportlab.lib.units import mm

from generators.brochure.jobs import build_collection, build_profile
from partydocs.reuse.cache import Cache

from .conftest import needs, run_tool

A4 = (595.276, 841.89)
BLEED = 3 * mm


@pytest.fixture(scope="module")
def print_collection(sample_year, project, font_cache) -> bytes:
    return build_collection(sample_year, project.templates_dir, font_cache, mode="print")


@pytest.fixture(scope="module")
def print_profile(sample_year, project, font_cache) -> bytes:
    return build_profile(sample_year, sample_year.point("jiangxi-chamber"), project.templates_dir, font_cache,
                         mode="print")


def boxes(pdf: bytes, tmp_path) -> dict[str, list[float]]:
    found = {}
    for line in run_tool("pdfinfo", "-box", pdf=pdf, tmp_path=tmp_path).splitlines():
        name, _, numbers = line.partition(":")
        if name.endswith("Box"):
            found[name] = [float(n) for n in numbers.split()]
    return found


@needs("pdfinfo")
@pytest.mark.parametrize("which", ["print_collection", "print_profile"])
def test_print_variant_has_a4_trim_and_3mm_bleed(which, request, tmp_path):
    found = boxes(request.getfixturevalue(which), tmp_path)
    x0, y0, x1, y1 = found["TrimBox"]
    assert (x1 - x0, y1 - y0) == pytest.approx(A4, abs=0.01)
    b0, c0, b1, c1 = found["BleedBox"]
    assert (x0 - b0, y0 - c0, b1 - x1, c1 - y1) == pytest.approx((BLEED,) * 4, abs=0.01)
    m = found["MediaBox"]
    assert m[0] < b0 and m[2] > b1            # room for the crop marks outside the bleed


@needs("pdftoppm")
def test_cover_red_reaches_the_bleed_edge(print_collection, tmp_path, sample_year):
    (tmp_path / "c.pdf").write_bytes(print_collection)
    subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", "c.pdf", "page"], cwd=tmp_path, check=True)
    page = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    with pikepdf.open(tmp_path / "c.pdf") as pdf:
        bleed_box = [float(v) for v in pdf.pages[0].BleedBox]
    height = page.height
    left, top = bleed_box[0], height - bleed_box[3]

    def is_red(x: float, y: float) -> bool:
        r, g, b = page.getpixel((int(x), int(y)))
        return r > 120 and g < 80 and b < 80

    assert is_red(left + 1, height / 3) and is_red(page.width / 2, top + 1)    # left and top edge of the bleed
    assert is_red(bleed_box[2] - 2, height / 3)                                # right edge
    assert not is_red(left - 3, height / 3) and not is_red(page.width / 2, top - 3)   # and no further


def fill_operators(pdf: bytes, page: int) -> set[str]:
    with pikepdf.open(__import__("io").BytesIO(pdf)) as document:
        return {str(op) for _, op in pikepdf.parse_content_stream(document.pages[page])} & {"rg", "k", "g", "sc", "scn"}


def test_print_colours_are_cmyk_from_the_style(print_collection, print_profile, collection):
    assert fill_operators(print_collection, 0) == {"k"}
    assert "rg" not in fill_operators(print_profile, 0) and "k" in fill_operators(print_profile, 0)
    assert "rg" in fill_operators(collection, 0)                     # the screen variant stays RGB
    with pikepdf.open(__import__("io").BytesIO(print_collection)) as document:
        colours = [operands for operands, op in pikepdf.parse_content_stream(document.pages[0]) if str(op) == "k"]
    assert [0.2, 1, 1, 0.15] in [[float(v) for v in c] for c in colours]          # the style's cover red


@pytest.fixture(scope="module")
def archive_outputs(sample_year, project, font_cache) -> dict[str, bytes]:
    outputs = {f"{p.id}.pdf": build_profile(sample_year, p, project.templates_dir, font_cache, mode="archive")
               for p in sample_year.points}
    outputs["brochure.pdf"] = build_collection(sample_year, project.templates_dir, font_cache, mode="archive")
    return outputs


def test_archive_variant_of_every_brochure_passes_pdfa_2b(archive_outputs, sample_year):
    from pikepdf import pdfa

    for name, pdf in archive_outputs.items():
        report = pdfa.validate_written(__import__("io").BytesIO(pdf), "2b")
        assert report.verdict == "pass", (name, [str(f) for f in report.findings][:5])
        with pikepdf.open(__import__("io").BytesIO(pdf)) as document:
            meta = document.open_metadata()
            assert meta.pdfa_status == "2B"
            assert meta["dc:creator"] == [sample_year.brochure.issuer]
            assert meta["xmp:CreateDate"].startswith(f"{(sample_year.brochure.date or sample_year.notice.date).year}-")
            assert document.Root.OutputIntents[0].S == "/GTS_PDFA1"
    titles = [pikepdf.open(__import__("io").BytesIO(pdf)).open_metadata()["dc:title"] for pdf in archive_outputs.values()]
    assert sample_year.brochure.title in titles and "东莞市江西商会" in " ".join(titles)


def test_a_brochure_that_is_not_pdfa_is_an_error_naming_the_rule(profiles):
    import io

    from generators.pdfa import ArchiveError, validate

    with pytest.raises(ArchiveError) as raised:
        validate(io.BytesIO(profiles["jiangxi-chamber"]), "jiangxi-chamber.pdf")      # the screen variant
    assert any("ISO_19005_2:6.6.2.1" in line and "jiangxi-chamber.pdf" in line for line in raised.value.messages())


def test_modes_are_byte_identical_on_rebuild(sample_year, project, tmp_path, archive_outputs, print_profile):
    point = sample_year.point("jiangxi-chamber")
    again = build_profile(sample_year, point, project.templates_dir, Cache(tmp_path / "fresh"), mode="archive")
    assert again == archive_outputs["jiangxi-chamber.pdf"]
    assert build_profile(sample_year, point, project.templates_dir, Cache(tmp_path / "fresh"), mode="print") == print_profile
