"""Capturing a URL: fetch it, preserve the exchange as a WARC, and ingest what it says.

The WARC is the evidentiary copy: written once, read-only, named by its SHA-256
and logged as ``captured`` in the chain of custody with the final URL, status,
headers summary, peer address and TLS certificate. The page body (decoded) goes
through the spine's ingest like any other report, becomes a document, and the
WARC item points to it. A body that is not a report (an image, a zip) is still
preserved; it just yields no document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from whodid.capture.fetch import Fetched, fetch
from whodid.capture.warc import warc_bytes
from whodid.model import Document, EvidenceItem, Record

if TYPE_CHECKING:
    from whodid.capture.media import Preserved
    from whodid.extract import Extractor
    from whodid.store import Repository

WARC_MEDIA_TYPE = "application/warc"
WACZ_MEDIA_TYPE = "application/wacz"


@dataclass(frozen=True, slots=True)
class Capture:
    """What one capture stored."""

    url: str
    item: EvidenceItem
    new: bool
    document: Document | None
    record: Record | None
    not_a_report: str | None  # why the body gave no document, if it did not
    wacz: EvidenceItem | None = None
    screenshot: EvidenceItem | None = None
    media: Preserved | None = None  # the body preserved as a photo, video, email or archive


def capture_url(
    repo: Repository,
    url: str,
    *,
    extractor: Extractor | None = None,
    allow_private: bool = False,
    wacz: bool = False,
    screenshot: bool = False,
    **limits: Any,
) -> Capture:
    """Fetch ``url`` and store its WARC (and its document, if the body is a report);
    with ``wacz``, also a WACZ package of it, and with ``screenshot`` a PNG of the
    rendered page, both derived from the WARC."""
    from whodid.ingest import IngestError, ingest_bytes
    from whodid.store.blobs import sha256_hex

    fetched = fetch(url, allow_private=allow_private, **limits)
    document: Document | None = None
    record: Record | None = None
    reason: str | None = None
    if 200 <= fetched.final.status < 300:
        try:
            document = ingest_bytes(
                fetched.content,
                fetched.final_url,
                media_type=fetched.content_type,
                received_at=fetched.fetched_at,
            )
        except IngestError as exc:
            reason = str(exc)
    else:
        reason = f"the server answered {fetched.final.status} {fetched.final.reason}"
    if document is not None:
        record = extractor.extract(document) if extractor is not None else None
        repo.add(document, record)
    data = warc_bytes(fetched)
    item = EvidenceItem(
        id=sha256_hex(data),
        kind="warc",
        media_type=WARC_MEDIA_TYPE,
        size_bytes=len(data),
        origin=url,
        captured_at=fetched.fetched_at,
        document_id=document.id if document is not None else None,
        metadata=describe(fetched),
    )
    new = repo.add_evidence(item, data, {"final_url": fetched.final_url, "status": fetched.final.status})
    media = None
    if document is None and 200 <= fetched.final.status < 300:
        media, refused = _media(repo, fetched, item, extractor)
        reason = refused or reason
    package: EvidenceItem | None = None
    if wacz:
        from whodid.capture.wacz import wacz_bytes

        title = document.title if document is not None else None
        packed = wacz_bytes(data, fetched.final_url, fetched.fetched_at, title)
        package = EvidenceItem(
            id=sha256_hex(packed),
            kind="wacz",
            media_type=WACZ_MEDIA_TYPE,
            size_bytes=len(packed),
            origin=url,
            captured_at=fetched.fetched_at,
            document_id=item.document_id,
            derived_from=item.id,
            metadata={"packages": item.id, "final_url": fetched.final_url},
        )
        repo.add_evidence(package, packed, {"packages": item.id})
    shot: EvidenceItem | None = None
    if screenshot:
        shot = _screenshot(repo, fetched, item)
    return Capture(url, item, new, document, record, reason, package, shot, media)


def _media(
    repo: Repository, fetched: Fetched, warc: EvidenceItem, extractor: Extractor | None
) -> tuple[Preserved | None, str | None]:
    """A body that is a photo, a video, an email or an archive: preserved as such too
    (EXIF, hashes, near-duplicates), derived from the WARC that holds it. A body
    refused as media (a decompression bomb, a broken file) stays in the WARC only;
    the reason is returned."""
    from whodid.capture.media import MediaError, preserve_bytes, sniff

    if sniff(fetched.content) is None:
        return None, None
    try:
        preserved = preserve_bytes(
            repo,
            fetched.content,
            fetched.final_url,
            extractor=extractor,
            derived_from=warc.id,
            received_at=fetched.fetched_at,
        )
    except MediaError as exc:
        return None, f"kept in the WARC only: {exc}"
    return preserved, None


def _screenshot(repo: Repository, fetched: Fetched, warc: EvidenceItem) -> EvidenceItem:
    from datetime import UTC, datetime

    from whodid.capture import screenshot as browser
    from whodid.capture.media import describe_image
    from whodid.store.blobs import sha256_hex

    taken_at = datetime.now(UTC)
    png = browser.screenshot(fetched.final_url)
    shot = EvidenceItem(
        id=sha256_hex(png),
        kind="screenshot",
        media_type="image/png",
        size_bytes=len(png),
        origin=fetched.final_url,
        captured_at=taken_at,
        document_id=warc.document_id,
        derived_from=warc.id,
        metadata={
            **describe_image(png),
            "url": fetched.final_url,
            "browser": browser.version(),
            "rendered_at": taken_at.isoformat(),
            "warc_fetched_at": fetched.fetched_at.isoformat(),
        },
    )
    repo.add_evidence(shot, png, {"screenshot_of": warc.id})
    return shot


def describe(fetched: Fetched) -> dict[str, Any]:
    """The capture's metadata, as kept with the evidence item."""
    final = fetched.final
    wanted = {"content-type", "content-length", "last-modified", "date", "server", "etag"}
    return {
        "url": fetched.url,
        "final_url": fetched.final_url,
        "status": final.status,
        "http_version": final.http_version,
        "peer": final.peer,
        "fetched_at": fetched.fetched_at.isoformat(),
        "elapsed_s": fetched.elapsed,
        "headers": {k.lower(): v for k, v in final.headers if k.lower() in wanted},
        "redirects": [{"url": h.url, "status": h.status} for h in fetched.hops[:-1]],
        "body_sha256": _sha(final.body),
        "content_sha256": _sha(fetched.content),
        "tls": {k: v for k, v in (fetched.tls or {}).items() if k != "der_hex"} or None,
    }


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()
