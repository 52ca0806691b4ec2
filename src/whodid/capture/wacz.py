"""Packaging a capture as WACZ (Web Archive Collection Zipped, 1.1.1), on request.

A WACZ is a ZIP that replay tools (ReplayWeb.page, pywb) open directly: the WARC
under ``archive/``, a CDXJ index of it under ``indexes/`` (made with
webrecorder's ``cdxj-indexer``), the captured page in ``pages/pages.jsonl``,
and ``datapackage.json`` naming each file with its SHA-256 and size, itself
hashed in ``datapackage-digest.json``.

The packaging is written here with ``zipfile`` rather than with the ``wacz``
package, whose dependencies (a data-package validation framework among them)
would triple what whodid installs for a layout this small; the index, the one
part that needs care, comes from the library the ``wacz`` package itself uses.
The WARC inside is stored uncompressed in the ZIP (it is gzipped already), so
a replay tool can seek into it.
"""

from __future__ import annotations

import hashlib
import io
import json
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

from whodid import __version__

WACZ_VERSION = "1.1.1"
WARC_NAME = "data.warc.gz"


def wacz_bytes(warc: bytes, url: str, captured_at: datetime, title: str | None = None) -> bytes:
    """A WACZ holding one WARC capture of ``url``."""
    index = _cdxj(warc)
    when = captured_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    pages = (
        "\n".join(
            [
                json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}),
                json.dumps(
                    {
                        "id": hashlib.sha256(url.encode()).hexdigest()[:32],
                        "url": url,
                        "ts": when,
                        "title": title or url,
                    }
                ),
            ]
        )
        + "\n"
    )
    files = {
        f"archive/{WARC_NAME}": warc,
        "indexes/index.cdx": index,
        "pages/pages.jsonl": pages.encode("utf-8"),
    }
    package = {
        "profile": "data-package",
        "wacz_version": WACZ_VERSION,
        "title": title or url,
        "mainPageUrl": url,
        "mainPageDate": when,
        "created": when,
        "software": f"whodid/{__version__}",
        "resources": [
            {
                "name": Path(path).name,
                "path": path,
                "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                "bytes": len(data),
            }
            for path, data in files.items()
        ],
    }
    package_bytes = json.dumps(package, indent=2).encode("utf-8")
    digest = {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(package_bytes).hexdigest()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, data in files.items():
            method = zipfile.ZIP_STORED if path.endswith(".gz") else zipfile.ZIP_DEFLATED
            archive.writestr(_entry(path, captured_at), data, compress_type=method)
        archive.writestr(
            _entry("datapackage.json", captured_at), package_bytes, compress_type=zipfile.ZIP_DEFLATED
        )
        archive.writestr(
            _entry("datapackage-digest.json", captured_at),
            json.dumps(digest).encode("utf-8"),
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return buffer.getvalue()


def _entry(path: str, when: datetime) -> zipfile.ZipInfo:
    """A ZIP entry dated at capture time, so the same capture packs to the same bytes."""
    info = zipfile.ZipInfo(
        path, date_time=(when.year, when.month, when.day, when.hour, when.minute, when.second)
    )
    info.external_attr = 0o444 << 16
    return info


def _cdxj(warc: bytes) -> bytes:
    """The sorted CDXJ index of a WARC, naming it as it lies in the package."""
    from cdxj_indexer.main import write_cdx_index

    with tempfile.TemporaryDirectory(prefix="whodid-wacz-") as tmp:
        path = Path(tmp) / WARC_NAME
        path.write_bytes(warc)
        out = io.StringIO()
        write_cdx_index(out, [str(path)], {"sort": True, "post_append": True})
    return out.getvalue().encode("utf-8")
