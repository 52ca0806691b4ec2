"""Capture: fetch web pages as evidence, preserve them as WARC, and ingest their text.

:func:`capture_url` is the entry point; :mod:`whodid.capture.fetch` does the
guarded HTTP and :mod:`whodid.capture.warc` writes the WARC.
"""

from whodid.capture.capture import Capture, capture_url
from whodid.capture.fetch import FetchError

__all__ = ["Capture", "FetchError", "capture_url"]
