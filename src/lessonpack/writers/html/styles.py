"""The style sheet of an HTML document, made from the theme, so every print profile is a style sheet.

The writer never names a profile: large print, dyslexia-friendly and high-contrast papers differ
only in their theme (sizes, fonts, page colour, italics, plain boxes), and the CSS is read off it,
as the PDF and DOCX writers read their looks. Sizes are in rem relative to the standard paper's
body size, so the reader's own browser text size scales everything; the layout reflows from
320 px wide (no fixed widths) and follows the reader's colour-scheme and motion settings.
"""

from __future__ import annotations

from ...page_rules import LARGE_PRINT_SIZE
from ...theme import BOX_STYLES, STANDARD, Theme

DARK = {"text": "#E8E6E3", "page": "#121212", "accent": "#9CC3F5", "box": "#1E2329", "rule": "#8A96A3"}
"""The colours of a dark colour scheme (prefers-color-scheme: dark); each holds AA contrast on the page."""
DARK_CREAM_PAGE = "#1F1B14"
LARGE_PHONE_HEADINGS = "  h1 { font-size: 1.2em; } h2 { font-size: 1.1em; } h3, h4 { font-size: 1em; }\n"
"""Large print's titles at 1.5 times its body break their words in two on a phone; never under the body size."""
"""A tinted paper's dark page: warm, as the cream paper is."""


def rem(points: float, theme: Theme | None = None) -> str:
    """A size in points as rem, where 1rem is the standard paper's body size (the browser's text size)."""
    return f"{points / STANDARD.body_size:.4g}rem"


def em(points: float, of: float) -> str:
    return f"{points / of:.4g}em"


def family(font: str) -> str:
    """A CSS font stack: the theme's face if the reader has it, else the same kind of face."""
    generic = "sans-serif" if "Sans" in font else "serif"
    fallback = "Verdana, Arial" if generic == "sans-serif" else "Georgia, 'Times New Roman'"
    return f"'{font}', {fallback}, {generic}"


