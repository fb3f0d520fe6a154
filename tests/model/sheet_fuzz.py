"""A seeded fuzz over sheets: mutated .xlsx, .ods, .xls and .csv files read as a build reads
them (partydocs.model.sheets.read_sheet), and what is read written into a DOCX table as the
notice would (python-docx refuses what it cannot hold), each in a reader process of its own
under a memory limit, watched for a crash (the process dies: SIGABRT, SIGSEGV, out of
memory), an internal error (any exception but DataError, or a DataError whose message is not
for a clerk: an English class name, an absolute path) and a hang (no answer in HANG seconds).

Used by bench/sheet_fuzz.py (thousands of files, a table of counts) and by
tests/model/test_sheet_fuzz.py (a few hundred, in the suite). Same seed, same files."""
from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.corpus import workbooks as wb

ROOT = Path(__file__).resolve().parents[2]
HANG = 30.0                          # seconds one file may take before it counts as a hang
MEMORY = 2 * 1024 ** 3               # the reader's address-space limit: a runaway allocation dies, not the machine
KEPT = Path(tempfile.gettempdir()) / "sheet-fuzz-failures"     # the files that failed, to reproduce by hand
CLASS_NAME = re.compile(r"\b[A-Z][A-Za-z]+(?:Error|Exception)\b")
EXTREMES = ["1e300", "-1e300", "NaN", "inf", "-inf", "99999999", "2958465", "-5", "0.5", "1e-300", "123456789012345678",
            "9" * 400, "", "abc", "0x10", "1e15"]
ODD_TEXT = ["\x00", "\x0b", "\x1f", "\x7f", "\x93", "\u202e", "\u2066", "\u200b", "\ufeff", "\u2028", "\uffff",
            "_x000B_", "_x202E_", "&amp;", "]]>", "<", "=HYPERLINK(\"http://x\",\"y\")", "甲" * 3000]
FAR_REFS = ["XFD1048576", "A1048576", "IV65536", "ZZZ1", "A0", "A99999999", "AAAA1", "A-1", "", "1A"]


@dataclass
class Tally:
    counts: Counter = field(default_factory=Counter)      # "read", "refused", "crash", "internal", "hang"
    kinds: Counter = field(default_factory=Counter)       # by the seed's kind
    failures: list[str] = field(default_factory=list)     # one line per crash, internal error or hang
    slowest: tuple[float, str] = (0.0, "")                # seconds, the file's name and kind of mutation

    @property
    def files(self) -> int:
        return sum(self.counts.values())


# ---- the seeds and their mutations -----------------------------------------------------------

def seeds() -> dict[str, bytes]:
    """The sample's list as each kind of sheet a clerk receives."""
    csv_text = "\n".join(",".join(str(value) for value in row) for row in wb.SAMPLE_ROWS) + "\n"
    return {
        "xlsx": wb.xlsx(wb.sample_parts()),
        "ods": wb.ods("".join(wb.ods_row(row) for row in wb.SAMPLE_ROWS)),
        "xls": wb.SEED_XLS.read_bytes(),
        "csv": csv_text.encode("utf-8"),
    }


def mutated(kind: str, seed: bytes, rng: random.Random) -> bytes:
    """One mutation of a seed: byte damage for every kind, or a change a writer of that kind
    could make (an extreme value, a far cell, an odd character, a bomb, a lying count)."""
    if kind == "csv":
        return _csv(seed, rng)
    if kind == "xls":
        return _bytes(seed, rng, rng.randint(1, 8)) if rng.random() < 0.7 else _xls_records(seed, rng)
    if rng.random() < 0.3:
        return _bytes(seed, rng, rng.randint(1, 6))
    return _ods_xml(rng) if kind == "ods" else _xlsx_xml(rng)


def _bytes(data: bytes, rng: random.Random, times: int) -> bytes:
    out = bytearray(data)
    for _ in range(times):
        choice = rng.random()
        at = rng.randrange(len(out) or 1)
        if choice < 0.4 and out:
            out[at] = rng.randrange(256)
        elif choice < 0.6:
            del out[at:at + rng.randint(1, 64)]
        elif choice < 0.8:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        else:
            out = out[:at]
    return bytes(out)


def _cell_value(rng: random.Random):
    choice = rng.random()
    if choice < 0.35:
        style = rng.choice(["", ' s="1"', ' t="n"'])
        return wb.Raw(f'<c r="{{ref}}"{style}><v>{rng.choice(EXTREMES)}</v></c>')
    if choice < 0.7:
        return "中共" + rng.choice(ODD_TEXT) + "东莞"
    if choice < 0.85:
        return wb.Raw(f'<c r="{{ref}}" t="{rng.choice(["s", "e", "b", "d", "str", "bogus"])}"><v>{rng.choice(EXTREMES)}</v></c>')
    formula = rng.choice(["1/0", 'HYPERLINK("x","y")', "A1"])
    return wb.Raw(f'<c r="{{ref}}" t="str"><f>{formula}</f>{rng.choice(["", "<v>东莞市</v>", "<v>#DIV/0!</v>"])}</c>')


