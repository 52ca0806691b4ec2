"""What a media-type handler hands back: the text and everything known about it.

Handlers (:mod:`textdoc`, :mod:`htmldoc`, :mod:`pdfdoc`) return this instead of a
:class:`~whodid.model.Document` so that the id, origin, times and the caller's
overrides are filled in in one place (:mod:`whodid.ingest.api`), the same way
for every format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from whodid.model import Page, Segment


@dataclass(slots=True)
class Extraction:
    """The readable content of some raw bytes."""

    text: str
    title: str | None = None
    published: dt.date | None = None
    segments: list[Segment] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
