"""Video and audio evidence: ffprobe metadata, keyframe hashes, duplicates across re-encodes."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from whodid.capture.media import MediaError, preserve_bytes
from whodid.config import Settings
from whodid.store import Repository


@pytest.fixture(autouse=True)
def _needs_ffmpeg() -> None:
    if shutil.which("ffmpeg") and shutil.which("ffprobe"):
        return
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail("CI must run the video tests: ffmpeg is missing (make install adds it)")
    pytest.skip("no ffmpeg on this machine")


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repository]:
    settings = Settings(home=tmp_path / "home", database_url=f"sqlite:///{tmp_path}/home/whodid.db")
    with Repository.open(settings) as repository:
        yield repository


def ffmpeg(tmp_path: Path, name: str, *args: str) -> bytes:
    out = tmp_path / name
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args, str(out)], check=True, timeout=120)
    return out.read_bytes()


def clip(tmp_path: Path) -> bytes:
    return ffmpeg(
        tmp_path, "clip.mp4",
        "-f", "lavfi", "-i", "testsrc=duration=3:size=320x240:rate=10", "-g", "10",
        "-metadata", "location=+12.5000-008.2600/", "-metadata", "creation_time=2025-03-01T10:00:00Z",
    )  # fmt: skip


def test_a_video_keeps_its_metadata_location_and_keyframe_hashes(repo: Repository, tmp_path: Path) -> None:
    data = clip(tmp_path)
    done = preserve_bytes(repo, data, "/evidence/clip.mp4")
    meta = done.item.metadata
    assert done.item.kind == "video" and done.item.media_type == "video/mp4"
    assert meta["duration_s"] == pytest.approx(3.0, abs=0.2)
    assert (meta["width"], meta["height"]) == (320, 240)
    assert meta["gps"] == {"lat": 12.5, "lon": -8.26, "iso6709": "+12.5000-008.2600/"}
    assert meta["creation_time"].startswith("2025-03-01")
    assert len(meta["keyframe_phashes"]) >= 3
    assert repo.evidence_bytes(done.item.id) == data  # never re-encoded


def test_a_reencoded_smaller_copy_and_a_still_are_flagged(repo: Repository, tmp_path: Path) -> None:
    original = preserve_bytes(repo, clip(tmp_path), "/a/clip.mp4")
    src = tmp_path / "clip.mp4"
    webm = ffmpeg(
        tmp_path, "copy.webm", "-i", str(src), "-vf", "scale=160:120", "-c:v", "libvpx", "-b:v", "200k"
    )
    copy = preserve_bytes(repo, webm, "/b/repost.webm")
    assert original.item.id in [d for d, _ in copy.duplicates]
    still = ffmpeg(tmp_path, "still.jpg", "-ss", "0", "-i", str(src), "-frames:v", "1")
    frame = preserve_bytes(repo, still, "/c/still.jpg")
    assert original.item.id in [d for d, _ in frame.duplicates]


def test_audio_is_typed_and_timed(repo: Repository, tmp_path: Path) -> None:
    data = ffmpeg(tmp_path, "voice.wav", "-f", "lavfi", "-i", "sine=frequency=440:duration=2")
    done = preserve_bytes(repo, data, "/evidence/voice.wav")
    assert done.item.kind == "audio" and done.item.metadata["duration_s"] == pytest.approx(2.0, abs=0.1)
    assert "keyframe_phashes" not in done.item.metadata


def test_a_broken_video_is_a_clear_error_and_nothing_is_kept(repo: Repository) -> None:
    with pytest.raises(MediaError, match="cannot be read as audio or video"):
        preserve_bytes(repo, b"\0\0\0\x18ftypmp42" + b"\x13" * 4000, "/broken.mp4")
    assert repo.evidence_items() == []
