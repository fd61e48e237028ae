"""Pinning tests for rl_compat/patterns.py (entry DEFERRED_PATTERNS): reportlab's paragraph module
imported with its patterns compiled when first used. Each fails, naming the entry, if the installed
reportlab no longer compiles them as the entry relies on; they look at reportlab's private module
attributes on purpose, as tests/test_compat_reportlab.py does."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import reportlab

from lessonpack.writers.pdf.rl_compat.patterns import DeferredPattern

FIRST_IMPORT = """
import re, sys
from lessonpack.writers.pdf import rl_compat
import reportlab.platypus.paragraph as paragraph
import reportlab.lib.textsplit as textsplit
print(type(paragraph.uri_pat).__name__, paragraph.uri_pat._compiled is None, type(textsplit.rx).__name__,
      re.compile is re._compile.__globals__["compile"])
"""


def pinned(condition: bool, what: str) -> None:
    assert condition, (f"rl_compat DEFERRED_PATTERNS: {what} (reportlab {reportlab.Version}); "
                       f"see src/lessonpack/writers/pdf/rl_compat/patterns.py")


def test_the_web_address_pattern_is_compiled_only_when_used():
    result = subprocess.run([sys.executable, "-c", FIRST_IMPORT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    kind, uncompiled, split_kind, restored = result.stdout.split()
    pinned(kind == "DeferredPattern", "reportlab.platypus.paragraph no longer compiles uri_pat in its module body")
    pinned(split_kind == "DeferredPattern", "reportlab.lib.textsplit no longer compiles rx as reportlab.platypus imports")
    pinned(uncompiled == "True", "importing reportlab.platypus now uses the web-address pattern")
    assert restored == "True"  # re.compile is the standard library's own again


MATCHES = """
import json, re
from lessonpack.writers.pdf import rl_compat
import reportlab.platypus.paragraph as paragraph
import reportlab.lib.textsplit as textsplit
deferred = paragraph.uri_pat
compiled = re.compile(deferred.pattern, deferred.flags)
def seen(m):
    return m and [m.span(), m.groups()]
texts = ["https://example.org/a/b/c", "http://192.168.0.1:8080/x?y=1", "ftp://user:pw@host.example/",
         "not a web address", "www.example.org", "https://\u00ebxample.org/\u00fcn\u00efcode/path"]
print(json.dumps({"deferred": type(deferred).__name__, "same": [seen(deferred.match(t)) == seen(compiled.match(t))
                  for t in texts], "split": paragraph._uri_split_pairs("https://example.org/a/b"),
                  "cjk": textsplit.rx.sub(r"\\1|", "\u4e2d\u6587 ab") == "\u4e2d|\u6587| ab"}))
"""


def test_a_deferred_pattern_matches_as_the_compiled_one():
    result = subprocess.run([sys.executable, "-c", MATCHES], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    pinned(found["deferred"] == "DeferredPattern", "uri_pat is not deferred")
    assert all(found["same"]) and found["cjk"]
    pinned(found["split"] == [["https://example.org/a/", "b"], ["https://example.org/", "a/b"],
                              ["https://", "example.org/a/b"]], "breaks a web address differently")


def test_a_deferred_pattern_compiles_once_and_answers_as_a_pattern():
    deferred = DeferredPattern(r"(a+)(b)?", re.I)
    assert deferred.match("AAb").groups() == ("AA", "b") and deferred.compiled() is deferred.compiled()
    assert deferred.split("xAbyaz") == re.compile(r"(a+)(b)?", re.I).split("xAbyaz")
