"""The PDF writer (reportlab): a document, or a class set of copies, as PDF bytes."""

from . import rl_compat  # noqa: F401  first: it imports reportlab.platypus (rl_compat/patterns.py)
from .copies import write_pdf_class, write_pdf_copies, write_pdf_each
from .writer import PdfWriter, write_pdf

__all__ = ["PdfWriter", "write_pdf", "write_pdf_class", "write_pdf_copies", "write_pdf_each"]
