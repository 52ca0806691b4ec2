"""Accounts: roles, lockout after failed logins, disabling, and every step audited in the chain."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from whodid.config import Settings
from whodid.store import Repository, StoreError
from whodid.store.accounts import MAX_FAILURES
from whodid.store.engine import create_engine

PASSWORD = "a long enough password"


def test_a_password_is_kept_only_as_an_argon2_hash(repo: Repository, settings: Settings) -> None:
    repo.add_user("ana", PASSWORD, "researcher")
    engine = create_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            stored = conn.execute(sa.text("SELECT password_hash FROM users")).scalar_one()
    finally:
        engine.dispose()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert repo.check_login("ana", PASSWORD) is not None
    assert repo.check_login("ana", "not the password") is None


@pytest.mark.parametrize(
    ("name", "password", "role"),
    [("bad name!", PASSWORD, "reviewer"), ("bo", "short", "reviewer"), ("bo", PASSWORD, "god")],
)
def test_bad_accounts_are_refused(repo: Repository, name: str, password: str, role: str) -> None:
    with pytest.raises(StoreError):
        repo.add_user(name, password, role)


def test_repeated_failures_lock_the_account_even_for_the_right_password(
    repo: Repository, settings: Settings
) -> None:
    repo.add_user("ana", PASSWORD)
    for _ in range(MAX_FAILURES):
        assert repo.check_login("ana", "guess") is None
    assert repo.check_login("ana", PASSWORD) is None  # locked
    engine = create_engine(settings.database_url)
    try:
        with engine.begin() as conn:  # fifteen minutes later
            conn.execute(
                sa.text("UPDATE users SET locked_until = :t"), {"t": datetime.now(UTC) - timedelta(seconds=1)}
            )
    finally:
        engine.dispose()
    assert repo.check_login("ana", PASSWORD) is not None
    failed = [e for e in repo.custody_log() if e.action == "login_failed"]
    assert len(failed) == MAX_FAILURES + 1 and failed[-1].details["reason"] == "locked"


def test_disabled_accounts_cannot_log_in_and_changes_are_audited(repo: Repository) -> None:
    repo.add_user("ana", PASSWORD, "reviewer", by="admin1")
    repo.set_role("ana", "partner", by="admin1")
    assert repo.get_user("ana") is not None and repo.get_user("ana").role == "partner"  # type: ignore[union-attr]
    repo.disable_user("ana", by="admin1")
    assert repo.get_user("ana") is None
    assert repo.check_login("ana", PASSWORD) is None
    log = [(e.action, e.actor, e.details.get("user")) for e in repo.custody_log()]
    assert ("user_added", "admin1", "ana") in log and ("role_changed", "admin1", "ana") in log
    assert ("user_disabled", "admin1", "ana") in log
    assert repo.verify(record=False).ok  # the audit entries are part of the same hash chain
