"""The PDF writer (reportlab): a document, or a class set of copies, as PDF bytes."""

from . import rl_compat  # noqa: F401  first: it imports reportlab.platypus (rl_compat/patterns.py)
from .copies import write_pdf_copies
from .writer import PdfWriter, write_pdf

__all__ = ["PdfWriter", "write_pdf", "write_pdf_copies"]
