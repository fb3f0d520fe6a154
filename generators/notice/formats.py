"""The formats of GB/T 9704: the general one (通用) and the three special ones of clause 10,
each a choice of 版头, closing block, 版记 and first-page numbering."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .context import Context
from .header import add_header_block
from .letter import add_letter_header
from .minutes import add_attendance, add_minutes_header
from .order import add_order_header, add_signer_block


@dataclass(frozen=True)
class Layout:
    header: Callable[[Context], None]
    closing: Callable[[Context], None] | None = None   # None: signature (and seal), date, 附注
    titled: bool = True
    reduced_colophon: bool = False                      # the letter's: 抄送 only, no rules
    first_page_numbered: bool = True


LAYOUTS = {
    "通用": Layout(add_header_block),
    "信函": Layout(add_letter_header, reduced_colophon=True, first_page_numbered=False),
    "命令": Layout(add_order_header, closing=add_signer_block, titled=False),
    "纪要": Layout(add_minutes_header, closing=add_attendance),
}
