"""Custom reportlab flowables: ruled answer lines that continue across pages."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable

from ..theme import Theme


class AnswerLines(Flowable):
    """Ruled lines (or a blank box) to write on; splits across pages with "(continued)"."""

    def __init__(self, count: int, theme: Theme, width: float, *, box: bool = False,
                 continued: bool = False, label: str = ""):
        super().__init__()
        self.count = count
        self.theme = theme
        self.box = box
        self.continued = continued
        self.label = label
        self.width = width
        self.label_height = theme.small_size * 1.6 if continued else 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.count * self.theme.answer_line_height + self.label_height + 4
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        room = int((avail_height - 4 - self.label_height) // self.theme.answer_line_height)
        if room < 2 or room >= self.count:
            return []
        return [
            AnswerLines(room, self.theme, avail_width, box=self.box, continued=self.continued, label=self.label),
            AnswerLines(self.count - room, self.theme, avail_width, box=self.box, continued=True, label=self.label),
        ]

    def draw(self) -> None:
        canvas = self.canv
        t = self.theme
        top = self.height
        if self.continued:
            canvas.setFont("DejaVuSans", t.small_size)
            canvas.setFillColor(HexColor(t.accent_colour))
            text = f"{self.label} (continued)" if self.label else "(continued)"
            canvas.drawString(0, top - t.small_size, text)
            top -= self.label_height
        canvas.setStrokeColor(HexColor(t.rule_colour))
        canvas.setLineWidth(0.6)
        if self.box:
            canvas.rect(0, 4, self.width, top - 4)
            return
        for i in range(1, self.count + 1):
            y = top - i * t.answer_line_height
            canvas.line(0, y, self.width, y)
