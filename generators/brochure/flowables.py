"""Layout pieces beyond the paragraph: section markers, a heading kept with what follows,
the tinted panel, a row of photos with their captions, a contents line."""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, Table

from .images import PrintImage
from .paragraph import Para


@dataclass(frozen=True)
class Outline:
    key: str             # bookmark name, unique in the document
    title: str
    level: int           # 0: a point or a part; 1: a section of a point; -1: no outline entry
    header: str = ""     # running header from here on (level 0 only)


@dataclass(frozen=True)
class Link:
    """A contents line's area, to become a link to the page `key` starts on once it is known."""

    page: int            # the page the line is on
    rect: tuple[float, float, float, float]
    key: str


class Marker(Flowable):
    """Zero-size: where a part begins. The document template reads it after placing it."""

    _ZEROSIZE = True

    def __init__(self, outline: Outline):
        super().__init__()
        self.outline = outline

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        pass


class KeepWithNext(Flowable):
    """A heading and what follows it: together, or the heading with the first part of it.

    reportlab's keepWithNext moves the whole following flowable to the next page when it
    does not fit, leaving a gap; a typesetter keeps the heading with a few lines instead."""

    def __init__(self, heading: Flowable, follower: Flowable):
        super().__init__()
        self.heading, self.follower = heading, follower
        self.outline = getattr(heading, "outline", None)

    def _gap(self) -> float:
        return max(self.heading.getSpaceAfter(), self.follower.getSpaceBefore())

    def wrap(self, availWidth, availHeight):
        _, self._head_h = self.heading.wrap(availWidth, availHeight)
        _, self._follow_h = self.follower.wrap(availWidth, max(0, availHeight - self._head_h - self._gap()))
        self.width, self.height = availWidth, self._head_h + self._gap() + self._follow_h
        return self.width, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        room = availHeight - self._head_h - self._gap()
        if room <= 0:
            return []
        parts = self.follower.split(availWidth, room)
        if not parts:
            at_top = getattr(getattr(self, "_frame", None), "_atTop", False)
            return [self.heading, self.follower] if at_top else []
        return [self.heading, *parts]

    def getSpaceBefore(self):
        return self.heading.getSpaceBefore()

    def getSpaceAfter(self):
        return self.follower.getSpaceAfter()

    def draw(self):
        self.heading.drawOn(self.canv, 0, self.height - self._head_h)
        self.follower.drawOn(self.canv, 0, 0)


class KeepWhole(Flowable):
    """Moves to the next page rather than split, unless taller than `limit` points: a short
    list or table split across pages leaves an orphaned row."""

    def __init__(self, content: Flowable, limit: float = 240):
        super().__init__()
        self.content, self.limit = content, limit

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.content.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        return self.content.split(availWidth, availHeight) if self.height > self.limit else []

    def getSpaceBefore(self):
        return self.content.getSpaceBefore()

    def getSpaceAfter(self):
        return self.content.getSpaceAfter()

    def draw(self):
        self.content.drawOn(self.canv, 0, 0)


class Panel(Flowable):
    """Flowables on a tinted ground with an accent bar at the left; splits across pages."""

    def __init__(self, content: list[Flowable], ground: Color, bar: Color, padding: float = 12, bar_width: float = 3,
                 outline: Outline | None = None):
        super().__init__()
        self.content, self.ground, self.bar = content, ground, bar
        self.padding, self.bar_width = padding, bar_width
        self.outline = outline

    def _inner(self, width: float) -> float:
        return width - 2 * self.padding - self.bar_width

    def _heights(self, width: float) -> list[float]:
        return [f.wrap(self._inner(width), 1e6)[1] for f in self.content]

    def _gaps(self) -> list[float]:
        return [0] + [max(a.getSpaceAfter(), b.getSpaceBefore()) for a, b in zip(self.content, self.content[1:])]

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = sum(self._heights(availWidth)) + sum(self._gaps()) + 2 * self.padding
        return self.width, self.height

    def split(self, availWidth, availHeight):
        room = availHeight - 2 * self.padding
        used, inner = 0.0, self._inner(availWidth)
        for index, (flowable, gap, height) in enumerate(zip(self.content, self._gaps(), self._heights(availWidth))):
            if used + gap + height <= room:
                used += gap + height
                continue
            parts = flowable.split(inner, room - used - gap) if room - used - gap > 0 else []
            head = self.content[:index] + parts[:1]
            tail = parts[1:] + self.content[index + 1:] if parts else self.content[index:]
            if not head:
                return []
            return [self._copy(head, self.outline), self._copy(tail, None)]
        return []

    def _copy(self, content: list[Flowable], outline: Outline | None) -> "Panel":
        return Panel(content, self.ground, self.bar, self.padding, self.bar_width, outline)

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.ground)
        canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canvas.setFillColor(self.bar)
        canvas.rect(0, 0, self.bar_width, self.height, stroke=0, fill=1)
        canvas.restoreState()
        y = self.height - self.padding
        inner = self._inner(self.width)
        for flowable, gap in zip(self.content, self._gaps()):
            _, height = flowable.wrap(inner, 1e6)
            y -= gap + height
            flowable.drawOn(canvas, self.padding + self.bar_width, y)


