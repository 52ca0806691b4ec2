"""Files that are evidence but not reports: images, email, archives, audio and video.

Each is kept as its own untouched bytes (the SHA-256 of the file is its name)
with what can be read from it without changing it:

* **images** (Pillow): format, size, EXIF tags, GPS position, and perceptual
  hashes (pHash and dHash, ImageHash) so a resized or re-encoded copy anywhere
  in the store is flagged as a possible duplicate. Decompression bombs are
  refused before any pixel is decoded;
* **email** (``.eml``, the standard library's parser): the headers; the text
  body becomes a document for extraction, and each attachment is preserved as
  its own item, derived from the message;
* **video and audio** (ffprobe, ffmpeg; :mod:`whodid.capture.video`): container,
  streams, duration, creation time, location, and the pHash of each keyframe;
* **archives**: a ZIP's member list is read from its directory without
  inflating anything.

Near-duplicate search runs over the whole store, not one project: the same
photo posted by two sources is the same evidence.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import io
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

from whodid.model import Document, EvidenceItem

if TYPE_CHECKING:
    from whodid.extract import Extractor
    from whodid.store import Repository

MAX_PIXELS = 90_000_000  # Pillow's own default bound, made an error instead of a warning
DUPLICATE_DISTANCE = 10  # of 64 bits, for pHash: resizing and re-encoding stay well under it
MAX_ATTACHMENTS = 200

_IMAGES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"BM", "image/bmp"),
)
_EMAIL_HEADERS = (b"from:", b"received:", b"return-path:", b"mime-version:", b"message-id:", b"delivered-to:")


class MediaError(Exception):
    """A media file that cannot be preserved as it is; one line says why."""


@dataclass(slots=True)
class Preserved:
    """What preserving one file stored."""

    item: EvidenceItem
    new: bool
    document: Document | None = None
    duplicates: list[tuple[str, int]] = field(default_factory=list)
    parts: list[Preserved] = field(default_factory=list)


def sniff(data: bytes) -> tuple[str, str] | None:
    """(kind, media type) of evidence that is not a report, from its first bytes."""
    head = data[:64]
    for magic, media_type in _IMAGES:
        if head.startswith(magic):
            return "image", media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image", "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio", "audio/wav"
    if head[4:8] == b"ftyp":
        return "video", "video/quicktime" if head[8:10] == b"qt" else "video/mp4"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "video", "video/x-msvideo"
    if head.startswith(b"fLaC"):
        return "audio", "audio/flac"
    if head.startswith(b"\x1aE\xdf\xa3"):
        return "video", "video/webm"
    if head.startswith((b"ID3", b"\xff\xfb", b"\xff\xf3")):
        return "audio", "audio/mpeg"
    if head.startswith(b"OggS"):
        return "audio", "audio/ogg"
    if head.startswith(b"PK\x03\x04"):
        return "archive", "application/zip"
    first = data[:2048].lstrip().lower()
    if any(first.startswith(h) for h in _EMAIL_HEADERS) and b"\n\n" in data[:65536].replace(b"\r\n", b"\n"):
        return "email", "message/rfc822"
    return None


def describe_image(data: bytes) -> dict[str, Any]:
    """Format, size, EXIF, GPS and perceptual hashes; MediaError for a bomb or a broken file."""
    import imagehash
    from PIL import ExifTags, Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise MediaError(f"the image is {width}x{height} pixels, a decompression bomb; refused")
                info: dict[str, Any] = {"format": image.format, "width": width, "height": height}
                info["mode"] = image.mode
                exif = image.getexif()
                tags = {ExifTags.TAGS.get(k, str(k)): _plain(v) for k, v in exif.items()}
                if tags:
                    info["exif"] = tags
                gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
                if gps:
                    info["gps"] = _gps(gps)
                image.load()
                info["phash"] = str(imagehash.phash(image))
                info["dhash"] = str(imagehash.dhash(image))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise MediaError(f"the image is a decompression bomb ({exc}); refused") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise MediaError(f"the image cannot be read ({exc}); it may be truncated or not an image") from None
    return info


def _plain(value: Any) -> Any:
    """An EXIF value as JSON: bytes as hex (shortened), ratios as floats."""
    if isinstance(value, bytes):
        return value[:64].hex()
    if isinstance(value, str | int | float) or value is None:
        return value.replace("\x00", "") if isinstance(value, str) else value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def _gps(gps: Any) -> dict[str, Any]:
    """Decimal latitude and longitude from the EXIF GPS directory (tags 1-4)."""

    def degrees(dms: Any, ref: Any) -> float | None:
        try:
            d, m, s = (float(x) for x in dms)
        except (TypeError, ValueError):
            return None
        value = d + m / 60 + s / 3600
        return round(-value if str(ref).upper() in ("S", "W") else value, 7)

    out: dict[str, Any] = {"lat": degrees(gps.get(2), gps.get(1)), "lon": degrees(gps.get(4), gps.get(3))}
    if 6 in gps:
        out["altitude_m"] = _plain(gps.get(6))
    return out


def describe_zip(data: bytes) -> dict[str, Any]:
    """The member list of a ZIP, read from its directory (nothing is inflated)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise MediaError(f"the ZIP archive is damaged ({exc})") from None
    return {
        "members": [{"name": repr(m.filename)[1:-1], "size": m.file_size} for m in members[:500]],
        "member_count": len(members),
        "declared_size": sum(m.file_size for m in members),
    }


def hamming(a: str, b: str) -> int:
    """Bits that differ between two hex-encoded perceptual hashes of one length."""
    return bin(int(a, 16) ^ int(b, 16)).count("1")


