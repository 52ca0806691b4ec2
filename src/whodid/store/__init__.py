"""Persistence: documents, their raw bytes and their records.

:class:`Repository` is the only way in; no other package touches SQL or the
blob directory.
"""

from whodid.store.errors import NotFoundError, StoreError
from whodid.store.repository import Repository, Stats
from whodid.store.summaries import RecordSummary

__all__ = ["NotFoundError", "RecordSummary", "Repository", "Stats", "StoreError"]
