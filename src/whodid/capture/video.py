"""Video and audio evidence: metadata with ffprobe, keyframe perceptual hashes with ffmpeg.

The file itself is never re-encoded: ffprobe reads its container and streams
(codec, size, duration, frame rate, creation time, the ISO 6709 location phones
write), and ffmpeg decodes up to :data:`MAX_KEYFRAMES` keyframes, scaled down,
only to hash them (pHash). A re-encoded, resized or trimmed copy of a video
shares keyframes with the original, so near-duplicate search compares every
keyframe hash with every other one in the store, and with photos (a still taken
from a video is a duplicate too).

Both tools come from Debian's ffmpeg package (``make install`` adds it when it
can). Without them the file is still preserved, with a note saying what was not
read. Each run has a time limit.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

MAX_KEYFRAMES = 12
TOOL_TIMEOUT = 120.0
_ISO6709 = re.compile(r"^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)")


class VideoError(Exception):
    """A media file the tools cannot read; one line says why."""


def tools() -> tuple[str | None, str | None]:
    """The paths of ffprobe and ffmpeg, if installed."""
    return shutil.which("ffprobe"), shutil.which("ffmpeg")


def describe_media(data: bytes, keyframes: bool = True) -> dict[str, Any]:
    """What ffprobe says of a video or audio file, and its keyframes' pHashes."""
    ffprobe, ffmpeg = tools()
    if ffprobe is None:
        return {"note": "ffprobe is not installed: metadata not read (apt-get install ffmpeg)"}
    with tempfile.TemporaryDirectory(prefix="whodid-media-") as tmp:
        path = Path(tmp) / "media"
        path.write_bytes(data)
        info = _probe(ffprobe, path)
        if keyframes and ffmpeg is not None and info.get("width"):
            info["keyframe_phashes"] = _keyframe_hashes(ffmpeg, path, Path(tmp))
    return info


def _probe(ffprobe: str, path: Path) -> dict[str, Any]:
    command = [ffprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)]
    try:
        result = subprocess.run(command, capture_output=True, timeout=TOOL_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise VideoError(f"ffprobe did not finish within {TOOL_TIMEOUT:g} s") from None
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["unknown error"]
        raise VideoError(f"the file cannot be read as audio or video ({reason[0][:200]})")
    probed = json.loads(result.stdout or b"{}")
    fmt = probed.get("format") or {}
    tags = {k.lower(): v for k, v in (fmt.get("tags") or {}).items()}
    info: dict[str, Any] = {
        "container": fmt.get("format_name"),
        "duration_s": _number(fmt.get("duration")),
        "bit_rate": _number(fmt.get("bit_rate")),
        "streams": [
            {
                key: stream.get(key)
                for key in (
                    "codec_type",
                    "codec_name",
                    "width",
                    "height",
                    "avg_frame_rate",
                    "sample_rate",
                    "channels",
                )
                if stream.get(key) not in (None, "0/0")
            }
            for stream in probed.get("streams") or []
        ],
    }
    video = next((s for s in probed.get("streams") or [] if s.get("codec_type") == "video"), None)
    if video is not None:
        info["width"], info["height"] = video.get("width"), video.get("height")
    for key in (
        "creation_time",
        "encoder",
        "make",
        "model",
        "com.apple.quicktime.make",
        "com.apple.quicktime.model",
    ):
        if key in tags:
            info[key.rsplit(".", 1)[-1]] = tags[key]
    location = tags.get("location") or tags.get("com.apple.quicktime.location.iso6709")
    if location and (match := _ISO6709.match(location)):
        info["gps"] = {"lat": float(match.group(1)), "lon": float(match.group(2)), "iso6709": location}
    return {k: v for k, v in info.items() if v not in (None, [], "")}


def _keyframe_hashes(ffmpeg: str, path: Path, tmp: Path) -> list[str]:
    import imagehash
    from PIL import Image

    frames = tmp / "frames"
    frames.mkdir()
    command = [
        ffmpeg, "-v", "error", "-nostdin", "-skip_frame", "nokey", "-i", str(path),
        "-vsync", "vfr", "-frames:v", str(MAX_KEYFRAMES), "-vf", "scale=256:-2", str(frames / "k%03d.png"),
    ]  # fmt: skip
    try:
        subprocess.run(command, capture_output=True, timeout=TOOL_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise VideoError(f"ffmpeg did not finish within {TOOL_TIMEOUT:g} s") from None
    hashes = []
    for frame in sorted(frames.glob("k*.png")):
        with Image.open(frame) as image:
            hashes.append(str(imagehash.phash(image)))
    return hashes


def _number(value: Any) -> float | None:
    try:
        return round(float(value), 3)
    except (TypeError, ValueError):
        return None
