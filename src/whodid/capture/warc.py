"""Writing a capture as a WARC file (ISO 28500) with warcio.

One gzipped WARC per capture: a ``warcinfo`` record saying what made it and
when, then a ``request`` and a ``response`` record for every hop (redirects
included), each response concurrent with its request, and, for HTTPS, a
``metadata`` record with the server's certificate. The response payload is the
body exactly as the server sent it (still compressed if it was), so the WARC
replays in any archive tool and its bytes are the evidence.
"""

from __future__ import annotations

import io
import json
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from whodid import __version__
from whodid.capture.fetch import Fetched, Hop


def warc_bytes(fetched: Fetched, filename: str = "capture.warc.gz") -> bytes:
    """The WARC file of ``fetched``, gzipped record by record."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    date = fetched.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    info = {
        "software": f"whodid/{__version__} (warcio)",
        "format": "WARC File Format 1.1",
        "conformsTo": "https://iso.org/standard/68004.html",
        "isPartOf": fetched.url,
        "description": "evidentiary capture; response bodies are stored as sent",
    }
    writer.write_record(writer.create_warcinfo_record(filename, info))
    for hop in fetched.hops:
        request = _request(writer, hop, date)
        response = _response(writer, hop, date)
        response.rec_headers.add_header(
            "WARC-Concurrent-To", request.rec_headers.get_header("WARC-Record-ID")
        )
        writer.write_record(request)
        writer.write_record(response)
    if fetched.tls is not None:
        payload = json.dumps(fetched.tls, sort_keys=True).encode("utf-8")
        metadata = writer.create_warc_record(
            fetched.final_url,
            "metadata",
            payload=io.BytesIO(payload),
            length=len(payload),
            warc_content_type="application/json",
            warc_headers_dict={"WARC-Date": date},
        )
        writer.write_record(metadata)
    return buffer.getvalue()


def _request(writer: WARCWriter, hop: Hop, date: str) -> Any:
    from urllib.parse import urlsplit

    parts = urlsplit(hop.url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    headers = StatusAndHeaders(
        f"{hop.method} {target} {_protocol(hop)}", hop.request_headers, is_http_request=True
    )
    extra = {"WARC-Date": date}
    if hop.peer:
        extra["WARC-IP-Address"] = hop.peer
    return writer.create_warc_record(
        hop.url, "request", payload=io.BytesIO(b""), length=0, http_headers=headers, warc_headers_dict=extra
    )


def _response(writer: WARCWriter, hop: Hop, date: str) -> Any:
    # The body is stored as sent, so Content-Length must say its real length.
    headers = [(k, v) for k, v in hop.headers if k.lower() not in ("content-length", "transfer-encoding")]
    headers.append(("Content-Length", str(len(hop.body))))
    status = StatusAndHeaders(f"{hop.status} {hop.reason}".strip(), headers, protocol=_protocol(hop))
    extra = {"WARC-Date": date}
    if hop.peer:
        extra["WARC-IP-Address"] = hop.peer
    return writer.create_warc_record(
        hop.url,
        "response",
        payload=io.BytesIO(hop.body),
        length=len(hop.body),
        http_headers=status,
        warc_headers_dict=extra,
    )


def _protocol(hop: Hop) -> str:
    return "HTTP/1.1" if hop.http_version in ("", "HTTP/2", "HTTP/2.0") else hop.http_version
