"""What keeps the pages safe: sessions, CSRF tokens, the logged-in user, HTTP headers.

Every value on a page comes from a hostile document, so templates autoescape,
the Content Security Policy allows only whodid's own scripts and styles (no
inline script), and every form that changes something carries a per-session
CSRF token checked on the server. Sessions are signed cookies (Starlette's
SessionMiddleware, itsdangerous), SameSite=strict, HttpOnly; the key lives in
the data directory (``web-secret``, mode 0600) or ``WHODID_SECRET_KEY``.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import HTTPException, Request

from whodid.protect.redact import Redactor
from whodid.share import views
from whodid.share.views import viewer_for
from whodid.store.accounts import User

if TYPE_CHECKING:
    from whodid.store.summaries import RecordSummary

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SESSION_HOURS = 8
# attempts per client address, whatever the account: the per-account lockout
# (store.accounts) cannot stop one password tried against many names
LOGIN_RATE = "20 per 5 minutes"


class LoginRequired(Exception):
    """Raised by :func:`current_user` when nobody is logged in; the app redirects to /login."""


def secret_key(home: Path) -> str:
    """The session-signing key: ``WHODID_SECRET_KEY``, else ``home/web-secret`` (made once)."""
    explicit = os.environ.get("WHODID_SECRET_KEY", "").strip()
    if explicit:
        return explicit
    path = home / "web-secret"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(key + "\n")
    return key


def csrf_token(request: Request) -> str:
    """This session's CSRF token (made on first use)."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def check_csrf(request: Request, submitted: str) -> None:
    """Refuse a form whose token is not this session's (403)."""
    expected = request.session.get("csrf")
    if not isinstance(expected, str) or not hmac.compare_digest(expected, submitted or ""):
        raise HTTPException(
            status_code=403, detail="the form is stale or forged (CSRF token mismatch); reload the page"
        )


def reviewer(request: Request) -> User:
    """The logged-in user, if their role may review (403 for a partner)."""
    user = current_user(request)
    if not user.can_review:
        raise HTTPException(
            status_code=403, detail=f"the {user.role} role may read records but not review them"
        )
    return user


def current_user(request: Request) -> User:
    """The logged-in user, or :class:`LoginRequired`."""
    name = request.session.get("user")
    if not isinstance(name, str):
        raise LoginRequired
    user: User | None = request.app.state.repo.get_user(name)
    if user is None:
        request.session.clear()
        raise LoginRequired
    return user


def redactor(request: Request, user: User) -> Redactor:
    """How this user's pages and API answers are redacted (whodid.protect.redact)."""
    return viewer_for(request.app.state.repo, user).redactor


def search_for(request: Request, user: User, query: str, limit: int) -> list[RecordSummary]:
    """Search as ``user`` (whodid.share.views.search)."""
    repo = request.app.state.repo
    return views.search(repo, viewer_for(repo, user), query, limit)


class LoginLimiter:
    """Login attempts per client address in a moving window (the ``limits`` library).

    Kept in memory: one limiter per server process, which is what ``whodid
    serve`` runs; several workers behind a proxy would each count apart.
    """

    def __init__(self, rate: str = LOGIN_RATE) -> None:
        from limits import parse
        from limits.storage import MemoryStorage
        from limits.strategies import MovingWindowRateLimiter

        self._rate = parse(rate)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def allow(self, request: Request) -> bool:
        """Count one attempt from this request's client; False once over the rate."""
        client = request.client.host if request.client else "unknown"
        return bool(self._limiter.hit(self._rate, "login", client))


def log_reads(request: Request, user: User, ids: list[str], **details: Any) -> None:
    """One ``viewed`` entry in the audit chain for a listing: who saw which reports
    (their first 16 hex characters, up to 500) on which route.

    A listing shows names, places and titles, so it is a read of sensitive
    fields like a record page; ``whodid audit --item`` finds these entries too.
    """
    via = "api" if request.url.path.startswith("/api/") else "web"
    shown = {"documents": [i[:16] for i in ids[:500]], "shown": len(ids)}
    request.app.state.repo.log(
        "viewed", None, {"via": via, "route": request.url.path, **shown, **details}, actor=user.name
    )
