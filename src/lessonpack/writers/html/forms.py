"""Answers on screen (`--fillable`): a labelled form control for every answer space, and a button
that saves the answers as a text file the student hands in.

Each answer is marked with `data-answer` (the question it answers, as the paper names it); the
save script reads them in order and offers the file as a download made in the page: nothing is
sent anywhere. The script is fixed text; everything from the lesson reaches it only through
escaped attributes.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from ...wording import printed_words

SAVE_SCRIPT = """
document.getElementById("save-answers").addEventListener("click", function () {
  var button = this, lines = [document.title, ""];
  document.querySelectorAll("[data-answer]").forEach(function (item) {
    var value;
    if (item.matches("input, textarea")) {
      value = item.value.trim();
    } else {
      var chosen = item.querySelector("input:checked");
      value = chosen ? chosen.value : "";
    }
    lines.push(item.getAttribute("data-answer") + ": " + (value || button.getAttribute("data-empty")));
  });
  var link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([lines.join("\\n") + "\\n"], {type: "text/plain"}));
  link.download = button.getAttribute("data-file");
  document.body.appendChild(link);
  link.click();
  link.remove();
});
"""


def answers_file(title: str) -> str:
    """The saved file's name: the document's title in letters, digits and dashes."""
    return (re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-") or "answers")[:80] + "-answers.txt"


def save_button(title: str) -> Markup:
    words = printed_words()
    return Markup('<p class="save"><button type="button" id="save-answers" data-file="{}" data-empty="{}">{}'
                  '</button></p>\n').format(answers_file(title), words.no_answer, words.save_answers)


def script() -> Markup:
    return Markup("<script>{}</script>\n").format(Markup(SAVE_SCRIPT))


class Controls:
    """Numbered ids for the form controls of one page."""

    def __init__(self):
        self.count = 0

    def new_id(self) -> str:
        self.count += 1
        return f"answer-{self.count}"
