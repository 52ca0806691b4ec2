"""Accounts: who may log in, in which role, and the audit of it all.

Passwords are kept as Argon2id hashes (argon2-cffi), never the password. Five
failed logins in a row lock an account for fifteen minutes; a disabled account
cannot log in but keeps its history. Every login, failed login, new account,
role change and disabling is appended to the chain of custody (the same
tamper-evident log as the evidence), so ``whodid audit`` and ``whodid verify``
cover them.
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from whodid.store import custody as chain
from whodid.store.access import Access
from whodid.store.errors import NotFoundError, StoreError
from whodid.store.tables import users

if TYPE_CHECKING:
    from whodid.protect.keys import Keyring

# admin: everything; coordinator: people and records; researcher and reviewer: review;
# partner: read-only (and, with the redaction profiles, redacted)
ROLES = ("admin", "coordinator", "researcher", "reviewer", "partner")
REVIEWERS = frozenset({"admin", "coordinator", "researcher", "reviewer"})
USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
MIN_PASSWORD = 10
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: str
    disabled: bool = False

    @property
    def can_review(self) -> bool:
        return self.role in REVIEWERS and not self.disabled

    @property
    def access(self) -> Access:
        """What this user may see: every query a page or the API makes passes it."""
        return Access(self.name, self.role)


class Accounts:
    """Account methods of the repository (see the module docstring)."""

    _engine: Engine

    def _write(self) -> AbstractContextManager[Connection]:  # provided by Repository
        raise NotImplementedError

    def _note_head(self, entry: chain.Entry) -> None:  # provided by Preservation
        raise NotImplementedError

    def add_user(self, name: str, password: str, role: str = "reviewer", *, by: str | None = None) -> User:
        """A new account; StoreError for a bad name, a short password, a bad role or a taken name."""
        from argon2 import PasswordHasher

        if not USER_NAME.fullmatch(name):
            raise StoreError(f"{name!r} is not a user name: letters, digits and . _ @ - (up to 64)")
        if len(password) < MIN_PASSWORD:
            raise StoreError(f"a password needs at least {MIN_PASSWORD} characters")
        _check_role(role)
        digest = PasswordHasher().hash(password)
        with self._write() as conn:
            if conn.execute(sa.select(users.c.name).where(users.c.name == name)).first():
                raise StoreError(f"there is already a user {name!r}")
            conn.execute(
                sa.insert(users).values(
                    name=name, password_hash=digest, role=role, created_at=datetime.now(UTC)
                )
            )
            entry = chain.append(conn, "user_added", None, {"user": name, "role": role}, actor=by)
        self._note_head(entry)
        return User(name, role)

    def keyring(self) -> Keyring:  # provided by KeyStore
        raise NotImplementedError

    def enable_totp(self, name: str, *, by: str | None = None) -> str:
        """Give an account a second factor; the otpauth:// URI to put in an authenticator app.

        The secret is stored sealed (AES-GCM with a data key), never in the clear.
        """
        import pyotp

        secret = pyotp.random_base32()
        sealed = self.keyring().seal(secret, f"users.totp_secret:{name}")
        with self._write() as conn:
            done = conn.execute(sa.update(users).where(users.c.name == name).values(totp_secret=sealed))
            if done.rowcount == 0:
                raise NotFoundError(f"no user {name!r}")
            entry = chain.append(conn, "totp_enabled", None, {"user": name}, actor=by)
        self._note_head(entry)
        return pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name="whodid")

    def _second_factor(self, row: Any, code: str | None) -> bool:
        if row is None or not row["totp_secret"]:
            return True
        import pyotp

        secret = self.keyring().open(row["totp_secret"], f"users.totp_secret:{row['name']}")
        return bool(code) and pyotp.TOTP(secret).verify((code or "").strip(), valid_window=1)

    def check_login(self, name: str, password: str, code: str | None = None) -> User | None:
        """The user if ``password`` is theirs and the account is usable, else None.

        The password is checked (an Argon2 hash is computed) whatever the case, so
        the time taken does not tell whether a name exists or is locked.
        """
        from argon2 import PasswordHasher
        from argon2.exceptions import InvalidHashError, VerificationError

        now = datetime.now(UTC)
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(users).where(users.c.name == name)).mappings().one_or_none()
        hasher = PasswordHasher()
        stored = row["password_hash"] if row is not None else hasher.hash("no such user, timing equaliser")
        good: bool
        try:
            good = bool(hasher.verify(stored, password))
        except (VerificationError, InvalidHashError):
            good = False
        locked = row is not None and row["locked_until"] is not None and row["locked_until"] > now
        usable = row is not None and row["disabled_at"] is None and not locked
        second = good and usable and self._second_factor(row, code)
        if good and usable and second and row is not None:
            with self._write() as conn:
                conn.execute(
                    sa.update(users).where(users.c.name == name).values(failed_logins=0, locked_until=None)
                )
                entry = chain.append(conn, "login", None, {"user": name}, actor=name)
            self._note_head(entry)
            return User(row["name"], row["role"])
        reason = (
            "unknown user"
            if row is None
            else "disabled"
            if row["disabled_at"]
            else "locked"
            if locked
            else "wrong password"
        )
        with self._write() as conn:
            if row is not None and not locked:
                failures = int(row["failed_logins"]) + 1
                values: dict[str, object] = {"failed_logins": failures}
                if failures >= MAX_FAILURES:
                    values["locked_until"] = now + LOCKOUT
                    reason = f"wrong password; locked for {int(LOCKOUT.total_seconds() // 60)} minutes"
                conn.execute(sa.update(users).where(users.c.name == name).values(**values))
            entry = chain.append(
                conn, "login_failed", None, {"user": name[:64], "reason": reason}, actor=name[:64]
            )
        self._note_head(entry)
        return None

    def get_user(self, name: str) -> User | None:
        """An account that may be used now (None for an unknown or disabled one)."""
        with self._engine.connect() as conn:
            row = conn.execute(
                sa.select(users.c.name, users.c.role, users.c.disabled_at).where(users.c.name == name)
            ).first()
        if row is None or row.disabled_at is not None:
            return None
        return User(row.name, row.role)

    def list_users(self) -> list[tuple[User, datetime, datetime | None]]:
        """Every account with when it was made and until when it is locked."""
        with self._engine.connect() as conn:
            rows = conn.execute(sa.select(users).order_by(users.c.name)).mappings().all()
        return [
            (User(r["name"], r["role"], r["disabled_at"] is not None), r["created_at"], r["locked_until"])
            for r in rows
        ]

    def set_role(self, name: str, role: str, *, by: str | None = None) -> None:
        """Change an account's role (audited)."""
        _check_role(role)
        with self._write() as conn:
            old = conn.execute(sa.select(users.c.role).where(users.c.name == name)).scalar_one_or_none()
            if old is None:
                raise NotFoundError(f"no user {name!r}")
            conn.execute(sa.update(users).where(users.c.name == name).values(role=role))
            entry = chain.append(
                conn, "role_changed", None, {"user": name, "from": old, "to": role}, actor=by
            )
        self._note_head(entry)

    def disable_user(self, name: str, *, by: str | None = None) -> None:
        """Disable an account (audited); its sessions stop working at their next request."""
        with self._write() as conn:
            done = conn.execute(
                sa.update(users)
                .where(users.c.name == name, users.c.disabled_at.is_(None))
                .values(disabled_at=datetime.now(UTC))
            )
            if done.rowcount == 0:
                raise NotFoundError(f"no active user {name!r}")
            entry = chain.append(conn, "user_disabled", None, {"user": name}, actor=by)
        self._note_head(entry)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise StoreError(f"{role!r} is not a role; one of {', '.join(ROLES)}")
