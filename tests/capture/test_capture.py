"""Capturing pages from a local HTTP server: WARC contents, hashes, and hostile servers."""

from __future__ import annotations

import gzip
import hashlib
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from whodid.capture import FetchError, capture_url
from whodid.capture.fetch import check_url, fetch
from whodid.config import Settings
from whodid.store import Repository

PAGE = (
    b"<html><head><title>Detentions in Lumen</title></head><body><nav>Home | Contact</nav>"
    b"<article><h1>Two reporters detained</h1><p>Police in the fictional city of Lumen detained "
    b"the reporters Ada Moren and Ilya Vost on 3 May 2024 while they filmed a march, "
    b"a press group said. Both were released the next day.</p></article>"
    b"<footer>All rights reserved</footer></body></html>"
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _photo(path: str) -> bytes:
    """One scene, served once as a JPEG and once resized and re-encoded as a PNG."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (40, 90, 160))
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 80, 320, 240), fill=(240, 220, 40))
    draw.ellipse((320, 160, 580, 420), fill=(20, 20, 20))
    buffer = io.BytesIO()
    if path.endswith(".png"):
        image.resize((320, 240)).save(buffer, "PNG")
    else:
        image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


class Handler(BaseHTTPRequestHandler):
    """The pages and the misbehaving endpoints the tests capture."""

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        if path == "/page":
            self._send(200, PAGE, {"Content-Type": "text/html; charset=utf-8"})
        elif path == "/r1":
            self._send(302, b"", {"Location": "/r2"})
        elif path == "/r2":
            self._send(301, b"", {"Location": "/page"})
        elif path == "/loop":
            self._send(302, b"", {"Location": "/loop2"})
        elif path == "/loop2":
            self._send(302, b"", {"Location": "/loop"})
        elif path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            self._send(302, b"", {"Location": f"/chain/{n + 1}"})
        elif path == "/gzip":
            body = gzip.compress(PAGE)
            self._send(200, body, {"Content-Type": "text/html", "Content-Encoding": "gzip"})
        elif path == "/bomb":
            body = gzip.compress(b"\0" * (20 * 1024 * 1024))
            self._send(200, body, {"Content-Type": "text/html", "Content-Encoding": "gzip"})
        elif path == "/big":
            self._send(200, b"", {"Content-Type": "text/html", "Content-Length": str(3 * 1024 * 1024 * 1024)})
        elif path == "/big-chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(64):
                self.wfile.write(b"x" * 65536)
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"<p>.</p>")
                    self.wfile.flush()
                    time.sleep(0.05)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path in ("/photo.jpg", "/photo-small.png"):
            self._send(
                200, _photo(path), {"Content-Type": "image/jpeg" if path.endswith("jpg") else "image/png"}
            )
        elif path == "/image.png":
            self._send(200, PNG, {"Content-Type": "image/png"})
        elif path == "/report.pdf":  # the extension lies: the bytes are HTML
            self._send(200, PAGE, {"Content-Type": "application/pdf"})
        elif path == "/gone":
            self._send(404, b"<html><body>Not here</body></html>", {"Content-Type": "text/html"})
        else:
            self._send(404, b"", {})


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home", database_url=f"sqlite:///{tmp_path}/home/whodid.db")


@pytest.fixture
def repo(settings: Settings) -> Iterator[Repository]:
    with Repository.open(settings) as repository:
        yield repository


def records(data: bytes) -> list[tuple[str, str | None, bytes]]:
    """(type, target URI, payload) of every record of a WARC."""
    import io

    out = []
    for record in ArchiveIterator(io.BytesIO(data)):
        uri = record.rec_headers.get_header("WARC-Target-URI")
        out.append((record.rec_type, uri, record.raw_stream.read()))
    return out


def test_a_page_is_kept_as_a_warc_and_its_text_as_a_document(
    server: str, repo: Repository, settings: Settings
) -> None:
    done = capture_url(repo, f"{server}/page", allow_private=True)
    data = repo.evidence_bytes(done.item.id)
    kinds = [(kind, uri) for kind, uri, _ in records(data)]
    assert kinds == [
        ("warcinfo", None),
        ("request", f"{server}/page"),
        ("response", f"{server}/page"),
    ]
    response = records(data)[2][2]
    assert response == PAGE  # the body exactly as served
    # the item's name is what sha256sum says of the stored file
    blob = settings.blobs_dir / done.item.id[:2] / done.item.id
    printed = subprocess.run(["sha256sum", str(blob)], capture_output=True, text=True, check=True).stdout
    assert printed.split()[0] == done.item.id
    assert done.document is not None and "Ada Moren" in done.document.text
    assert "All rights reserved" not in done.document.text
    assert done.item.document_id == done.document.id
    assert [e.action for e in repo.custody_log()] == ["ingested", "captured"]
    assert repo.verify().ok


def test_every_redirect_hop_is_recorded(server: str, repo: Repository) -> None:
    done = capture_url(repo, f"{server}/r1", allow_private=True)
    uris = [uri for kind, uri, _ in records(repo.evidence_bytes(done.item.id)) if kind == "response"]
    assert uris == [f"{server}/r1", f"{server}/r2", f"{server}/page"]
    assert done.item.metadata["final_url"] == f"{server}/page"
    assert [r["status"] for r in done.item.metadata["redirects"]] == [302, 301]


def test_a_compressed_body_is_kept_as_sent_and_decoded_for_its_text(server: str, repo: Repository) -> None:
    done = capture_url(repo, f"{server}/gzip", allow_private=True)
    response = next(p for kind, _, p in records(repo.evidence_bytes(done.item.id)) if kind == "response")
    assert gzip.decompress(response) == PAGE
    assert done.document is not None and "Ilya Vost" in done.document.text


def test_a_body_that_is_not_a_report_is_still_preserved(server: str, repo: Repository) -> None:
    done = capture_url(repo, f"{server}/image.png", allow_private=True)
    assert done.document is None and done.not_a_report
    response = next(p for kind, _, p in records(repo.evidence_bytes(done.item.id)) if kind == "response")
    assert hashlib.sha256(response).digest() == hashlib.sha256(PNG).digest()
    # this PNG's last chunk is damaged: refused as an image, the exchange is still kept
    assert done.media is None and "kept in the WARC only" in (done.not_a_report or "")


def test_captured_photos_are_flagged_as_duplicates_of_each_other(server: str, repo: Repository) -> None:
    first = capture_url(repo, f"{server}/photo.jpg", allow_private=True)
    second = capture_url(repo, f"{server}/photo-small.png", allow_private=True)
    assert first.media is not None and second.media is not None
    assert [d for d, _ in second.media.duplicates] == [first.media.item.id]
    assert second.media.item.derived_from == second.item.id and second.media.item.kind == "image"


def test_a_type_that_lies_is_refused_with_a_clear_error_and_the_capture_kept(
    server: str, repo: Repository
) -> None:
    done = capture_url(repo, f"{server}/report.pdf", allow_private=True)
    assert done.document is None and "not a PDF" in (done.not_a_report or "")
    assert repo.count() == 0
    assert [e.action for e in repo.custody_log()] == ["captured"]


def test_an_error_page_is_preserved_but_not_ingested(server: str, repo: Repository) -> None:
    done = capture_url(repo, f"{server}/gone", allow_private=True)
    assert done.document is None and "404" in (done.not_a_report or "")
    assert repo.count() == 0


def test_private_addresses_are_refused_by_default(server: str, repo: Repository) -> None:
    with pytest.raises(FetchError, match="private, loopback or reserved"):
        capture_url(repo, f"{server}/page")
    for url in ("http://10.0.0.8/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/"):
        with pytest.raises(FetchError, match="refused"):
            check_url(url)
    assert repo.custody_log() == [] and repo.count() == 0


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "http://user:pw@example.org/"])
def test_other_schemes_and_credentials_are_refused(url: str) -> None:
    with pytest.raises(FetchError):
        check_url(url, allow_private=True)


@pytest.mark.parametrize(
    ("path", "kwargs", "message"),
    [
        ("/loop", {}, "loop"),
        ("/chain/0", {"max_redirects": 5}, "more than 5 redirects"),
        ("/big", {}, "over the"),
        ("/big-chunked", {"max_bytes": 1024 * 1024}, "larger than"),
        ("/bomb", {"max_bytes": 1024 * 1024}, "decompression bomb"),
        ("/trickle", {"deadline": 1.0}, "longer than"),
    ],
)
def test_hostile_servers_are_refused_and_nothing_is_kept(
    server: str, repo: Repository, settings: Settings, path: str, kwargs: dict[str, float], message: str
) -> None:
    with pytest.raises(FetchError, match=message):
        capture_url(repo, server + path, allow_private=True, **kwargs)
    assert repo.custody_log() == [] and repo.count() == 0
    assert (
        not any(p.is_file() for p in settings.blobs_dir.rglob("*")) if settings.blobs_dir.exists() else True
    )


def test_a_server_that_does_not_answer_times_out() -> None:
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    try:
        with pytest.raises(FetchError, match="did not answer in time"):
            fetch(f"http://127.0.0.1:{listener.getsockname()[1]}/", allow_private=True, timeout=0.5)
    finally:
        listener.close()


def test_a_wacz_package_holds_the_warc_its_index_and_checksums(server: str, repo: Repository) -> None:
    import io
    import json
    import zipfile

    done = capture_url(repo, f"{server}/page", allow_private=True, wacz=True)
    assert done.wacz is not None and done.wacz.derived_from == done.item.id
    with zipfile.ZipFile(io.BytesIO(repo.evidence_bytes(done.wacz.id))) as archive:
        names = set(archive.namelist())
        assert {"archive/data.warc.gz", "indexes/index.cdx", "pages/pages.jsonl", "datapackage.json"} <= names
        assert archive.read("archive/data.warc.gz") == repo.evidence_bytes(done.item.id)
        package = json.loads(archive.read("datapackage.json"))
        for resource in package["resources"]:
            data = archive.read(resource["path"])
            assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
            assert resource["bytes"] == len(data)
        digest = json.loads(archive.read("datapackage-digest.json"))
        assert digest["hash"] == "sha256:" + hashlib.sha256(archive.read("datapackage.json")).hexdigest()
        index = archive.read("indexes/index.cdx").decode()
        assert f"{server}/page" in index and '"filename": "data.warc.gz"' in index
        pages = archive.read("pages/pages.jsonl").decode().splitlines()
        assert json.loads(pages[1])["url"] == f"{server}/page"
    assert repo.verify().ok


def _needs_browser() -> None:
    import os

    from whodid.capture.screenshot import browser

    if browser() is None:
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(
                "CI must run the screenshot test: Debian's chromium is missing (make install adds it)"
            )
        pytest.skip("no Chromium on this machine")


def test_a_screenshot_is_kept_as_a_png_derived_from_the_warc(server: str, repo: Repository) -> None:
    _needs_browser()
    done = capture_url(repo, f"{server}/page", allow_private=True, screenshot=True)
    shot = done.screenshot
    assert (
        shot is not None and shot.derived_from == done.item.id and shot.document_id == done.item.document_id
    )
    png = repo.evidence_bytes(shot.id)
    assert png.startswith(b"\x89PNG") and shot.metadata["width"] >= 800
    assert len(shot.metadata["phash"]) == 16 and shot.metadata["browser"]
    assert repo.verify().ok


def test_no_browser_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from whodid.capture.screenshot import ScreenshotError, screenshot

    monkeypatch.setenv("WHODID_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(ScreenshotError, match="no Chromium found"):
        screenshot("http://127.0.0.1:1/")
