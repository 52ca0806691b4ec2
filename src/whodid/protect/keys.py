"""Keys for encryption at rest: a master key outside the database, data keys inside it, wrapped.

Envelope encryption (``cryptography``'s AES-256-GCM): each sensitive value is
sealed with a data key; data keys are stored in the database only wrapped
(encrypted) by the master key; the master key lives outside the database, in
``WHODID_MASTER_KEY`` (base64url, 32 bytes) or in ``master.key`` in the data
directory (mode 0600, refused if others can read it). Someone holding only the
database holds only ciphertext. Rotating the master key rewraps the data keys
(``whodid keys rotate``); values need not be re-encrypted.

A sealed value is ``v1.<key id>.<base64url(nonce | ciphertext)>``, with the
value's context (``users.totp_secret:ana``) as associated data, so a sealed
value copied into another row or column does not open. Blind indexes (keyed
HMAC-SHA256 of a normalised form) let exact-match lookups work without the
plaintext.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidTag

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MASTER_FILE = "master.key"
KEY_BYTES = 32
NONCE_BYTES = 12


class KeyProblem(Exception):
    """A key problem (missing, wrong, too exposed); the message says what to do."""


def _b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


_FROM_URLSAFE = bytes.maketrans(b"-_", b"+/")


def _b64d(text: str) -> bytes:
    # binascii directly: base64.urlsafe_b64decode took a third of the time of opening a value
    data = text.encode("ascii").translate(_FROM_URLSAFE)
    return binascii.a2b_base64(data + b"=" * (-len(data) % 4))


def load_master(home: Path, create: bool = True) -> bytes:
    """The master key: ``WHODID_MASTER_KEY``, else ``home/master.key`` (made once, mode 0600)."""
    explicit = os.environ.get("WHODID_MASTER_KEY", "").strip()
    if explicit:
        try:
            key = _b64d(explicit)
        except ValueError:
            key = b""
        if len(key) != KEY_BYTES:
            raise KeyProblem("WHODID_MASTER_KEY must be 32 bytes in base64url (whodid keys new prints one)")
        return key
    path = home / MASTER_FILE
    if not path.exists():
        if not create:
            raise KeyProblem(f"no master key at {path} and WHODID_MASTER_KEY is not set")
        home.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(_b64e(secrets.token_bytes(KEY_BYTES)) + "\n")
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyProblem(f"{path} can be read by others (mode {oct(mode & 0o777)}); run: chmod 600 {path}")
    key = _b64d(path.read_text(encoding="utf-8").strip())
    if len(key) != KEY_BYTES:
        raise KeyProblem(f"{path} does not hold a 32-byte key")
    return key


def new_master_text() -> str:
    """A fresh master key as text, for a key file or ``WHODID_MASTER_KEY``."""
    return _b64e(secrets.token_bytes(KEY_BYTES))


def wrap(master: bytes, key: bytes, key_id: str) -> str:
    """``key`` encrypted under ``master``, bound to its id."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(NONCE_BYTES)
    return _b64e(nonce + AESGCM(master).encrypt(nonce, key, key_id.encode()))


def unwrap(master: bytes, wrapped: str, key_id: str) -> bytes:
    """The key ``wrap`` sealed; KeyProblem when ``master`` is not the key that wrapped it."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    raw = _b64d(wrapped)
    try:
        return AESGCM(master).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], key_id.encode())
    except InvalidTag:
        raise KeyProblem(
            "the master key does not open the stored data keys: it is the wrong key "
            "(check WHODID_MASTER_KEY or master.key); nothing was changed"
        ) from None


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_key_id() -> str:
    return secrets.token_hex(8)


@dataclass(frozen=True)
class Keyring:
    """Unwrapped data keys: seal and open values, and compute blind indexes."""

    data_keys: dict[str, bytes]
    active: str
    index_key: bytes
    # one AESGCM object per key, made on first use: the map opens tens of thousands of values
    _ciphers: dict[str, AESGCM] = field(default_factory=dict, repr=False, compare=False)

    def _cipher(self, key_id: str) -> AESGCM:
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM

            cipher = self._ciphers[key_id] = AESGCM(self.data_keys[key_id])
        return cipher

    def seal(self, plaintext: str, context: str) -> str:
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = self._cipher(self.active).encrypt(nonce, plaintext.encode("utf-8"), context.encode())
        return f"v1.{self.active}.{_b64e(nonce + sealed)}"

    def open(self, token: str, context: str) -> str:
        try:
            version, key_id, body = token.split(".", 2)
        except ValueError:
            raise KeyProblem("not a sealed value") from None
        if version != "v1" or key_id not in self.data_keys:
            raise KeyProblem(f"sealed with an unknown key {key_id!r}")
        raw = _b64d(body)
        try:
            return (
                self._cipher(key_id).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode()).decode()
            )
        except InvalidTag:
            raise KeyProblem(
                f"the sealed value does not open in context {context!r} (moved or altered)"
            ) from None

    def blind(self, value: str) -> str:
        """A keyed, deterministic index of a normalised value (NFKC, case-folded, spaces collapsed)."""
        normal = " ".join(unicodedata.normalize("NFKC", value).casefold().split())
        return hmac.new(self.index_key, normal.encode("utf-8"), hashlib.sha256).hexdigest()
