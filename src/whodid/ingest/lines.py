"""Split UTF-8 bytes into lines that remember their byte range in the original.

Extraction reads text but evidence is bytes, so every line keeps the byte span it
was decoded from. Splitting happens on the *bytes* (UTF-8 never uses the byte
0x0A or 0x0D inside a multi-byte character, so this is safe) and each line is
decoded on its own: one pass, no char-to-byte offset tables, and a decoding error
points at the exact byte where the file stops being UTF-8.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from whodid.ingest.errors import fail

_BREAK = re.compile(rb"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Line:
    """One line: its text without surrounding whitespace and where it sits in ``raw``.

    ``text`` is exactly ``raw[raw_start:raw_end].decode()``; a blank line has
    ``text == ""``. ``raw_start`` is -1 when the text has no byte range of its own
    (lines of HTML extraction output, PDF text).
    """

    text: str
    raw_start: int = -1
    raw_end: int = -1

    @property
    def mapped(self) -> bool:
        """Whether this line's text is a byte range of the raw input."""
        return self.raw_start >= 0


def split_utf8(raw: bytes, origin: str, start: int = 0) -> list[Line]:
    """Decode ``raw[start:]`` as UTF-8 into stripped :class:`Line` objects.

    ``start`` skips a byte-order mark. CRLF, CR and LF all end a line. Raises
    IngestError naming the byte offset of the first invalid UTF-8 sequence.
    """
    if b"\r" in raw:
        bounds = [(m.start(), m.end()) for m in _BREAK.finditer(raw, start)]
    else:
        bounds = []
        pos = raw.find(b"\n", start)
        while pos >= 0:
            bounds.append((pos, pos + 1))
            pos = raw.find(b"\n", pos + 1)
    bounds.append((len(raw), len(raw)))

    lines: list[Line] = []
    begin = start
    for number, (end, next_begin) in enumerate(bounds, 1):
        chunk = raw[begin:end]
        try:
            text = chunk.decode("utf-8")
        except UnicodeDecodeError as err:
            offset = begin + err.start
            raise fail(
                origin,
                f"is not valid UTF-8 (byte 0x{raw[offset]:02x} at byte offset {offset}, line {number})",
                "re-encode it as UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8`",
            ) from None
        stripped = text.strip()
        if not stripped:
            lines.append(Line("", begin, begin))
        elif len(stripped) == len(text):
            lines.append(Line(text, begin, end))
        else:
            lead = len(text) - len(text.lstrip())
            trail = len(text) - lead - len(stripped)
            if chunk.isascii():
                lines.append(Line(stripped, begin + lead, end - trail))
            else:
                lead_bytes = len(text[:lead].encode("utf-8"))
                trail_bytes = len(text[len(text) - trail :].encode("utf-8")) if trail else 0
                lines.append(Line(stripped, begin + lead_bytes, end - trail_bytes))
        begin = next_begin
    return lines


def split_str(text: str) -> list[Line]:
    """Lines of an already-decoded text (extractor output) without byte ranges."""
    return [Line(line.strip()) for line in text.splitlines()]