def stylesheet(theme: Theme) -> str:
    """The whole style sheet for a document printed with this theme."""
    t = theme
    page = t.page_colour or "#FFFFFF"
    dark_page = DARK_CREAM_PAGE if t.page_colour else DARK["page"]
    body = t.body_size
    parts = [f""":root {{
  --text: {t.text_colour}; --page: {page}; --accent: {t.accent_colour}; --box: {t.box_colour};
  --rule: {t.rule_colour}; --rule-width: {max(1.0, t.rule_width):.2g}px; --box-rule: {max(1.0, t.box_rule_width):.2g}px;
  --answer-line: {rem(t.answer_line_height)};
}}
@media (prefers-color-scheme: dark) {{
  :root {{ --text: {DARK['text']}; --page: {dark_page}; --accent: {DARK['accent']}; --box: {DARK['box']};
    --rule: {DARK['rule']}; }}
}}
*, *::before, *::after {{ box-sizing: border-box; }}
html {{ -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
@media (prefers-reduced-motion: no-preference) {{ html {{ scroll-behavior: smooth; }} }}
@media (prefers-reduced-motion: reduce) {{
  *, *::before, *::after {{ animation: none !important; transition: none !important; scroll-behavior: auto !important; }}
}}
body {{
  margin: 0; background: var(--page); color: var(--text);
  font-family: {family(t.body_font)}; font-size: {rem(body)}; line-height: {t.line_spacing:g};
  overflow-wrap: break-word;
}}
.page-header, .page-footer, main {{ max-width: 42em; margin: 0 auto; padding: 0 1rem; }}
.page-header {{ padding-top: 1rem; border-bottom: var(--rule-width) solid var(--rule); }}
.page-header p, .page-footer p {{ font-family: {family(t.heading_font)}; font-size: {em(max(t.small_size, t.note), body)}; }}
.page-header p, .page-footer p {{ margin: 0.25em 0; }}
.page-footer {{ margin-top: 2em; padding-bottom: 1rem; border-top: var(--rule-width) solid var(--rule); }}
main {{ padding-bottom: 1rem; }}
main:focus {{ outline: none; }}
a {{ color: var(--accent); }}
a:focus-visible, [tabindex]:focus-visible {{ outline: 3px solid var(--accent); outline-offset: 2px; }}
.skip-link {{ position: absolute; left: 0.5rem; top: -10em; padding: 0.5em 1em; background: var(--page);
  color: var(--accent); border: 2px solid var(--accent); z-index: 1; }}
.skip-link:focus {{ top: 0.5rem; }}
.visually-hidden {{ position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }}
p {{ margin: 0 0 {em(t.paragraph_space, body)}; }}
h1, h2, h3, h4, h5, h6 {{ font-family: {family(t.heading_font)}; color: var(--accent); line-height: 1.25;
  margin: {t.heading_space_above:g}em 0 {t.heading_space_below:g}em; }}
h1 {{ font-size: {em(t.heading_sizes[0], body)}; }}
h2 {{ font-size: {em(t.heading_sizes[1], body)}; }}
h3, h4, h5, h6 {{ font-size: {em(t.heading_sizes[2], body)}; }}
.small {{ font-size: {em(t.note, body)}; }}
img {{ max-width: 100%; height: auto; }}
figure {{ margin: 0 0 1em; }}
figcaption {{ font-size: {em(t.note, body)}; }}
.box, .word-bank, .source-box, .answer-box {{ border: var(--box-rule) solid var(--rule); padding: 0.5em 0.75em;
  margin: 0 0 1em; border-radius: 2px; }}
.box-title {{ font-family: {family(t.heading_font)}; font-weight: bold; }}
.grid {{ display: grid; gap: {rem(t.grid_gap)}; grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
  margin: 0 0 1em; }}
.grid > * {{ margin: 0; }}
.table-wrap {{ overflow-x: auto; margin: 0 0 1em; }}
table {{ border-collapse: collapse; font-size: {em(t.note, body)}; width: 100%; }}
th, td {{ border: var(--rule-width) solid var(--rule); padding: 0.3em 0.5em; text-align: left; vertical-align: top; }}
thead th {{ background: var(--box); }}
.write-in {{ min-height: calc(var(--rows, 1) * var(--answer-line)); }}
.source-box {{ background: var(--box); }}
.source-box h3 {{ margin-top: 0; }}
.source-box blockquote {{ margin: 0 0 0.5em; font-size: {em(t.extract_size, body)}; }}
.source-box blockquote p {{ margin: 0; }}
.source-line {{ display: block; position: relative; padding: 0 3.2em 0 3.6em; text-indent: -0.8em; }}
.line-number, .para-number {{ position: absolute; top: 0; font-size: {em(t.small_size, t.extract_size)};
  font-family: {family(t.heading_font)}; }}
.line-number {{ left: 0; width: 2.2em; text-align: right; }}
.para-number {{ right: 0; text-indent: 0; }}
.line-number {{ text-indent: 0; }}
.source-line:target {{ outline: 2px solid var(--accent); outline-offset: 1px; }}
@media (max-width: 30em) {{
  /* a phone: the ¶ number moves before its line, giving the text the right-hand gutter */
  .source-line {{ padding-right: 0; padding-left: 3em; }}
  .para-number {{ position: static; float: right; margin-left: 0.5em; }}
  /* a word wider than a phone (large print) breaks rather than push the page sideways */
  body {{ overflow-wrap: anywhere; }}
  table {{ overflow-wrap: break-word; }}  /* whole words: a table too wide scrolls in its frame */
  ol.questions {{ padding-left: 1.6em; }}
{LARGE_PHONE_HEADINGS if body >= LARGE_PRINT_SIZE else ""}}}
.glossary {{ font-size: {em(t.note, body)}; margin: 0; }}
.glossary dt {{ font-weight: bold; display: inline; }}
.glossary dt::after {{ content: ": "; }}
.glossary dd {{ display: inline; margin: 0; }}
.glossary dd::after {{ content: ""; display: block; }}
ol.questions {{ padding-left: 2em; margin: 0 0 1em; }}
ol.questions > li {{ margin: 0 0 1.5em; padding-left: 0.3em; }}
ol.questions > li::marker {{ font-weight: bold; font-family: {family(t.heading_font)}; }}
ol.parts {{ list-style-type: none; padding-left: 0; }}
ol.parts > li {{ position: relative; padding-left: 2em; }}
.part-number {{ position: absolute; left: 0; font-weight: bold; }}
.marks {{ text-align: right; font-size: {em(t.note, body)}; font-weight: bold; margin: 0 0 0.3em; }}
.answer-lines {{ height: calc(var(--lines) * var(--answer-line)); margin: 0 0 0.5em;
  background-image: repeating-linear-gradient(to bottom, transparent 0, transparent calc(var(--answer-line) - var(--rule-width)),
    var(--rule) calc(var(--answer-line) - var(--rule-width)), var(--rule) var(--answer-line)); }}
.answer-box {{ height: calc(var(--lines) * var(--answer-line)); background: var(--page); }}
.choices {{ list-style: none; padding-left: 0; margin: 0 0 1em; }}
.choices li {{ display: flex; gap: 0.6em; align-items: baseline; margin: 0 0 0.4em; }}
.choices li > span:last-child {{ min-width: 0; }}
.tick-box {{ display: inline-block; flex: none; width: 1em; height: 1em; border: 2px solid var(--text);
  vertical-align: -0.15em; }}
.order-box {{ width: 1.45em; height: 1.45em; }}
.true-false td {{ text-align: center; vertical-align: middle; width: 5em; }}
.true-false th[scope=row] {{ font-weight: normal; }}
.word-bank {{ background: var(--box); }}
.word-bank ul {{ display: inline; padding: 0; margin: 0; }}
.word-bank li {{ display: inline-block; margin: 0 1.2em 0 0; }}
.details {{ display: flex; flex-wrap: wrap; gap: 0.5em 1.5em; margin: 0 0 1em; }}
.details span.write-on {{ display: inline-block; min-width: min(8em, 55vw); border-bottom: var(--rule-width) solid var(--text); }}
textarea, input[type=text] {{ font: inherit; color: var(--text); background: var(--page);
  border: var(--rule-width) solid var(--text); border-radius: 2px; padding: 0.2em 0.4em; max-width: 100%; }}
textarea {{ display: block; width: 100%; line-height: {t.line_spacing:g}; margin: 0 0 0.5em; }}
input[type=radio] {{ width: 1.2em; height: 1.2em; margin: 0; flex: none; accent-color: var(--accent); }}
input.gap {{ width: 8em; padding: 0 0.3em; }}
.order-input {{ width: 2.6em; text-align: center; flex: none; }}
.answer-label {{ display: block; font-size: {em(t.note, body)}; margin: 0.3em 0 0.2em; }}
fieldset.choices {{ border: 0; padding: 0; margin: 0; min-width: 0; }}
.details input {{ min-width: 8em; }}
.save button {{ font: inherit; font-weight: bold; padding: 0.5em 1em; color: var(--page); background: var(--accent);
  border: 2px solid var(--accent); border-radius: 4px; cursor: pointer; }}
textarea:focus-visible, input:focus-visible, button:focus-visible {{ outline: 3px solid var(--accent); outline-offset: 2px; }}
.page-break {{ border: 0; margin: 2em 0; border-top: 1px dashed var(--rule); }}
.mark {{ font-size: 1.2em; }}
"""]
    if not t.italics:  # dyslexia style guides: emphasis and captions upright
        parts.append("em, i, figcaption, .caption { font-style: normal; } em { font-weight: bold; }\n")
    if t.plain_boxes:  # high contrast: every box black on white (or the reverse in a dark scheme)
        parts.append(".box, .word-bank, .source-box { background: var(--page); border-color: var(--text); }\n")
    else:
        for role, (background, border, dashed) in BOX_STYLES.items():
            style = "dashed" if dashed else "solid"
            parts.append(f".box-{role} {{ background: {background}; border-color: {border}; border-style: {style}; }}\n")
        parts.append("@media (prefers-color-scheme: dark) { .box { background: var(--box); } }\n")
    parts.append(_print(theme))
    return "".join(parts)


