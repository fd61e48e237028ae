"""Keyboard only, in a real browser: Tab reaches the skip link first, Enter on it moves to the
worksheet, and Tab then reaches every link, scrolling table and form control in reading order,
ending at "Save my answers" (a fillable page).

Headless Chromium is driven over its DevTools protocol on a pipe (`--remote-debugging-pipe`:
JSON messages ending in a NUL byte on file descriptors 3 and 4), so no package is needed. Skips
without chromium, unless LESSONPACK_REQUIRE_CLIENTS=1.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import time

import pytest
from test_html_browser import chromium, course_pages

FOCUSABLE = ("a[href], button, input, textarea, select, [tabindex]:not([tabindex='-1'])")
DESCRIBE = ("(function (e) { return e ? [e.tagName, e.id, e.name || '', e.value || '', e.getAttribute('data-answer') || '',"
            " e.getAttribute('aria-label') || '', e.textContent.slice(0, 40)].join('|') : null; })")
EXPECTED = f"""(function () {{
  var seen = {{}};
  return Array.from(document.querySelectorAll("{FOCUSABLE}")).filter(function (e) {{
    if (e.type !== "radio") return true;  // Tab enters a radio group once; the arrow keys move within it
    if (seen[e.name]) return false;
    seen[e.name] = true;
    return true;
  }}).map({DESCRIBE});
}})()"""


class Browser:
    """Headless Chromium, driven over the DevTools protocol on a pipe."""

    def __init__(self):
        commands_read, self.commands = os.pipe()
        self.replies, replies_write = os.pipe()

        def on_fds_3_and_4():  # in the child: the pipe's ends where Chromium looks for them
            read, write = fcntl.fcntl(commands_read, fcntl.F_DUPFD, 10), fcntl.fcntl(replies_write, fcntl.F_DUPFD, 10)
            os.dup2(read, 3)
            os.dup2(write, 4)

        self.process = subprocess.Popen(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--window-size=1280,900", "about:blank"],
            preexec_fn=on_fds_3_and_4, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(commands_read)
        os.close(replies_write)
        self.buffer = b""
        self.count = 0
        self.session = None

    def send(self, method: str, params: dict | None = None) -> dict:
        self.count += 1
        message = {"id": self.count, "method": method, "params": params or {}}
        if self.session and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self.session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self.buffer:
                chunk = os.read(self.replies, 65536)
                assert chunk, "chromium closed the pipe"
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self.count:
                assert "error" not in reply, reply["error"]
                return reply["result"]

    def open(self, uri: str) -> None:
        target = self.send("Target.createTarget", {"url": uri})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for _ in range(100):
            if self.evaluate("location.href + ' ' + document.readyState") == f"{uri} complete":
                return
            time.sleep(0.1)
        raise AssertionError(f"{uri} did not load")

    def evaluate(self, expression: str):
        return self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})["result"].get("value")

    def press(self, key: str, code: int) -> None:
        for kind in ("keyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code,
                                                 **({"text": "\r"} if key == "Enter" and kind == "keyDown" else {})})

    def focused(self) -> str | None:
        return self.evaluate(f"{DESCRIBE}(document.activeElement === document.body ? null : document.activeElement)")

    def close(self) -> None:
        try:
            self.send("Browser.close")
            self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            os.close(self.commands)
            os.close(self.replies)


@pytest.fixture
def browser():
    chromium()
    opened = Browser()
    yield opened
    opened.close()


@pytest.mark.slow
@pytest.mark.parametrize("fillable", [True, False], ids=["fillable", "plain"])
def test_the_keyboard_reaches_every_control_in_reading_order(browser, tmp_path, fillable):
    pages = [(name, data) for name, _, data in course_pages("standard", fillable) if name.endswith("worksheet.html")]
    for name, data in pages:
        page = tmp_path / name
        page.write_bytes(data)
        browser.open(page.as_uri())
        expected = browser.evaluate(EXPECTED)
        assert expected[0].startswith("A|") and "Skip to the worksheet" in expected[0], name
        for _ in range(3):  # a new headless window may take a Tab or two to give the page focus
            browser.press("Tab", 9)
            if browser.focused() == expected[0]:
                break
        visited = [browser.focused()]
        for _ in expected[1:]:
            browser.press("Tab", 9)
            visited.append(browser.focused())
        assert visited == expected, name
        if fillable:
            assert visited[-1].startswith("BUTTON|save-answers"), name
        # the skip link: Enter on it moves the focus to the worksheet itself
        browser.evaluate("document.querySelector('.skip-link').focus()")
        browser.press("Enter", 13)
        assert browser.evaluate("document.activeElement.id") == "main", name