def _xlsx_xml(rng: random.Random) -> bytes:
    choice = rng.random()
    rows = [list(row) for row in wb.SAMPLE_ROWS]
    if choice < 0.45:
        for _ in range(rng.randint(1, 3)):
            rows[rng.randrange(len(rows))][rng.randrange(3)] = _cell_value(rng)
        return wb.xlsx(wb.parts(wb.sheet_xml(rows, rng.choice([None, "A1:C4", "A1:XFD1048576", "bogus"]))))
    if choice < 0.6:
        ref = rng.choice(FAR_REFS)
        row = re.sub(r"\D", "", ref) or "1"
        extra = f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'
        return wb.xlsx(wb.parts(wb.sheet_xml(rows, None, extra)))
    if choice < 0.7:
        count = rng.choice(["4000000000", "-1", "abc", "1e9", "3", "99999999999999999999"])
        return wb.xlsx(wb.parts(wb.sheet_xml(rows), shared=f'<sst xmlns="{wb.MAIN}" count="{count}" uniqueCount="{count}">'
                                                      '<si><t>x</t></si></sst>'))
    if choice < 0.75:
        unit = rng.choice(["A", "<si><t>A</t></si>", '<row><c t="inlineStr"><is><t>x</t></is></c></row>'])
        name = "xl/sharedStrings.xml" if "si" in unit or unit == "A" else "xl/worksheets/sheet1.xml"
        head, tail = ((f'<sst xmlns="{wb.MAIN}"><si><t>', "</t></si></sst>") if unit == "A" else
                      (f'<sst xmlns="{wb.MAIN}">', "</sst>") if "si" in unit else
                      (f'<worksheet xmlns="{wb.MAIN}"><sheetData>', "</sheetData></worksheet>"))
        return wb.with_bomb(wb.parts(wb.sheet_xml(rows), shared=""), name, head, unit,
                            rng.choice([10_000, 300_000, 3_000_000, 60_000_000]) // max(1, len(unit) // 4), tail)
    if choice < 0.85:
        sheet = wb.sheet_xml(rows)
        cut = rng.randrange(len(sheet))
        broken = rng.choice([sheet[:cut], sheet[:cut] + "<" + sheet[cut:],
                             '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>' + sheet.replace("东莞市", "&b;", 1),
                             sheet.replace("<row", "<row r=\"0\"", 1), sheet.replace('r="C4"', 'r="C4" s="99999"')])
        return wb.xlsx(wb.parts(broken))
    parts = wb.parts(wb.sheet_xml(rows))
    victim = rng.choice(list(parts))
    if rng.random() < 0.5:
        del parts[victim]
    else:
        parts[victim] = _bytes(parts[victim].encode("utf-8") if isinstance(parts[victim], str) else parts[victim], rng, 3)
    return wb.xlsx(parts)


def _ods_xml(rng: random.Random) -> bytes:
    rows = [wb.ods_row(row) for row in wb.SAMPLE_ROWS]
    choice = rng.random()
    if choice < 0.4:
        rows.append(wb.ods_row(["中共" + rng.choice(ODD_TEXT)], rng.choice([1, 2, 30_000, 1_048_000])))
    elif choice < 0.7:
        repeat = rng.choice(["16384", "1000", "abc", "-1", "99999999999"])
        rows.append(f'<table:table-row><table:table-cell table:number-columns-repeated="{repeat}" office:value-type="string">'
                    '<text:p>x</text:p></table:table-cell></table:table-row>')
    else:
        value_type = rng.choice(["float", "date", "percentage", "boolean", "time", "currency"])
        value = rng.choice(EXTREMES + ["99999-01-01", "-0001-01-01", "P99999999H"])
        attr = {"date": "date-value", "time": "time-value", "boolean": "boolean-value"}.get(value_type, "value")
        rows.append(f'<table:table-row><table:table-cell office:value-type="{value_type}" office:{attr}="{value}">'
                    '<text:p>?</text:p></table:table-cell></table:table-row>')
    return wb.ods("".join(rows))


def _xls_records(seed: bytes, rng: random.Random) -> bytes:
    import struct

    raw = bytearray(seed)
    record = wb.XLS_C4
    at = raw.find(record)
    row, column = rng.choice([(65535, 255), (30000, 3), (3, 255), (0, 0), (20001, 2)])
    raw[at + 4:at + 8] = struct.pack("<HH", row, column)
    sst = raw.find(bytes.fromhex("fc00"))
    if sst >= 0 and rng.random() < 0.5:
        raw[sst + 4:sst + 12] = struct.pack("<II", *(rng.choice([0xFFFFFFFF, 7, 0]),) * 2)
    return bytes(raw)


def _csv(seed: bytes, rng: random.Random) -> bytes:
    text = seed.decode("utf-8")
    choice = rng.random()
    if choice < 0.2:
        return _bytes(seed, rng, rng.randint(1, 8))
    if choice < 0.35:
        return text.replace("东莞市", '"' + "甲" * rng.choice([1000, 70_000, 140_000]), 1).encode("utf-8")
    if choice < 0.5:
        return text.replace("\n", "," * rng.choice([10, 300, 100_000]) + "\n", 1).encode("utf-8")
    if choice < 0.6:
        return (text + "\n" * rng.choice([100, 30_000, 3_000_000])).encode("utf-8")
    if choice < 0.8:
        return text.replace("东莞市", "东莞" + rng.choice(ODD_TEXT), 1).encode("utf-8", "surrogatepass")
    return text.encode(rng.choice(["gb18030", "utf-16", "utf-8-sig", "big5", "latin-1"]), "replace")


# ---- the reader process and its keeper ----------------------------------------------------------

READER = r"""
import io, json, sys, traceback, resource
resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
from pathlib import Path
from partydocs.model.sheets import read_sheet
from partydocs.reuse.errors import DataError
import docx

for line in sys.stdin:
    path = Path(line.strip())
    try:
        sheet = read_sheet(path, "data/2021/" + path.name)
        document = docx.Document()
        table = document.add_table(rows=0, cols=len(sheet.header))
        for row in (sheet.header, *sheet.rows[:50]):
            cells = table.add_row().cells
            for cell, value in zip(cells, row):
                cell.text = value.text
        document.save(io.BytesIO())
        answer = {"status": "read"}
    except DataError as error:
        answer = {"status": "refused", "messages": error.messages()}
    except BaseException as error:
        answer = {"status": "internal", "messages": [traceback.format_exc()[-600:]]}
    print(json.dumps(answer), flush=True)
"""


class Reader:
    """A reader process fed one path at a time; started again after it dies or hangs."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    def read(self, path: Path) -> dict:
        if self.process is None or self.process.poll() is not None:
            code = os.environ.get("SHEET_FUZZ_CODE", str(ROOT))      # another tree's partydocs, to compare
            self.process = subprocess.Popen([sys.executable, "-c", READER.replace("MEMORY", str(MEMORY))], cwd=code,
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                            text=True, encoding="utf-8")
        process = self.process
        process.stdin.write(f"{path}\n")
        process.stdin.flush()
        answer = _line_within(process, HANG)
        if answer is None or answer == "":          # no answer in time, or the process ended (its output closed)
            status = "hang" if answer is None else "crash"
            self.close()
            return {"status": status, "messages": [f"exit {process.returncode}"]}
        return json.loads(answer)

    def close(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            self.process = None


def _line_within(process: subprocess.Popen, seconds: float) -> str | None:
    """The reader's answer; "" when it died first, None when it gave none within `seconds`."""
    import selectors

    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(seconds):
            return None
    return process.stdout.readline()


def judged(answer: dict, folder: Path) -> str:
    """The answer's status, an unfit message to a clerk counting as an internal error."""
    if answer["status"] == "refused":
        text = "\n".join(answer["messages"])
        if CLASS_NAME.search(text) or str(folder) in text or "Traceback" in text:
            return "internal"
    return answer["status"]


def fuzz(files: int, seed: int = 36, progress=None) -> Tally:
    """`files` mutated sheets, the seeds taken in turn, each read once."""
    rng = random.Random(seed)
    kinds = seeds()
    order = sorted(kinds)
    tally = Tally()
    reader = Reader()
    try:
        with tempfile.TemporaryDirectory(prefix="sheet-fuzz-") as temporary:
            folder = Path(temporary)
            for number in range(files):
                kind = order[number % len(order)]
                path = folder / f"名单{number}.{kind}"
                path.write_bytes(mutated(kind, kinds[kind], rng))
                started = time.perf_counter()
                answer = reader.read(path)
                tally.slowest = max(tally.slowest, (time.perf_counter() - started, f"{path.name} ({path.stat().st_size} bytes)"))
                status = judged(answer, folder)
                tally.counts[status] += 1
                tally.kinds[(kind, status)] += 1
                if status in ("crash", "internal", "hang"):
                    tally.failures.append(f"{path.name}: {status}: {' | '.join(answer.get('messages', []))[:300]}")
                    KEPT.mkdir(exist_ok=True)
                    (KEPT / path.name).write_bytes(path.read_bytes())
                path.unlink()
                if progress:
                    progress(number + 1, tally)
    finally:
        reader.close()
    return tally