class PhotoRow(Flowable):
    """Photos side by side, each centred in a slot `slot` points wide with its caption
    underneath: one unit that never splits, so a caption always stays with its photo. The
    row is centred on the text block; a photo narrower than its slot (one of other
    proportions than the frame) is centred in it, the captions start under the tallest."""

    FRAME_WIDTH = 0.5

    def __init__(self, photos: list[tuple[PrintImage, Para]], slot: float, gutter: float, frame: Color):
        super().__init__()
        self.photos, self.slot, self.gutter, self.frame = photos, slot, gutter, frame
        self.caption_gap = 5

    def wrap(self, availWidth, availHeight):
        image_h = max(image.height for image, _ in self.photos)
        caption_h = max(caption.wrap(self.slot, 1e6)[1] for _, caption in self.photos)
        self.width, self._image_h = availWidth, image_h
        self.height = image_h + self.caption_gap + caption_h
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        offset = (self.width - len(self.photos) * self.slot - (len(self.photos) - 1) * self.gutter) / 2
        for number, (image, caption) in enumerate(self.photos):
            x = offset + number * (self.slot + self.gutter)
            left, top = x + (self.slot - image.width) / 2, self.height
            canvas.drawImage(image.reader, left, top - image.height, image.width, image.height)
            canvas.saveState()
            canvas.setStrokeColor(self.frame)
            canvas.setLineWidth(self.FRAME_WIDTH)
            canvas.rect(left, top - image.height, image.width, image.height, stroke=1, fill=0)
            canvas.restoreState()
            _, caption_h = caption.wrap(self.slot, 1e6)
            caption.drawOn(canvas, x, top - self._image_h - self.caption_gap - caption_h)


class Bullet(Flowable):
    """A small square in the accent colour, vertically centred on a text line."""

    def __init__(self, colour: Color, size: float, line_height: float):
        super().__init__()
        self.colour, self.size, self.line_height = colour, size, line_height

    def wrap(self, availWidth, availHeight):
        return self.size, self.line_height

    def draw(self):
        self.canv.setFillColor(self.colour)
        self.canv.rect(0, (self.line_height - self.size) / 2, self.size, self.size, stroke=0, fill=1)


class TocLine(Flowable):
    """A contents line: title, dotted leader, page number; the whole line links to the part.

    The number is a form drawn once the layout is finished (`draw_number`), so the contents
    are laid out once although their length decides which page each part starts on."""

    def __init__(self, title: Para, key: str, typesetter, style: str, number_width: float):
        super().__init__()
        self.title, self.key = title, key
        self.typesetter, self.style, self.number_width = typesetter, style, number_width

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        _, self.height = self.title.wrap(availWidth - self.number_width - 24, availHeight)
        return self.width, self.height

    def getSpaceAfter(self):
        return self.title.getSpaceAfter()

    def draw(self):
        canvas, para = self.canv, self.title
        para.drawOn(canvas, 0, 0)
        lines = para.lines_for(para.width)
        leading, size = para.style.leading, para.style.size
        baseline = (leading - size) / 2 + 0.12 * size
        indent = para._indent() if len(lines) == 1 else 0
        last_end = para.drawn_width(lines[-1], para.width - indent) + indent
        canvas.saveState()
        canvas.setStrokeColor(para.style.colour)
        canvas.setLineWidth(0.8)
        canvas.setDash(0.8, 3)
        canvas.line(last_end + 6, baseline, self.width - self.number_width - 4, baseline)
        canvas.translate(self.width, baseline)
        canvas.doForm(self.form_name(self.key))
        canvas.restoreState()
        doc = canvas._doctemplate
        (x0, y0), (x1, y1) = canvas.absolutePosition(0, 0), canvas.absolutePosition(self.width, self.height)
        doc.links.append(Link(canvas.getPageNumber() + doc.offset, (x0, y0, x1, y1), self.key))

    @staticmethod
    def form_name(key: str) -> str:
        return f"toc-{key}"

    @classmethod
    def draw_number(cls, canvas, typesetter, style: str, number_width: float, key: str, number: int) -> None:
        """The form a line's number is: right-aligned on the form's origin."""
        size = getattr(typesetter.style.text, style).size
        canvas.beginForm(cls.form_name(key), -number_width, -size, 0, 2 * size)
        typesetter.draw_string(canvas, 0, 0, str(number), style, anchor="right")
        canvas.endForm()


class FontedTable(Table):
    """A Table whose cell font and colour are ours: reportlab sets each cell's font and colour
    even when the cell holds only flowables, and its defaults would put a non-embedded Helvetica
    and an RGB black in the PDF.
    The fonts exist only once the document's characters are known, hence the late style."""

    def __init__(self, data, typesetter=None, **kwargs):
        super().__init__(data, **kwargs)
        self.typesetter = typesetter

    def wrap(self, availWidth, availHeight):
        if not getattr(self, "_font_set", False):
            self.setStyle([("FONTNAME", (0, 0), (-1, -1), self.typesetter.fonts.names["sans"]),
                           ("TEXTCOLOR", (0, 0), (-1, -1), self.typesetter.style.colour("text"))])   # not RGB black in print
            self._font_set = True
        return super().wrap(availWidth, availHeight)

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.typesetter = self.typesetter
        return parts
