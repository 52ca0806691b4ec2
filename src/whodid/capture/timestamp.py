"""Trusted timestamps (RFC 3161): a third party's signed word that an item existed.

A time-stamping authority (TSA) the user chooses signs the SHA-256 of an item's
bytes with the time; the signed token proves the item existed, unchanged, no
later than that time, whatever later happens to whodid's own log. The token is
kept as an evidence item of its own, derived from the item, and logged.

rfc3161-client (pyca) builds the request and checks the response: status,
nonce, message imprint against the item's bytes, and, given the TSA's
certificate and its roots (``WHODID_TSA_CERTS``, a PEM file), the signature and
chain. httpx posts the request. No TSA is contacted unless one is configured
(``WHODID_TSA_URL`` or ``--tsa``): whodid works offline by default.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whodid.model import EvidenceItem

if TYPE_CHECKING:
    from cryptography.x509 import Certificate

    from whodid.store import Repository

TOKEN_MEDIA_TYPE = "application/timestamp-reply"
MAX_REPLY_BYTES = 1024 * 1024


class TimestampError(Exception):
    """A timestamp that could not be obtained or does not check out; one line says why."""


@dataclass(frozen=True, slots=True)
class Stamped:
    """A stored timestamp token."""

    item_id: str
    token: EvidenceItem
    gen_time: datetime
    verified: bool


def load_certificates(path: Path) -> list[Certificate]:
    """The certificates of a PEM file: the TSA's own first, then its chain and roots."""
    from cryptography import x509

    try:
        certs = x509.load_pem_x509_certificates(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise TimestampError(f"cannot read TSA certificates from {path}: {exc}") from None
    if not certs:
        raise TimestampError(f"{path} holds no certificate")
    return certs


def configured(tsa_url: str | None, certs_path: str | None) -> tuple[str, list[Certificate] | None]:
    """The TSA URL and certificates from the arguments, else the environment."""
    url = tsa_url or os.environ.get("WHODID_TSA_URL", "").strip()
    if not url:
        raise TimestampError("no time-stamping authority configured: pass --tsa URL or set WHODID_TSA_URL")
    pem = certs_path or os.environ.get("WHODID_TSA_CERTS", "").strip()
    return url, load_certificates(Path(pem)) if pem else None


def request_token(data: bytes, tsa_url: str, *, timeout: float = 20.0) -> bytes:
    """Ask the TSA to stamp ``data``'s SHA-256; the DER reply, status checked."""
    import httpx
    from rfc3161_client import HashAlgorithm, TimestampRequestBuilder, decode_timestamp_response

    request = TimestampRequestBuilder().data(data).hash_algorithm(HashAlgorithm.SHA256).build()
    try:
        response = httpx.post(
            tsa_url,
            content=request.as_bytes(),
            headers={"Content-Type": "application/timestamp-query"},
            timeout=timeout,
            follow_redirects=False,
        )
    except httpx.HTTPError as exc:
        raise TimestampError(f"{tsa_url}: {type(exc).__name__}: {exc}") from None
    if response.status_code != 200:
        raise TimestampError(f"{tsa_url} answered {response.status_code} {response.reason_phrase}")
    reply = response.content
    if len(reply) > MAX_REPLY_BYTES:
        raise TimestampError(f"{tsa_url} sent a reply of {len(reply):,} bytes; a token is a few KB")
    try:
        decoded = decode_timestamp_response(reply)
    except ValueError as exc:
        raise TimestampError(f"{tsa_url} sent something that is not a timestamp reply ({exc})") from None
    if decoded.status not in (0, 1):  # granted, granted with modifications
        raise TimestampError(f"{tsa_url} refused the request (status {decoded.status})")
    if decoded.tst_info.nonce != request.nonce:
        raise TimestampError(f"{tsa_url} answered another request (nonce mismatch)")
    return reply


def check_token(reply: bytes, data: bytes, certs: list[Certificate] | None) -> tuple[datetime, bool]:
    """The stamped time, and whether the signature and chain were verified.

    The imprint is always checked against ``data``; with ``certs`` (the TSA's
    certificate first, then roots) the signature and chain are too.
    """
    from rfc3161_client import VerificationError, VerifierBuilder, decode_timestamp_response

    decoded = decode_timestamp_response(reply)
    imprint = decoded.tst_info.message_imprint.message
    if imprint != hashlib.sha256(data).digest():
        raise TimestampError("the token stamps other bytes than the item's (message imprint mismatch)")
    gen_time = decoded.tst_info.gen_time
    when = gen_time if gen_time.tzinfo is not None else gen_time.replace(tzinfo=UTC)
    if not certs:
        return when, False
    builder = VerifierBuilder().tsa_certificate(certs[0])
    for root in certs[1:] or certs[:1]:
        builder = builder.add_root_certificate(root)
    try:
        builder.build().verify_message(decoded, data)
    except VerificationError as exc:
        raise TimestampError(f"the token's signature does not verify: {exc}") from None
    return when, True


def stamp(repo: Repository, item_id: str, tsa_url: str, certs: list[Certificate] | None) -> Stamped:
    """Obtain, check and store a timestamp of one stored item."""
    data = repo.evidence_bytes(item_id)
    reply = request_token(data, tsa_url)
    gen_time, verified = check_token(reply, data, certs)
    details: dict[str, Any] = {"tsa": tsa_url, "gen_time": gen_time.isoformat(), "verified": verified}
    token = EvidenceItem(
        id=hashlib.sha256(reply).hexdigest(),
        kind="timestamp",
        media_type=TOKEN_MEDIA_TYPE,
        size_bytes=len(reply),
        origin=tsa_url,
        captured_at=datetime.now(UTC),
        derived_from=item_id,
        metadata={"timestamp_of": item_id, **details},
    )
    repo.add_evidence(token, reply, {"timestamp_of": item_id, **details})
    return Stamped(item_id, token, gen_time, verified)


def recheck(repo: Repository, certs: list[Certificate] | None) -> list[str]:
    """Re-check every stored token against its item's bytes now: one line per failure."""
    from whodid.store.errors import StoreError

    problems = []
    for token in repo.evidence_items(kind="timestamp"):
        item_id = token.derived_from or ""
        try:
            check_token(repo.evidence_bytes(token.id), repo.evidence_bytes(item_id), certs)
        except TimestampError as exc:
            problems.append(f"timestamp {token.id} of item {item_id}: {exc}")
        except StoreError as exc:  # a missing or altered blob, named by verify itself too
            problems.append(f"timestamp {token.id} of item {item_id} cannot be checked: {exc}")
    return problems
