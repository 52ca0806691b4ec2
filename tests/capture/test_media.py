"""Media evidence: images with EXIF and GPS, perceptual duplicates, email, archives, bombs."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from whodid.capture.media import MediaError, hamming, preserve_bytes, sniff
from whodid.config import Settings
from whodid.store import Repository


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repository]:
    settings = Settings(home=tmp_path / "home", database_url=f"sqlite:///{tmp_path}/home/whodid.db")
    with Repository.open(settings) as repository:
        yield repository


def scene(seed: int = 0, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A picture with structure (shapes), so perceptual hashes have something to see."""
    image = Image.new("RGB", size, (30 + seed * 40, 90, 160))
    draw = ImageDraw.Draw(image)
    w, h = size
    if seed == 0:
        draw.rectangle((w // 8, h // 6, w // 2, h // 2), fill=(240, 220, 40))
        draw.ellipse((w // 2, h // 3, w - w // 10, h - h // 8), fill=(20, 20, 20))
    else:
        draw.polygon([(0, h), (w // 2, 0), (w, h)], fill=(250, 250, 250))
        draw.rectangle((w // 3, h // 2, w // 2, h), fill=(200, 30, 30))
    return image


def jpeg(image: Image.Image, quality: int = 92, exif: Image.Exif | None = None) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, exif=exif if exif is not None else Image.Exif())
    return buffer.getvalue()


def with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "FieldCam"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (12.0, 30.0, 0.0)
    gps[3], gps[4] = "W", (8.0, 15.0, 36.0)
    return exif


def test_an_image_keeps_its_exif_gps_and_perceptual_hashes(repo: Repository) -> None:
    data = jpeg(scene(), exif=with_gps())
    done = preserve_bytes(repo, data, "/evidence/photo.jpg")
    meta = done.item.metadata
    assert done.item.id == hashlib.sha256(data).hexdigest()
    assert meta["format"] == "JPEG" and (meta["width"], meta["height"]) == (640, 480)
    assert meta["exif"]["Make"] == "FieldCam"
    assert meta["gps"]["lat"] == pytest.approx(12.5) and meta["gps"]["lon"] == pytest.approx(-8.26)
    assert len(meta["phash"]) == 16
    assert repo.evidence_bytes(done.item.id) == data  # never re-encoded


def test_a_resized_reencoded_copy_is_flagged_across_the_store(repo: Repository) -> None:
    original = preserve_bytes(repo, jpeg(scene()), "/a/original.jpg")
    small = scene().resize((320, 240))
    buffer = io.BytesIO()
    small.save(buffer, "PNG")
    copy = preserve_bytes(repo, buffer.getvalue(), "/b/repost.png")
    assert [d for d, _ in copy.duplicates] == [original.item.id]
    assert copy.item.metadata["possible_duplicates"][0]["distance"] <= 10
    other = preserve_bytes(repo, jpeg(scene(seed=1)), "/c/other.jpg")
    assert other.duplicates == []
    assert hamming(other.item.metadata["phash"], original.item.metadata["phash"]) > 10


def test_a_decompression_bomb_is_refused_and_nothing_is_kept(repo: Repository) -> None:
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")  # 400 million pixels, a few KB on disk
    with pytest.raises(MediaError, match="decompression bomb"):
        preserve_bytes(repo, buffer.getvalue(), "/bomb.png")
    assert repo.evidence_items() == [] and repo.custody_log() == []


def test_a_truncated_image_is_a_clear_error(repo: Repository) -> None:
    with pytest.raises(MediaError, match="cannot be read"):
        preserve_bytes(repo, jpeg(scene())[:400], "/broken.jpg")


def test_an_email_keeps_headers_its_text_and_each_attachment(repo: Repository) -> None:
    message = EmailMessage()
    message["From"] = "witness@example.org"
    message["To"] = "desk@example.org"
    message["Subject"] = "What I saw on Friday"
    message["Message-ID"] = "<m1@example.org>"
    message.set_content("On Friday soldiers beat two farmers near the fictional village of Orvel.")
    photo = jpeg(scene())
    message.add_attachment(photo, maintype="image", subtype="jpeg", filename="../../etc/\x1bphoto.jpg")
    message.add_attachment(b"just notes", maintype="application", subtype="octet-stream", filename="n.bin")
    done = preserve_bytes(repo, message.as_bytes(), "/mail/report.eml")
    assert done.item.kind == "email" and done.item.metadata["headers"]["Subject"] == "What I saw on Friday"
    assert done.document is not None and "two farmers" in done.document.text
    assert done.document.title == "What I saw on Friday"
    kinds = sorted((p.item.kind, p.item.derived_from) for p in done.parts)
    assert kinds == [("attachment", done.item.id), ("image", done.item.id)]
    image = next(p for p in done.parts if p.item.kind == "image")
    assert repo.evidence_bytes(image.item.id) == photo
    assert "\\x1b" in image.item.origin and "\x1b" not in image.item.origin


def test_a_zip_is_listed_without_inflating_it(repo: Repository) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.bin", b"\0" * (5 * 1024 * 1024))
        archive.writestr("../escape.txt", b"x")
    done = preserve_bytes(repo, buffer.getvalue(), "/a.zip")
    assert done.item.metadata["member_count"] == 2
    assert done.item.metadata["declared_size"] == 5 * 1024 * 1024 + 1
    assert done.item.size_bytes < 100_000


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n....", ("image", "image/png")),
        (b"RIFF\0\0\0\0WAVEfmt ", ("audio", "audio/wav")),
        (b"\0\0\0\x18ftypmp42", ("video", "video/mp4")),
        (b"From: a@b\nSubject: x\n\nbody", ("email", "message/rfc822")),
        (b"plain text that is a report", None),
    ],
)
def test_sniffing_goes_by_the_bytes(data: bytes, expected: tuple[str, str] | None) -> None:
    assert sniff(data) == expected


def test_a_wacz_with_a_bomb_inside_is_listed_never_inflated(repo: Repository) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", b'{"profile": "data-package"}')
        archive.writestr("archive/data.warc", b"\0" * (30 * 1024 * 1024))  # inflates 1000 times
    done = preserve_bytes(repo, buffer.getvalue(), "/incoming/capture.wacz")
    assert done.item.kind == "archive" and done.item.metadata["member_count"] == 2
    assert repo.evidence_bytes(done.item.id) == buffer.getvalue()
