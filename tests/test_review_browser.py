"""The review page in a real browser: headless Chromium (Debian's package) driven over the
DevTools protocol on a pipe (--remote-debugging-pipe: NUL-separated JSON on fds 3 and 4),
so no websocket library and no browser download is needed."""

from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest

from pipeline.api import reconcile
from pipeline.model import Candidate, ReconciledDocument, Resolved
from pipeline.review import failures_from_frame, render_review, write_review

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60.0


def chromium_binary() -> str | None:
    """Return the Chromium executable to use ($CHROMIUM, else the first on PATH), or None."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    return next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)


class Browser:
    """A headless Chromium with one page, spoken to over the DevTools pipe."""

    def __init__(self, binary: str, profile: Path):
        to_child, self._to_child = os.pipe()
        self._from_child, from_child = os.pipe()

        def give_fds() -> None:
            high_r = fcntl.fcntl(to_child, fcntl.F_DUPFD, 10)
            high_w = fcntl.fcntl(from_child, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.proc = subprocess.Popen(
            [binary, "--headless=new", "--disable-gpu", "--no-sandbox", "--remote-debugging-pipe",
             "--no-first-run", "--no-default-browser-check", f"--user-data-dir={profile}", "about:blank"],
            preexec_fn=give_fds, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(to_child)
        os.close(from_child)
        self._inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        threading.Thread(target=self._read, daemon=True).start()
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable", session=True)

    def _read(self) -> None:
        buf = b""
        with os.fdopen(self._from_child, "rb", buffering=0) as pipe:
            while chunk := pipe.read(65536):
                buf += chunk
                *messages, buf = buf.split(b"\0")
                for raw in messages:
                    self._inbox.put(json.loads(raw))
        self._inbox.put(None)

    def _receive(self) -> dict[str, Any]:
        message = self._inbox.get(timeout=TIMEOUT)
        if message is None:
            raise RuntimeError("Chromium closed the DevTools pipe")
        if "method" in message:
            self.events.append(message)
        return message

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        """Send one command and return its result; events met while waiting are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        while (reply := self._receive()).get("id") != self._next_id:
            pass
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply["result"]

    def open(self, url: str, width: int = 1400, height: int = 2000) -> None:
        """Load `url` in a width x height viewport and wait for its load event and fonts."""
        self.call("Emulation.setDeviceMetricsOverride", session=True,
                  width=width, height=height, deviceScaleFactor=1, mobile=False)
        self.events.clear()
        self.call("Page.navigate", session=True, url=url)
        while not any(e["method"] == "Page.loadEventFired" for e in self.events):
            self._receive()
        self.evaluate("document.fonts.ready.then(() => true)")

    def evaluate(self, expression: str) -> Any:
        """Return the value of a JS expression in the page (promises awaited)."""
        result = self.call("Runtime.evaluate", session=True, expression=expression,
                           returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self) -> bytes:
        """Return a PNG of the viewport."""
        return base64.b64decode(self.call("Page.captureScreenshot", session=True, format="png")["data"])

    def errors(self) -> list[str]:
        """Return the page's uncaught exceptions, console.error calls and error log entries."""
        out = []
        for e in self.events:
            p = e.get("params", {})
            if e["method"] == "Runtime.exceptionThrown":
                details = p.get("exceptionDetails", {})
                out.append(details.get("exception", {}).get("description") or details.get("text", "exception"))
            elif e["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(" ".join(str(a.get("value", a.get("description"))) for a in p.get("args", [])))
            elif e["method"] == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                out.append(p["entry"].get("text", ""))
        return out

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, queue.Empty, OSError):
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_child)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    binary = chromium_binary()
    if binary is None:
        pytest.skip("Chromium not found (apt-get install chromium; `make setup` installs it), "
                    "or set $CHROMIUM to a Chromium/Chrome executable")
    b = Browser(binary, tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


def test_seed_review_page_in_chromium(browser: Browser, tmp_path: Path) -> None:
    result = reconcile([ROOT / "samples" / "text"], use_cache=False)
    page = write_review(render_review(result.reconciled, failures_from_frame(result.failures)), tmp_path / "report.html")
    browser.open(page.as_uri())
    assert browser.errors() == []
    text = browser.evaluate("document.body.innerText")
    assert "โครงการพัฒนาคุณภาพเครือข่ายโรงเรียน" in text
    assert "นายวรวิทย์ เทียงธรรม" in text
    assert browser.evaluate("document.querySelectorAll('table.align th.wit').length") == len(result.reconciled[0].witnesses)
    assert browser.evaluate("document.querySelectorAll('table.align mark').length") > 0
    png = browser.screenshot()
    (tmp_path / "report.png").write_bytes(png)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 10_000


def _doc(doc_id: str, review: int) -> ReconciledDocument:
    fields = {
        "project_name": Resolved("project_name", f"โครงการ {doc_id}", 1.0, "unanimous", False,
                                 (Candidate(f"โครงการ {doc_id}", 2.0, ("a#1", "a#2")),)),
    }
    for i in range(review):
        fields[f"f{i}"] = Resolved(f"f{i}", "x", 0.5, "weighted", True,
                                   (Candidate("x", 1.0, ("a#1",)), Candidate("y", 1.0, ("a#2",))))
    return ReconciledDocument(doc_id, fields, (), ("a#1", "a#2"), ("a",))


def test_index_sorts_and_filters_in_chromium(browser: Browser, tmp_path: Path) -> None:
    docs = [_doc("B", 0), _doc("A", 1), _doc("C", 3)]
    page = write_review(render_review(docs, []), tmp_path / "report.html")
    browser.open(page.as_uri())
    order = "Array.from(document.querySelectorAll('table.index tbody tr')).map(r => r.cells[0].innerText)"
    visible = "Array.from(document.querySelectorAll('section.doc')).filter(s => s.offsetParent !== null).length"
    assert browser.evaluate(order) == ["C", "A", "B"]
    browser.evaluate("document.querySelector('table.index th button').click()")
    assert browser.evaluate(order) == ["A", "B", "C"]
    browser.evaluate("document.querySelector('table.index th button').click()")
    assert browser.evaluate(order) == ["C", "B", "A"]
    browser.evaluate("document.querySelectorAll('table.index th button')[4].click()")
    assert browser.evaluate(order)[-1] == "B"
    assert browser.evaluate(visible) == 3
    browser.evaluate("document.getElementById('only-review').click()")
    rows = "Array.from(document.querySelectorAll('table.index tbody tr')).filter(r => !r.hidden).map(r => r.cells[0].innerText)"
    assert sorted(browser.evaluate(rows)) == ["A", "C"]
    assert browser.evaluate(visible) == 2
    assert browser.errors() == []


def test_a_crop_of_the_scan_opens_at_full_size_in_chromium(browser: Browser, tmp_path: Path) -> None:
    import io

    from PIL import Image, ImageDraw

    from pipeline.crops import data_uri, png

    line = Image.new("L", (900, 60), 255)
    ImageDraw.Draw(line).rectangle((10, 10, 880, 50), fill=0)
    uri = data_uri(png(line))
    doc = _doc("S", 1)
    page = write_review(render_review([doc], [], crops={("a#2", "f0", None): uri}), tmp_path / "report.html")
    browser.open(page.as_uri())
    thumb = "document.querySelector('button.crop img')"
    assert browser.evaluate(f"{thumb}.complete && {thumb}.naturalWidth") == Image.open(io.BytesIO(png(line))).width
    assert browser.evaluate(f"{thumb}.getBoundingClientRect().height") > 0
    assert browser.evaluate("document.getElementById('scan').open") is False
    browser.evaluate("document.querySelector('button.crop').click()")
    assert browser.evaluate("document.getElementById('scan').open") is True
    big = "document.querySelector('#scan img')"
    assert browser.evaluate(f"{big}.src") == uri
    assert browser.evaluate("document.getElementById('scan-caption').textContent") == "a#2 · f0 · read: y"
    assert browser.evaluate(f"{big}.getBoundingClientRect().width") > browser.evaluate(f"{thumb}.getBoundingClientRect().width")
    browser.evaluate("document.querySelector('#scan button').click()")
    assert browser.evaluate("document.getElementById('scan').open") is False
    browser.evaluate("document.getElementById('scans').click()")
    assert browser.evaluate("document.querySelector('button.crop').offsetParent") is None
    assert browser.errors() == []
