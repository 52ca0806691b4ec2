"""Shared fixtures: the spaCy model, documents from short texts, a real PostgreSQL.

PostgreSQL isolation: each test gets a fresh schema (``whodid_test_<random>``),
selected through the connection's ``search_path`` (``options=-csearch_path=...``
in the URL), and dropped with everything in it afterwards. Concurrent or repeated
runs never see each other's tables. Set ``WHODID_TEST_POSTGRES_URL`` to use
another server. When no server answers the tests are skipped, unless ``CI`` is
set, where a missing server is a failure: CI must not go green by skipping.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from whodid.model import Document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

POSTGRES_URL = os.environ.get("WHODID_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[sa.Engine]:
    """An engine on the test server's default schema, used to create and drop schemas."""
    engine = sa.create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as e:
        engine.dispose()
        reason = f"no PostgreSQL server at {POSTGRES_URL} ({str(e.orig).strip().splitlines()[0]})"
        if _in_ci():
            pytest.fail(f"{reason}; CI is set, so this is a failure, not a skip")
        pytest.skip(reason)
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_url(postgres_engine: sa.Engine) -> Iterator[str]:
    """A URL whose connections see only a fresh, empty schema."""
    schema = f"whodid_test_{uuid.uuid4().hex[:16]}"
    with postgres_engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = sa.make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with postgres_engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from whodid.extract.nlp import load

    return load()


@pytest.fixture
def make_document() -> Callable[..., Document]:
    def make(text: str, published: date | None = None) -> Document:
        raw = text.encode("utf-8")
        return Document(
            id=hashlib.sha256(raw).hexdigest(),
            raw=raw,
            media_type="text/plain",
            origin="test",
            received_at=datetime(2026, 1, 1, tzinfo=UTC),
            text=text,
            published=published,
        )

    return make
