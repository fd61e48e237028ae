"""Tables in HTML: a header row of column headers (`scope`), and a frame that scrolls sideways when
a phone is narrower than the table's columns, so the page itself never does."""

from __future__ import annotations

from markupsafe import Markup

from ... import document as d
from ...wording import printed_words


def scrolling(table: Markup, headers: list[str]) -> Markup:
    """A table in a frame that scrolls sideways when a phone is narrower than its columns (large
    print), rather than the page: focusable, so a keyboard can scroll it, and named by its headers."""
    name = ", ".join(h.strip() for h in headers if h.strip())
    return Markup('<div class="table-wrap" role="group" aria-label="{}" tabindex="0">\n{}</div>\n').format(name, table)


class TableLayout:
    """The HtmlWriter's tables and timelines; it supplies inlines()."""

    def table(self, block: d.Table) -> Markup:
        columns = max([len(block.header), *(len(r) for r in block.rows)])
        pad = lambda row: list(row) + [()] * (columns - len(row))  # noqa: E731
        head = Markup("").join(Markup('<th scope="col">{}</th>').format(self.inlines(c)) if d.plain_text(c).strip()
                               else Markup("<td></td>") for c in pad(block.header))
        rows = []
        rows_style = Markup(' class="write-in" style="--rows: {}"').format(block.row_lines) if block.row_lines else Markup("")
        for row in block.rows:
            cells = []
            for column, cell in enumerate(pad(row)):
                if d.plain_text(cell).strip():
                    cells.append(Markup("<td>{}</td>").format(self.inlines(cell)))
                elif self.fillable:
                    cells.append(self._cell_control(block, row, column))
                else:
                    cells.append(Markup("<td{}></td>").format(rows_style))
            rows.append(Markup("<tr>{}</tr>\n").format(Markup("").join(cells)))
        table = Markup("<table>\n<thead><tr>{}</tr></thead>\n<tbody>\n{}</tbody>\n</table>\n").format(
            head, Markup("").join(rows))
        return scrolling(table, [d.plain_text(c) for c in block.header])

    def _cell_control(self, block: d.Table, row, column: int) -> Markup:
        """A box to type in an empty cell: one line in the answer column (a letter), else as many
        lines as the table's rows; named by the question, its column and its row's first words."""
        header = d.plain_text(block.header[column]).strip() if column < len(block.header) else ""
        words = [d.plain_text(c).strip() for c in row if d.plain_text(c).strip()]
        row_name = next((w for w in words if not w.isdigit()), words[0] if words else "")  # "Lenin", not its "4"
        name = ": ".join(part for part in (self.label, header, row_name) if part)
        if column == block.answer_column:
            control = Markup('<input type="text" size="3" aria-label="{}" data-answer="{}">').format(name, name)
        else:
            control = Markup('<textarea rows="{}" aria-label="{}" data-answer="{}"></textarea>').format(
                max(1, block.row_lines), name, name)
        return Markup("<td>{}</td>").format(control)

    def timeline(self, block: d.Timeline) -> Markup:
        words = printed_words()
        rows = Markup("").join(Markup('<tr><th scope="row">{}</th><td>{}</td></tr>\n').format(e.date, e.event)
                               for e in block.events)
        table = Markup('<table>\n<thead><tr><th scope="col">{}</th><th scope="col">{}</th></tr></thead>\n'
                       '<tbody>\n{}</tbody>\n</table>\n').format(words.timeline_date, words.timeline_event, rows)
        return Markup('<figure class="timeline">\n<figcaption><h3>{}</h3></figcaption>\n{}</figure>\n').format(
            block.title, scrolling(table, [words.timeline_date, words.timeline_event]))
