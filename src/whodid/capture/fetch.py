"""Fetching a URL as evidence: every hop, untouched bytes, hostile servers refused.

httpx does the HTTP; this module adds what evidence capture needs and a browser
does not:

* **no server-side request forgery**: a host that resolves to a private,
  loopback, link-local or otherwise non-public address is refused unless the
  caller allows it, checked for every redirect hop *and* against the address
  actually connected to (so a DNS answer that changes between the check and
  the connection cannot slip through);
* **limits**: a redirect cap, a connect/read timeout, a deadline for the whole
  download (a server that trickles bytes forever is cut off), and a size cap
  on the bytes received and on the bytes they decode to (a gzip bomb);
* **the raw exchange**: redirects are followed by hand so each hop's request
  and response are kept; the body is read as sent (``iter_raw``), so the WARC
  holds the server's own bytes, and decoded separately for text extraction;
* **identity**: the peer address, HTTP version and, over TLS, the server's
  certificate (DER, its SHA-256, subject, issuer and validity).
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from whodid import __version__

USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    f"Chrome/126.0 Safari/537.36 whodid/{__version__}"
)
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 10
DEFAULT_TIMEOUT = 20.0  # seconds to connect, and between two reads
DEFAULT_DEADLINE = 120.0  # seconds for the whole download
REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """A URL that could not be captured; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class Hop:
    """One request and its response."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    http_version: str
    headers: list[tuple[str, str]]
    body: bytes  # as sent: still compressed if the server compressed it
    peer: str | None


@dataclass(slots=True)
class Fetched:
    """A fetched URL: the hops that led to the final response, and what it decoded to."""

    url: str
    hops: list[Hop]
    fetched_at: datetime
    content: bytes  # the final body with its Content-Encoding undone
    tls: dict[str, Any] | None = None
    elapsed: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def final(self) -> Hop:
        return self.hops[-1]

    @property
    def final_url(self) -> str:
        return self.final.url

    @property
    def content_type(self) -> str | None:
        return next((v for k, v in self.final.headers if k.lower() == "content-type"), None)


def check_url(url: str, allow_private: bool = False) -> None:
    """Refuse what is not an http(s) URL to a public host (unless ``allow_private``)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{url!r}: only http and https URLs can be captured")
    if not parts.hostname:
        raise FetchError(f"{url!r}: the URL names no host")
    if parts.username or parts.password:
        raise FetchError(f"{url!r}: URLs with a user name or password are refused")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{parts.hostname}: the host name does not resolve ({exc})") from None
    for info in infos:
        check_address(str(info[4][0]), parts.hostname)


