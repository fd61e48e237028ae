"""Text escaped for reportlab's paragraph markup, exactly as `xml.sax.saxutils` escapes it.

Not saxutils itself: importing it imports urllib.request, http.client and ssl, about a
fortieth of a second of every fresh PDF build spent on nothing the writer uses.
`tests/test_pdf_escaping.py` checks both functions against saxutils.
"""

from __future__ import annotations


def xml_escape(data: str, entities: dict[str, str] | None = None) -> str:
    """&, < and > as entities, then each of `entities` replaced (`xml.sax.saxutils.escape`)."""
    data = data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for key, value in (entities or {}).items():
        data = data.replace(key, value)
    return data


def quoteattr(data: str) -> str:
    """An attribute value escaped and in quotes (`xml.sax.saxutils.quoteattr`): line ends and tabs as
    character references; single quotes around a value with a double quote, unless it has both."""
    data = xml_escape(data, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})
    if '"' not in data:
        return f'"{data}"'
    if "'" not in data:
        return f"'{data}'"
    return '"{}"'.format(data.replace('"', "&quot;"))
