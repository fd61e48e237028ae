"""Picture and statistics sources, and a question's picture, in HTML.

A picture is an <img> with its alt text, as wide a share of the column as it is of the paper's
text width (so it reflows on a phone); a chart is the PNG the DOCX gets, its alt text the figures
in words; a table of figures is a table with its units and source line.
"""

from __future__ import annotations

import base64

from markupsafe import Markup

from ... import document as d
from ...picture_size import printed_size
from ...wording import figure_text, figures_source, figures_units, source_title
from ..chart import chart_png

IMAGE_TYPES = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF8": "image/gif"}
"""The image files `images.py` accepts, by their first bytes."""


def data_uri(data: bytes, name: str) -> str:
    kind = next((mime for magic, mime in IMAGE_TYPES.items() if data.startswith(magic)), None)
    if kind is None:
        raise ValueError(f"the HTML writer cannot tell the type of the image {name!r}")
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


class PictureLayout:
    """HtmlWriter's methods for pictures, statistics and the sources made of them."""

    def picture(self, block: d.Picture) -> Markup:
        width, _ = printed_size(block.pixels, block.width_share, block.width_mm, self.theme)
        share = min(100.0, 100 * width / self.theme.text_width)
        return Markup('<p class="picture"><img src="{}" alt="{}" style="width: {}%; height: auto" '
                      'width="{}" height="{}"></p>\n').format(data_uri(block.data, block.name), block.alt,
                                                              f"{share:.0f}", *block.pixels)

    def statistics(self, block: d.Statistics) -> Markup:
        t = self.theme
        parts = []
        if block.chart == "table":
            if block.units:
                parts.append(Markup('<p class="small">{}</p>\n').format(figures_units(block.units)))
            header = tuple((d.Text(c),) for c in block.columns)
            rows = tuple(((d.Text(label),), *((d.Text(figure_text(v)),) for v in figures))
                         for label, figures in block.rows)
            parts.append(self.table(d.Table(header, rows)))
        else:
            png = chart_png(block, t.text_width, t)
            parts.append(Markup('<p class="picture"><img src="{}" alt="{}" style="width: 100%; height: auto">'
                                '</p>\n').format(data_uri(png, "chart"), block.alt))
        parts.append(Markup('<p class="small caption">{}</p>\n').format(figures_source(block.source)))
        return Markup("").join(parts)

    def source_item(self, block: d.SourceItem) -> Markup:
        heading_id = f"source-{block.letter.lower()}"
        parts = [Markup('<figure class="source-box" aria-labelledby="{}">\n<figcaption>\n<h3 id="{}">{}</h3>\n')
                 .format(heading_id, heading_id, source_title(block.letter, block.title, False)),
                 Markup('<p class="small caption">{}</p>\n').format(block.caption)]
        if block.headnote:
            parts.append(Markup('<p class="small">{}</p>\n').format(block.headnote))
        parts.append(Markup("</figcaption>\n"))
        parts.append(self.picture(block.body) if isinstance(block.body, d.Picture) else self.statistics(block.body))
        parts.append(Markup("</figure>\n"))
        return Markup("").join(parts)
