"""Encryption at rest of sensitive columns, done by the column types themselves.

Report text, titles, origins, record JSON, actor names and descriptions, place
names, coordinates, evidence metadata, review corrections and the custody
details are declared in :mod:`whodid.store.tables` with the types below. A
value is sealed (AES-256-GCM with the active data key, see
:mod:`whodid.protect.keys`) as it is bound into a statement and opened as a
row is read, so no query path can store or return one in the clear by
forgetting a call, and someone holding only the database reads ciphertext.
The associated data is the column's name, so a value moved into another
column does not open. (SQLAlchemy types see a value, not its row, so two
values of one column can be swapped by someone who can write the database;
the custody chain and ``whodid verify`` are what detect tampering.)

Equality lookups use :class:`BlindIndex` columns: a keyed HMAC of the value
transliterated to ASCII (anyascii), case-folded and with spaces collapsed, so
"Секербаева" and "sekerbaeva" meet without either being stored. The full-text
index holds :func:`blind_words` in place of the words.

The keys come from the repository: :func:`bind` attaches the unwrapped keyring
to an engine's dialect (the one object the types are given), and a statement
on an engine with no keyring fails instead of writing plaintext.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any
from weakref import WeakKeyDictionary

import sqlalchemy as sa
from sqlalchemy.engine import Dialect, Engine

from whodid.protect.keys import KeyProblem, Keyring
from whodid.store.errors import StoreError

_KEYRINGS: WeakKeyDictionary[Dialect, Keyring] = WeakKeyDictionary()
PREFIX = "v1."
# the same words the search splits a query into (letters and digits, no underscore)
WORD = re.compile(r"[^\W_]+")
_PUNCTUATION = re.compile(r"[^\w]|_")
TOKEN_HEX = 20  # 80 bits of each word's HMAC: collisions are negligible, the index stays small


def bind(engine: Engine, keyring: Keyring) -> None:
    """Let statements on ``engine`` seal and open values with ``keyring``."""
    _KEYRINGS[engine.dialect] = keyring


def keyring_of(dialect: Dialect) -> Keyring:
    try:
        return _KEYRINGS[dialect]
    except KeyError:
        raise StoreError(
            "this store was opened without its keys, so sensitive values can be neither written "
            "nor read; open it with Repository.open"
        ) from None


def normal(value: str) -> str:
    """The form blind indexes are taken of: ASCII transliteration, case-folded,
    punctuation dropped, spaces collapsed."""
    from anyascii import anyascii

    folded = anyascii(unicodedata.normalize("NFKC", value).casefold()).casefold()
    # punctuation is spelling, not identity: "Zhanel'" (a transliterated soft sign),
    # "Al-Hassan" and "Al Hassan" meet
    return " ".join(_PUNCTUATION.sub(" ", folded.replace("'", "")).split())


def blind_words(keyring: Keyring, text: str) -> str:
    """``text`` as a run of keyed word tokens for the full-text index: one per word,
    of its :func:`normal` form, so a Latin query finds Cyrillic text and accented
    words are found without their accents."""
    return " ".join(keyring.blind(n)[:TOKEN_HEX] for w in WORD.findall(text) if (n := normal(w)))


def query_words(keyring: Keyring, words: list[str]) -> list[str]:
    """The tokens a search for ``words`` looks for."""
    return [keyring.blind(n)[:TOKEN_HEX] for w in words if (n := normal(w))]


class BlindWords(sa.TypeDecorator[str]):
    """The full-text index's columns: text goes in as :func:`blind_words`."""

    impl = sa.Text()
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else blind_words(keyring_of(dialect), value)


class Sealed(sa.TypeDecorator[str]):
    """Text stored sealed; NUL characters become U+FFFD first, as in ``SafeText``."""

    impl = sa.Text()
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__()
        self.context = context

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return keyring_of(dialect).seal(value.replace("\x00", "\ufffd"), self.context)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else _open(dialect, value, self.context)


class SealedJSON(sa.TypeDecorator[Any]):
    """A JSON value stored sealed. ``legacy_plain``: rows written in the clear before
    sealing existed, and that may not be rewritten (the append-only custody log),
    are read as they are."""

    impl = sa.Text()
    cache_ok = True

    def __init__(self, context: str, legacy_plain: bool = False) -> None:
        super().__init__()
        self.context = context
        self.legacy_plain = legacy_plain

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return keyring_of(dialect).seal(text.replace("\\u0000", "\ufffd"), self.context)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, str):  # a legacy JSON column decoded by the driver
            return value
        if self.legacy_plain and not value.startswith(PREFIX):
            return json.loads(value)
        return json.loads(_open(dialect, value, self.context))


class SealedFloat(sa.TypeDecorator[float]):
    """A number (a coordinate) stored sealed; only whether it is present shows."""

    impl = sa.Text()
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__()
        self.context = context

    def process_bind_param(self, value: float | None, dialect: Dialect) -> str | None:
        return None if value is None else keyring_of(dialect).seal(repr(float(value)), self.context)

    def process_result_value(self, value: Any, dialect: Dialect) -> float | None:
        if value is None:
            return None
        return float(_open(dialect, str(value), self.context))


class BlindIndex(sa.TypeDecorator[str]):
    """A keyed index of a value (see the module docstring); both sides of a comparison
    with this column are blinded, so ``actors.c.name_index == "Sekerbayeva"`` works."""

    impl = sa.String(64)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None or not normal(value):
            return None
        return keyring_of(dialect).blind(normal(value))


def _open(dialect: Dialect, value: str, context: str) -> str:
    try:
        return keyring_of(dialect).open(value, context)
    except KeyProblem as exc:
        raise StoreError(f"a sealed value in {context} does not open: {exc}") from exc
