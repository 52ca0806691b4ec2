"""Ingest: turn raw bytes (plain text, HTML or PDF) into a :class:`whodid.model.Document`.

The stage keeps the raw bytes as evidence (``Document.id`` is their SHA-256),
extracts the story text without page furniture, maps text back to byte ranges
where it can (``Document.segments``), and finds the publication date. Every
failure is an :class:`IngestError` with a one-line message.

Modules, in data-flow order: :mod:`~whodid.ingest.api` (entry points and
limits), :mod:`~whodid.ingest.sniff` (media type, binary refusal),
:mod:`~whodid.ingest.textdoc` / :mod:`~whodid.ingest.htmldoc` /
:mod:`~whodid.ingest.pdfdoc` (one per format), :mod:`~whodid.ingest.lines`,
:mod:`~whodid.ingest.cleaner`, :mod:`~whodid.ingest.boilerplate` and
:mod:`~whodid.ingest.dateline` (the shared text cleaning), and
:mod:`~whodid.ingest.htmlmap` (HTML segments). trafilatura, pypdf and dateparser
are imported only when a document needs them.
"""

from whodid.ingest.api import DEFAULT_MAX_BYTES, ingest_bytes, ingest_path, read_stream
from whodid.ingest.errors import IngestError

__all__ = ["DEFAULT_MAX_BYTES", "IngestError", "ingest_bytes", "ingest_path", "read_stream"]
