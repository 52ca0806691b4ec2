"""A minimal read-only web page of stored records (the review UI is a later issue).

Server-rendered with Jinja2 autoescaping, and a strict Content Security Policy:
every value on the page comes from a hostile document.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from whodid.store.errors import StoreError
from whodid.store.repository import Repository

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
CSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"


def create_app(repository: Repository | None = None) -> FastAPI:
    """The application; a repository can be passed in (tests), else the configured store is opened."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.repo = repository or Repository.open()
        yield
        if repository is None:
            app.state.repo.close()

    app = FastAPI(title="whodid", lifespan=lifespan)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request, q: str | None = None) -> HTMLResponse:
        repo: Repository = request.app.state.repo
        rows = repo.search(q) if q else repo.list_records(limit=200)
        return TEMPLATES.TemplateResponse(
            request, "index.html", {"rows": rows, "q": q or "", "total": repo.count()}
        )

    @app.get("/records/{document_id}", response_class=HTMLResponse)
    def record_page(request: Request, document_id: str) -> HTMLResponse:
        repo: Repository = request.app.state.repo
        try:
            full = repo.resolve_id(document_id)
            document = repo.get_document(full)
        except StoreError as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from exc
        record = repo.get_record(full)
        return TEMPLATES.TemplateResponse(request, "record.html", {"document": document, "record": record})

    return app
