"""A screenshot of the rendered page, taken with headless Chromium (Debian's ``chromium``).

The WARC proves what the server sent; a screenshot shows what a reader saw,
which is what a court or an editor looks at first. It is kept as a PNG item of
its own, derived from the WARC, with its perceptual hash like any image.

The browser loads the page and its resources itself, a second fetch made after
the WARC's: a page can differ between the two, which the item's metadata says
(the time of each). Screenshots are opt-in (``--screenshot``), and the browser
runs with a fresh profile, no extensions and no background networking. The
address checks of :mod:`whodid.capture.fetch` cover the page's URL, not the
resources the page pulls in, which is why it is opt-in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class ScreenshotError(Exception):
    """No screenshot could be taken; one line says why."""


def browser() -> str | None:
    """The Chromium executable: ``WHODID_CHROMIUM``, else the first on the PATH."""
    explicit = os.environ.get("WHODID_CHROMIUM", "").strip()
    if explicit:
        return explicit if Path(explicit).is_file() else None
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def screenshot(url: str, *, width: int = 1280, height: int = 1600, timeout: float = 60.0) -> bytes:
    """The PNG of ``url`` rendered at ``width`` x ``height`` CSS pixels."""
    exe = browser()
    if exe is None:
        raise ScreenshotError(
            "no Chromium found for the screenshot: install Debian's chromium or set WHODID_CHROMIUM"
        )
    with tempfile.TemporaryDirectory(prefix="whodid-shot-") as tmp:
        out = Path(tmp) / "shot.png"
        command = [
            exe,
            "--headless",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-sync",
            "--mute-audio",
            f"--user-data-dir={tmp}/profile",
            f"--window-size={width},{height}",
            f"--screenshot={out}",
            url,
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to sandbox as root
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False, cwd=tmp)
        except subprocess.TimeoutExpired:
            raise ScreenshotError(f"{url}: the browser did not finish within {timeout:g} s") from None
        except OSError as exc:
            raise ScreenshotError(f"cannot run {exe}: {exc}") from None
        if not out.is_file():
            raise ScreenshotError(f"{url}: the browser wrote no screenshot")
        data = out.read_bytes()
    if not data.startswith(PNG_MAGIC):
        raise ScreenshotError(f"{url}: the browser's screenshot is not a PNG")
    return data


def version() -> str | None:
    """The browser's version line, for the item's metadata."""
    exe = browser()
    if exe is None:
        return None
    try:
        result = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip().splitlines()[0] if result.stdout.strip() else None
