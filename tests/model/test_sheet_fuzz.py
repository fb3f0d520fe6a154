"""The seeded sheet fuzz, a few hundred files of it in the suite (bench/sheet_fuzz.py runs
thousands): no crash, no internal error, no hang, and every kind of sheet both read and refused."""
from __future__ import annotations

import pytest

from .sheet_fuzz import fuzz


@pytest.mark.fuzz
def test_mutated_sheets_are_read_or_refused_with_a_message_never_a_crash():
    tally = fuzz(240, seed=36)
    assert tally.files == 240
    assert tally.failures == [], "\n".join(tally.failures)
    assert tally.counts["crash"] == tally.counts["internal"] == tally.counts["hang"] == 0
    for kind in ("csv", "ods", "xls", "xlsx"):     # the mutations reach both outcomes for every kind
        assert tally.kinds[(kind, "read")] and tally.kinds[(kind, "refused")], tally.kinds