VISUAL_KINDS = ("image", "screenshot", "video")


def visual_hashes(metadata: dict[str, Any]) -> list[str]:
    """The perceptual hashes of an item: its pHash, or its keyframes' pHashes."""
    hashes = [metadata["phash"]] if isinstance(metadata.get("phash"), str) else []
    hashes += [h for h in metadata.get("keyframe_phashes") or [] if isinstance(h, str)]
    return hashes


def near_duplicates(repo: Repository, hashes: list[str], exclude: str | None = None) -> list[tuple[str, int]]:
    """Images, screenshots and videos anywhere in the store with a pHash (or a
    keyframe's) within :data:`DUPLICATE_DISTANCE` bits of one of ``hashes``."""
    if not hashes:
        return []
    found = []
    for kind in VISUAL_KINDS:
        for item in repo.evidence_items(kind=kind):
            others = visual_hashes(item.metadata)
            if item.id == exclude or not others:
                continue
            distance = min(hamming(a, b) for a in hashes for b in others if len(a) == len(b))
            if distance <= DUPLICATE_DISTANCE:
                found.append((item.id, distance))
    return sorted(found, key=lambda f: (f[1], f[0]))


def preserve_bytes(
    repo: Repository,
    data: bytes,
    origin: str,
    *,
    extractor: Extractor | None = None,
    derived_from: str | None = None,
    received_at: datetime | None = None,
) -> Preserved:
    """Preserve a media file's bytes with what can be read from them."""
    kind_type = sniff(data)
    if kind_type is None:
        raise MediaError("not a file type whodid preserves (image, email, archive, audio or video)")
    kind, media_type = kind_type
    when = received_at or datetime.now(UTC)
    metadata: dict[str, Any] = {"name": _display_name(origin)}
    duplicates: list[tuple[str, int]] = []
    document: Document | None = None
    attachments: list[tuple[str, str, bytes]] = []
    if kind == "image":
        metadata.update(describe_image(data))
    elif kind in ("video", "audio"):
        from whodid.capture.video import VideoError, describe_media

        try:
            metadata.update(describe_media(data, keyframes=kind == "video"))
        except VideoError as exc:
            raise MediaError(str(exc)) from None
        if kind == "video" and "width" not in metadata and "streams" in metadata:
            kind, media_type = "audio", media_type.replace("video/", "audio/")
    elif kind == "archive":
        metadata.update(describe_zip(data))
    elif kind == "email":
        headers, body, attachments = read_email(data)
        metadata["headers"] = headers
        if body.strip():
            document = _email_document(body, headers, origin, when)
    duplicates = near_duplicates(repo, visual_hashes(metadata), exclude=hashlib.sha256(data).hexdigest())
    if duplicates:
        metadata["possible_duplicates"] = [{"id": d, "distance": n} for d, n in duplicates]
    item = EvidenceItem(
        id=hashlib.sha256(data).hexdigest(),
        kind=kind,
        media_type=media_type,
        size_bytes=len(data),
        origin=origin,
        captured_at=when,
        document_id=None,
        derived_from=derived_from,
        metadata=metadata,
    )
    if document is not None:
        record = extractor.extract(document) if extractor is not None else None
        repo.add(document, record)
        item.document_id = document.id
    details = {"duplicates": [d for d, _ in duplicates]} if duplicates else None
    new = repo.add_evidence(item, data, details)
    result = Preserved(item, new, document, duplicates)
    for name, content_type, part in attachments[:MAX_ATTACHMENTS]:
        result.parts.append(_attachment(repo, part, name, content_type, item.id, when, extractor))
    return result


def _attachment(
    repo: Repository,
    data: bytes,
    name: str,
    content_type: str,
    parent: str,
    when: datetime,
    extractor: Extractor | None,
) -> Preserved:
    """An attachment as an item of its own, derived from its message."""
    origin = f"attachment {_display_name(name)} of {parent}"
    try:
        return preserve_bytes(repo, data, origin, extractor=extractor, derived_from=parent, received_at=when)
    except MediaError:
        item = EvidenceItem(
            id=hashlib.sha256(data).hexdigest(),
            kind="attachment",
            media_type=content_type or "application/octet-stream",
            size_bytes=len(data),
            origin=origin,
            captured_at=when,
            derived_from=parent,
            metadata={"name": _display_name(name)},
        )
        return Preserved(item, repo.add_evidence(item, data))


def read_email(data: bytes) -> tuple[dict[str, str], str, list[tuple[str, str, bytes]]]:
    """Headers, the plain-text body, and (file name, type, bytes) of each attachment."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage):
        raise MediaError("the message cannot be parsed as email")
    wanted = ("From", "To", "Cc", "Date", "Subject", "Message-ID", "Received", "Return-Path")
    headers = {h: str(message.get(h)) for h in wanted if message.get(h) is not None}
    body = message.get_body(preferencelist=("plain", "html"))
    text = ""
    if body is not None:
        try:
            text = str(body.get_content())
        except (LookupError, ValueError):
            text = ""
    attachments = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            attachments.append((part.get_filename() or "unnamed", part.get_content_type(), payload))
    return headers, text, attachments


def _email_document(body: str, headers: dict[str, str], origin: str, when: datetime) -> Document | None:
    from whodid.ingest import IngestError, ingest_bytes

    try:
        document = ingest_bytes(body.encode("utf-8"), origin, media_type="text/plain", received_at=when)
    except IngestError:
        return None
    document.title = headers.get("Subject") or document.title
    return document


def _display_name(name: str) -> str:
    """A file name as metadata: control characters escaped, never used as a path."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in name)[:500]
