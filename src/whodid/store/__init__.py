"""Persistence: documents, their raw bytes and their records.

:class:`Repository` is the only way in; no other package touches SQL or the
blob directory.
"""

from whodid.store.errors import NotFoundError, StoreError
from whodid.store.repository import RecordSummary, Repository, Stats

__all__ = ["NotFoundError", "RecordSummary", "Repository", "Stats", "StoreError"]