def check_address(address: str, host: str) -> None:
    """Refuse a non-public IP address (server-side request forgery)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if not ip.is_global or ip.is_multicast:
        raise FetchError(
            f"{host} resolves to {ip}, a private, loopback or reserved address; "
            "capturing it is refused (use --allow-private for a server you trust)"
        )


def fetch(
    url: str,
    *,
    allow_private: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    timeout: float = DEFAULT_TIMEOUT,
    deadline: float = DEFAULT_DEADLINE,
    transport: httpx.BaseTransport | None = None,
) -> Fetched:
    """Fetch ``url``, following redirects by hand; FetchError on any refusal or failure."""
    started = time.monotonic()
    fetched_at = datetime.now(UTC)
    hops: list[Hop] = []
    tls: dict[str, Any] | None = None
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        # only what the standard library can undo, so the raw bytes can be decoded here
        "Accept-Encoding": "gzip, deflate",
        "Accept-Language": "en;q=0.9, *;q=0.5",
    }
    seen: set[str] = set()
    current = url
    with httpx.Client(
        follow_redirects=False,
        timeout=httpx.Timeout(timeout),
        headers=headers,
        transport=transport,
        trust_env=False,
    ) as client:
        while True:
            check_url(current, allow_private)
            if current in seen:
                raise FetchError(f"{url}: the redirects loop back to {current}")
            seen.add(current)
            try:
                with client.stream("GET", current) as response:
                    peer = _peer(response)
                    if peer is not None and not allow_private:
                        check_address(peer, urlsplit(current).hostname or current)
                    body = _read_raw(response, max_bytes, started, deadline, current)
                    tls = _certificate(response) or tls
                    hop = Hop(
                        url=current,
                        method="GET",
                        request_headers=list(response.request.headers.items()),
                        status=response.status_code,
                        reason=response.reason_phrase,
                        http_version=response.http_version,
                        headers=list(response.headers.multi_items()),
                        body=body,
                        peer=peer,
                    )
            except httpx.TimeoutException:
                raise FetchError(
                    f"{current}: the server did not answer in time (timeout {timeout:g} s)"
                ) from None
            except httpx.HTTPError as exc:
                raise FetchError(f"{current}: {type(exc).__name__}: {exc}") from None
            hops.append(hop)
            location = dict((k.lower(), v) for k, v in hop.headers).get("location")
            if hop.status in REDIRECTS and location:
                if len(hops) > max_redirects:
                    raise FetchError(f"{url}: more than {max_redirects} redirects")
                current = urljoin(current, location)
                continue
            break
    final = hops[-1]
    encoding = dict((k.lower(), v) for k, v in final.headers).get("content-encoding", "")
    content = decode(final.body, encoding, max_bytes, final.url)
    return Fetched(
        url=url,
        hops=hops,
        fetched_at=fetched_at,
        content=content,
        tls=tls,
        elapsed=round(time.monotonic() - started, 3),
    )


def _read_raw(response: httpx.Response, max_bytes: int, started: float, deadline: float, url: str) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(
            f"{url}: the server announces {int(declared):,} bytes, over the {max_bytes:,}-byte limit"
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_raw():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(
                f"{url}: the response is larger than the {max_bytes:,}-byte limit; nothing was kept"
            )
        if time.monotonic() - started > deadline:
            raise FetchError(f"{url}: the download took longer than {deadline:g} s; nothing was kept")
        chunks.append(chunk)
    return b"".join(chunks)


def decode(body: bytes, encoding: str, max_bytes: int, url: str) -> bytes:
    """Undo ``Content-Encoding`` (gzip, deflate), refusing output over ``max_bytes``.

    Written out rather than left to httpx because the raw bytes must be kept as
    sent, and because a decompression bomb must be stopped while it inflates.
    """
    for coding in reversed([c.strip().lower() for c in encoding.split(",") if c.strip()]):
        if coding == "identity":
            continue
        if coding in ("gzip", "x-gzip"):
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif coding == "deflate":
            inflater = zlib.decompressobj()
        else:
            raise FetchError(f"{url}: unsupported Content-Encoding {coding!r}")
        try:
            out = inflater.decompress(body, max_bytes + 1)
        except zlib.error as exc:
            raise FetchError(f"{url}: the {coding} body is corrupt ({exc})") from None
        if len(out) > max_bytes or inflater.unconsumed_tail:
            raise FetchError(
                f"{url}: the body inflates to more than {max_bytes:,} bytes (a decompression bomb?)"
            )
        body = out
    return body


def _peer(response: httpx.Response) -> str | None:
    stream = response.extensions.get("network_stream")
    if stream is None:
        return None
    addr = stream.get_extra_info("server_addr")
    return str(addr[0]) if addr else None


def _certificate(response: httpx.Response) -> dict[str, Any] | None:
    """The server's TLS certificate, when the response came over TLS."""
    stream = response.extensions.get("network_stream")
    ssl_object = stream.get_extra_info("ssl_object") if stream is not None else None
    if ssl_object is None:
        return None
    der = ssl_object.getpeercert(binary_form=True)
    if not der:
        return None
    info: dict[str, Any] = {"sha256": hashlib.sha256(der).hexdigest(), "der_hex": der.hex()}
    try:
        from cryptography import x509

        cert = x509.load_der_x509_certificate(der)
        info.update(
            subject=cert.subject.rfc4514_string(),
            issuer=cert.issuer.rfc4514_string(),
            not_before=cert.not_valid_before_utc.isoformat(),
            not_after=cert.not_valid_after_utc.isoformat(),
            serial=format(cert.serial_number, "x"),
        )
    except ValueError as exc:
        info["error"] = f"unreadable certificate: {exc}"
    info["tls_version"] = ssl_object.version()
    return info
