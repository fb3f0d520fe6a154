"""One unit, many roles: a unit listed on a sheet (points/*.xlsx, one row) and profiled by a
point file (points/<id>.yaml) is one point, matched by its name, so a year whose list of 110
units comes from a sheet and whose 24 profiles come from files has 110 points, in the sheet's
order, and every list and count made of them agrees.

Names are compared as written apart from spaces and the full-width/half-width forms of
digits, letters and brackets (NFKC); a row and a profile that only come close are named
(a 提醒), never silently joined or silently counted twice."""
from __future__ import annotations

import difflib
import unicodedata
from typing import TYPE_CHECKING

from partydocs.reuse.errors import Problem

if TYPE_CHECKING:
    from .parsed import Parsed

CLOSE = 0.8                     # difflib's ratio from which two names are taken for a near-miss
# What a row and a profile must agree on, by the sheet's column: (column, the point's field path, getter).
AGREE = (
    ("社会组织名称", ("organisation",), lambda p: p.organisation),
    ("党组织名称", ("party_org", "name"), lambda p: p.party_org.name),
    ("所在地市", ("location", "city"), lambda p: p.location.city),
)


def name_key(text: str) -> str:
    """A name as compared: （ ) and ( ), １ and 1, spaces anywhere, are not differences."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def unite(profiles: list[Parsed], rows: list[Parsed]) -> tuple[list[Parsed], list[Problem], list[str]]:
    """The year's points: the sheets' rows in their order, a row whose unit has a profile
    replaced by that profile, then the profiles no row lists. Also the problems (a row and its
    profile that disagree) and the 提醒 (names written otherwise, near-misses)."""
    if not rows:
        return profiles, [], []
    valid = [p for p in profiles if p.model]
    by_name = {}
    for profile in valid:
        by_name.setdefault(("organisation", name_key(profile.model.organisation)), profile)
        by_name.setdefault(("party", name_key(profile.model.party_org.name)), profile)
    used: set[int] = set()
    points, problems, notes, alone = [], [], [], []
    for row in rows:
        profile = by_name.get(("organisation", name_key(row.model.organisation))) \
            or by_name.get(("party", name_key(row.model.party_org.name)))
        if profile is None or id(profile) in used:
            points.append(row)
            alone.append(row)
            continue
        used.add(id(profile))
        points.append(profile)
        problems += _disagreements(row, profile)
        notes += _written_otherwise(row, profile)
    rest = [p for p in profiles if id(p) not in used]
    return points + rest, problems, notes + _near_misses(alone, [p for p in rest if p.model])


def _disagreements(row: Parsed, profile: Parsed) -> list[Problem]:
    problems = []
    for column, path, value in AGREE:
        listed, profiled = value(row.model), value(profile.model)
        if name_key(listed) != name_key(profiled):
            problems.append(row.doc.problem(path, f"“{listed}”与 {_at(profile, path)} 中同一单位的“{profiled}”不一致；"
                                                  "同一单位在名单表格和示范点数据文件中应写得一样，请改正其中一处"))
    explicit = row.raw_data.get("id") if isinstance(row.raw_data, dict) else None
    if explicit and explicit != row.model.organisation and explicit != profile.model.id:
        problems.append(row.doc.problem(("id",), f"编号“{explicit}”与 {_at(profile, ('id',))} 的编号“{profile.model.id}”不同，"
                                                 "而两处是同一单位；请改成一样，或删去表格中的编号"))
    return problems


def _written_otherwise(row: Parsed, profile: Parsed) -> list[str]:
    said = []
    for column, path, value in AGREE[:2]:
        listed, profiled = value(row.model), value(profile.model)
        if listed != profiled and name_key(listed) == name_key(profiled):
            said.append(str(row.doc.problem(path, f"“{listed}”与 {_at(profile, path)} 的“{profiled}”只差全角半角或空格，"
                                                  "已当作同一单位（印出的是后者）；建议改成一样")))
    return said


def _near_misses(rows: list[Parsed], profiles: list[Parsed]) -> list[str]:
    """A row no profile matched and a profile no row matched whose names come close: most
    likely one unit typed two ways, now counted twice."""
    said = []
    for row in rows:
        for column, path, value in AGREE[:2]:
            listed = name_key(value(row.model))
            close = [p for p in profiles if _close(listed, name_key(value(p.model)))]
            for profile in close:
                said.append(str(row.doc.problem(path, f"表格中的“{value(row.model)}”与 {_at(profile, path)} 的“{value(profile.model)}”"
                                                      "相近但不相同，现在当作两个单位；若是同一单位，请把两处改成一字不差")))
            if close:
                break
    return said


def _close(one: str, other: str) -> bool:
    matcher = difflib.SequenceMatcher(None, one, other)
    return matcher.real_quick_ratio() >= CLOSE and matcher.quick_ratio() >= CLOSE and matcher.ratio() >= CLOSE


def _at(profile: Parsed, path: tuple) -> str:
    """Where a profile's field is written: file:line."""
    line, _ = profile.doc.position(path)
    return f"{profile.doc.file}:{line}" if line else profile.doc.file
