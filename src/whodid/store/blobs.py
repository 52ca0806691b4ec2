"""Raw documents on disk, content-addressed: ``blobs/ab/<sha256>``.

The raw bytes are the evidence, so they are kept outside the database, named by
their SHA-256 (anyone can re-check a file with ``sha256sum``), and made
read-only. A blob is written atomically: to a temporary file in the same
directory, fsynced, made read-only, then renamed over the final name, so a
crash leaves either no blob or a whole one, never a torn file.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from whodid.atomic import atomic_file
from whodid.store.errors import NotFoundError, StoreError

BLOB_MODE = 0o444
SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def sha256_hex(data: bytes) -> str:
    """The document id of ``data``."""
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    """A directory of read-only files named by the SHA-256 of their content."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, digest: str) -> Path:
        """Where the blob with id ``digest`` lives (whether or not it exists)."""
        if not SHA256_HEX.fullmatch(digest):
            raise StoreError(f"{digest!r} is not a SHA-256 hex digest (64 lowercase hex characters)")
        return self.root / digest[:2] / digest

    def put(self, digest: str, data: bytes) -> Path:
        """Store ``data`` as ``digest``; a present blob with the right content is kept."""
        if sha256_hex(data) != digest:
            raise StoreError(f"refusing to store blob {digest}: its bytes hash to {sha256_hex(data)}")
        path = self.path(digest)
        if path.is_file() and sha256_hex(path.read_bytes()) == digest:
            return path
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.parent.mkdir(mode=0o700, exist_ok=True)
        try:
            # read-only before the rename, so the final name is never writable; the rename
            # replaces a damaged blob too (it needs no write bit on the file)
            with atomic_file(path, BLOB_MODE) as f:
                f.write(data)
        except OSError as exc:
            # a full disk, a read-only mount: nothing half-written stays, and the user hears why
            raise StoreError(f"cannot write {path}: {exc.strerror or exc}; nothing was stored") from exc
        return path

    def get(self, digest: str) -> bytes:
        """The bytes of blob ``digest``, checked against the digest."""
        path = self.path(digest)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise NotFoundError(
                f"the raw file of document {digest} is missing from {path}; "
                "restore the blob directory from a backup or add the original file again"
            ) from None
        actual = sha256_hex(data)
        if actual != digest:
            raise StoreError(
                f"the raw file {path} has been altered: its SHA-256 is {actual}, not {digest}; "
                "restore it from a backup or add the original file again"
            )
        return data
