"""The layout matrix in the suite: 60 notices drawn by a seeded generator from body lengths of
1–40 paragraphs × no seal / one seal / two issuers' seals × with or without 附注 × with or
without attachments (tests/notice/matrix.py), rendered by LibreOffice in two batches side by
side and measured as a typesetter would. The full sweep of 480 is bench/layout_matrix.py."""
from __future__ import annotations

import pytest

from partydocs.checker.render import soffice

from . import matrix
from .conftest import ROOT

@pytest.fixture(scope="module")
def measured(tmp_path_factory) -> list[matrix.Measured]:
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: the rendered layout cannot be checked")
    root = tmp_path_factory.mktemp("matrix")
    variants = matrix.sampled_variants(60)
    pdfs = matrix.build_and_render(variants, root, ROOT, batches=2)
    assert len(pdfs) == len(variants), "LibreOffice rendered every variant"
    return matrix.measure_all(pdfs, root / "out")


def test_the_matrix_covers_every_combination_and_lengths_from_1_to_40():
    variants = matrix.sampled_variants(60)
    assert len({v.name for v in variants}) == 60
    assert {(v.seal, v.note, v.attachments) for v in variants} == {
        (s, n, a) for s in matrix.SEALS for n in (False, True) for a in (False, True)}
    lengths = {v.paragraphs for v in variants}
    assert min(lengths) <= 3 and max(lengths) >= 38


def test_no_line_ends_a_paragraph_alone(measured):
    assert [(m.name, m.orphans) for m in measured if m.orphans] == []


def test_every_note_is_one_whole_paragraph_in_its_place(measured):
    assert [(m.name, m.split_notes) for m in measured if m.split_notes] == []


def test_no_page_is_set_closer_than_95_or_looser_than_110_percent(measured):
    assert [(m.name, m.tight) for m in measured if m.tight] == []


def test_the_colophon_is_on_the_last_even_page_with_the_right_number(measured):
    assert [(m.name, m.colophon) for m in measured if m.colophon] == []


def test_pages_before_the_last_end_at_most_two_lines_short(measured):
    """Zero holes over two lines, but where the closing block under the body's last line or two
    is taller than all the room the page had (closed up to 95 %) and the body too short to fill
    the page even opened up to 110 %: README names the case, and the measure checks each such
    page against it (typesetting.closing_too_tall, which `check` applies too)."""
    holes = [(m.name, m.holes) for m in measured if m.holes]
    assert holes == []