def _print(theme: Theme) -> str:
    """The print style sheet: the paper's size and margins, black on white, nothing for the screen only."""
    t = theme
    mm = 25.4 / 72
    return f"""@media print {{
  @page {{ size: {t.page_size};
    margin: {t.margin_top * mm:.0f}mm {t.margin_right * mm:.0f}mm {t.margin_bottom * mm:.0f}mm {t.margin_left * mm:.0f}mm; }}
  :root {{ --text: #000; --page: {t.page_colour or '#FFF'}; --accent: {t.accent_colour}; --rule: {t.rule_colour}; }}
  body {{ font-size: {t.body_size:g}pt; }}
  .page-header, .page-footer, main {{ max-width: none; padding: 0; }}
  .skip-link, .save {{ display: none; }}
  a {{ color: inherit; }}
  h1, h2, h3, .box-title, .source-box h3 {{ break-after: avoid; }}
  .box, .word-bank, figure, tr, .choices li, .answer-box {{ break-inside: avoid; }}
  .source-line {{ break-inside: avoid; }}
  .marks, .answer-lines, .answer-box {{ break-before: avoid; }}  /* marks with their question, as on paper */
  .choices, .answer-lines {{ break-inside: avoid; }}
  ol.questions > li > p:first-of-type {{ break-after: avoid; }}  /* a stem with what follows it */
  .answer-lines, .source-box, .box, .word-bank {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  .page-break {{ break-after: page; border: 0; margin: 0; }}
  .table-wrap {{ overflow: visible; }}
}}
"""
