"""The one exception the ingest stage raises.

Ingest is the boundary where untrusted bytes enter the system, so every failure
there (a missing file, a damaged PDF, a wrong encoding) is turned into a single
:class:`IngestError` with a one-line message a user can act on. Callers such as
the CLI can then catch one type and print ``str(err)`` without a traceback, and a
batch job can log it and move on to the next file.
"""

from __future__ import annotations

import re

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


class IngestError(ValueError):
    """Raised when input cannot be turned into a Document.

    The message is one line: what was wrong, with which input, what to do.
    """


def show(origin: str) -> str:
    """``origin`` made safe to put in a one-line message.

    File names may hold newlines or terminal escapes; those would split or garble
    the message, so they are shown as ``\\xNN`` escapes instead.
    """
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", origin)


def fail(origin: str, problem: str, advice: str) -> IngestError:
    """Build an :class:`IngestError` in the house style ``origin: problem; advice``."""
    return IngestError(f"{show(origin)}: {problem}; {advice}")


def human_size(n: int) -> str:
    """``n`` bytes as a short human-readable size (``52.4 MB``), for messages."""
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{n} bytes" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} bytes"  # pragma: no cover - loop always returns
