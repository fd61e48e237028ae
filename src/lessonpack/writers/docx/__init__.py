"""Write a Document as DOCX with python-docx: styles defined once from the theme, used by name.

writer holds the dispatch table and the simple blocks; styles the stylesheet; questions and
tables their layouts; pages the page furniture and the saved package; ooxml the WordprocessingML
python-docx has no API for; compat every reach into python-docx's internals.
"""

from .compat import compile_xpaths_once
from .compat.lookups import look_up_names_once
from .writer import write_docx

compile_xpaths_once()
look_up_names_once()

__all__ = ["write_docx"]
