"""Printing the report to PDF (and screenshots) with headless Chromium.

A browser is the only engine that prints our HTML exactly as a reader's browser
shows it, print CSS and inline SVG included.  Each run gets a fresh profile in
a temporary folder and no network features, so nothing leaks between runs and
nothing is fetched.  Chromium is an optional system package: without it the
caller gets a `ProjectorError` that says what to install.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from projector.errors import ProjectorError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT = 120.0  # seconds; a report prints in a few

FLAGS = (
    "--headless",
    "--no-sandbox",  # CI and containers run as root, where the sandbox cannot start
    "--disable-gpu",
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
)


class ChromiumMissing(ProjectorError):
    """Raised when a PDF is asked for and no Chromium is installed."""

    def __init__(self) -> None:
        super().__init__("--pdf needs Chromium: install the 'chromium' package")


def find_chromium() -> str | None:
    """The first Chromium-family browser on PATH, or None."""
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str) -> bytes:
    """Print an HTML page to PDF; the page's own @page rules set paper and margins."""
    return _render(html, "report.pdf", ["--no-pdf-header-footer", "--print-to-pdf={out}"])


def screenshot(html: str, width: int = 1280, height: int = 2400) -> bytes:
    """A PNG of the page as a screen shows it, `width` x `height` CSS pixels."""
    return _render(html, "screen.png", [f"--window-size={width},{height}", "--screenshot={out}"])


def _render(html: str, output: str, args: list[str]) -> bytes:
    browser = find_chromium()
    if browser is None:
        raise ChromiumMissing()
    with tempfile.TemporaryDirectory(prefix="projector-chromium-") as tmp:
        page, out, profile = Path(tmp, "page.html"), Path(tmp, output), Path(tmp, "profile")
        page.write_text(html, encoding="utf-8")
        command = [
            browser,
            *FLAGS,
            f"--user-data-dir={profile}",
            *(a.format(out=out) for a in args),
            page.as_uri(),
        ]
        code, errors = _run(command, tmp)
        if code != 0 or not out.is_file() or out.stat().st_size == 0:
            detail = errors.strip().splitlines()[-1:] or [f"exit code {code}"]
            raise ProjectorError(f"Chromium could not render the report: {detail[0]}")
        return out.read_bytes()


def _run(command: list[str], tmp: str) -> tuple[int, str]:
    """Run Chromium in its own process group, so a hung browser is killed with its children.

    Its own temporary files go into `tmp` too, so a browser stopped half-way (Ctrl-C,
    SIGTERM) leaves nothing behind once `tmp` is removed.
    """
    proc = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "LANG": os.environ.get("LANG", "C.UTF-8"), "TMPDIR": tmp},
    )
    try:
        _, errors = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise ProjectorError(f"Chromium did not finish within {TIMEOUT:.0f} s") from None
    except BaseException:  # Ctrl-C or SIGTERM: the browser's own session would outlive us
        _stop(proc)
        raise
    return proc.returncode, errors


def _stop(proc: subprocess.Popen) -> None:
    """End Chromium's process group: politely first, so it removes its own temporary files."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
