"""The web app: log in, review suggested records against their source, browse and search.

Server-rendered (Jinja2, autoescaped) with one small script of whodid's own for
keyboard shortcuts and text selection; no front-end build step. Security
(sessions, CSRF, headers) lives in :mod:`whodid.web.security`, the review pages
in :mod:`whodid.web.review`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Form, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from whodid import __version__
from whodid.config import load_settings
from whodid.store.accounts import User
from whodid.store.errors import StoreError
from whodid.store.repository import Repository
from whodid.web.facets import CHOICES, Facets
from whodid.web.security import (
    CSP,
    SESSION_HOURS,
    LoginLimiter,
    LoginRequired,
    check_csrf,
    csrf_token,
    current_user,
    log_reads,
    redactor,
    search_for,
    secret_key,
)

HERE = Path(__file__).parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
TEMPLATES.env.globals["csrf_token"] = csrf_token


def create_app(repository: Repository | None = None, home: Path | None = None) -> FastAPI:
    """The application; a repository can be passed in (tests), else the configured store is opened."""
    settings_home = home or load_settings().home

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.repo = repository or Repository.open()
        app.state.login_limiter = LoginLimiter()
        yield
        if repository is None:
            app.state.repo.close()

    app = FastAPI(
        title="whodid",
        version=__version__,
        description="Who did what to whom: reviewed records of human-rights incidents, with their sources.",
        lifespan=lifespan,
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key(settings_home),
        session_cookie="whodid_session",
        max_age=SESSION_HOURS * 3600,
        same_site="strict",
        https_only=False,  # a laptop serves plain http on 127.0.0.1; a server puts TLS in front
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        if request.url.path != "/static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "log in first (POST /login), then send the session cookie"}, 401)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def error_page(request: Request, exc: StarletteHTTPException) -> Response:
        """Pages get an error page in the site's frame; the API keeps its JSON problem."""
        if request.url.path.startswith(("/api/", "/static/")):
            return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)
        headings = {403: "Not allowed", 404: "Not found", 405: "Not allowed here"}
        return TEMPLATES.TemplateResponse(
            request,
            "error.html",
            {
                "status": exc.status_code,
                "heading": headings.get(exc.status_code, "Something is wrong with this request"),
                "detail": exc.detail,
                "user": None,
            },
            status_code=exc.status_code,
            headers=exc.headers,
        )

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, next: str = "/") -> HTMLResponse:
        return TEMPLATES.TemplateResponse(request, "login.html", {"next": _local(next), "error": None})

    @app.post("/login", response_model=None, include_in_schema=False)
    def login(
        request: Request,
        name: Annotated[str, Form()],
        password: Annotated[str, Form()],
        csrf: Annotated[str, Form()],
        next: Annotated[str, Form()] = "/",
        code: Annotated[str, Form()] = "",
    ) -> Response:
        check_csrf(request, csrf)
        if not request.app.state.login_limiter.allow(request):
            return TEMPLATES.TemplateResponse(
                request,
                "login.html",
                {"next": _local(next), "error": "Too many login attempts from here; wait a few minutes."},
                status_code=429,
                headers={"Retry-After": "300"},
            )
        user = request.app.state.repo.check_login(name[:64], password[:1024], code[:12] or None)
        if user is None:
            # one message for every refusal: it must not tell which names exist or are locked
            return TEMPLATES.TemplateResponse(
                request,
                "login.html",
                {
                    "next": _local(next),
                    "error": "Wrong name or password, or the account is locked for a while.",
                },
                status_code=401,
            )
        request.session.clear()  # a fresh session at login: no fixation
        request.session["user"] = user.name
        return RedirectResponse(_local(next), status_code=303)

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, csrf: Annotated[str, Form()]) -> RedirectResponse:
        check_csrf(request, csrf)
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(
        request: Request, user: Annotated[User, Depends(current_user)], q: str | None = None
    ) -> HTMLResponse:
        repo: Repository = request.app.state.repo
        facets = Facets.from_request(request)
        access = user.access
        if q:
            rows = search_for(request, user, q, 50)
        else:
            red = redactor(request, user)
            rows = [
                red.summary(r) for r in repo.list_records(**facets.store_filters(), limit=200, access=access)
            ]
        log_reads(request, user, [r.document_id for r in rows])
        return TEMPLATES.TemplateResponse(
            request,
            "index.html",
            {
                "rows": rows,
                "q": q or "",
                "total": repo.count(access),
                "user": user,
                "f": facets,
                "active": facets.active(),
                "choices": CHOICES,
            },
        )

    @app.get("/records/{document_id}", response_class=HTMLResponse, include_in_schema=False)
    def record_page(
        request: Request, document_id: str, user: Annotated[User, Depends(current_user)]
    ) -> HTMLResponse:
        repo: Repository = request.app.state.repo
        try:
            full = repo.resolve_id(document_id, user.access)
            document = repo.get_document(full)
        except StoreError as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from exc
        red = redactor(request, user)
        document, record = red.document_and_record(document, repo.get_record(full))
        reviewed = repo.review_state(full)[1]
        from whodid.review import fields
        from whodid.web.review import pieces

        views = fields(record) if record is not None else []
        repo.log("viewed", full, {"via": "web", "page": "record"}, actor=user.name)
        return TEMPLATES.TemplateResponse(
            request,
            "record.html",
            {
                "document": document,
                "record": record,
                "user": user,
                "pieces": pieces(document.text, views),
                "evidence": red.evidence(repo.evidence_for(full)),
                "custody": red.custody(repo.custody_log(full)[-50:]),
                # a redacted view names no staff either (as in the custody log below)
                "reviewed_by": (
                    ("staff" if reviewed else None) if red.profile.withhold_origins else reviewed
                ),
                "pseudonyms": red.profile.pseudonyms,
            },
        )

    from whodid.web import api, dashboard, links, maps, people, review

    app.include_router(review.router)
    app.include_router(maps.router)
    app.include_router(dashboard.router)
    app.include_router(people.router)
    app.include_router(links.router)
    app.include_router(api.router)
    return app


def _local(target: str) -> str:
    """Only a path on this site is a place to go back to after login (no open redirect)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"
