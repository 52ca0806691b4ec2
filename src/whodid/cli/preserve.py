"""Commands that preserve evidence and prove it: ``capture``, ``verify``, ``evidence``.

Registered on the main app in :mod:`whodid.cli.main`; as there, each command only
parses, calls the library and prints.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from whodid.cli import render
from whodid.cli.common import err, fail, open_repo, out


def capture(
    urls: Annotated[list[str], typer.Argument(help="Web pages to capture (http or https).")],
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Allow private and loopback addresses (off by default: server-side request forgery).",
        ),
    ] = False,
    extract: Annotated[bool, typer.Option(help="Extract a record from each captured report.")] = True,
    max_mb: Annotated[
        float, typer.Option("--max-mb", min=0.001, help="Largest response to accept, in MB.")
    ] = 50,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds to connect, and between two reads.")] = 20,
) -> None:
    """Capture web pages as evidence: a WARC of each exchange, kept read-only and logged."""
    from whodid.capture import FetchError, capture_url
    from whodid.store.errors import StoreError

    extractor = None
    if extract:
        from whodid.extract import Extractor

        extractor = Extractor()
    failures = 0
    with open_repo() as repo:
        for url in urls:
            try:
                done = capture_url(
                    repo,
                    url,
                    extractor=extractor,
                    allow_private=allow_private,
                    max_bytes=int(max_mb * 1024 * 1024),
                    timeout=timeout,
                )
            except (FetchError, StoreError) as exc:
                failures += 1
                err.print(f"[bold red]error:[/] {exc}", highlight=False)
                continue
            meta = done.item.metadata
            status = "captured" if done.new else "already kept"
            out.print(
                f"{done.item.id[:12]}  {status}  {meta.get('status')}  {meta.get('final_url')}  "
                f"WARC {done.item.size_bytes:,} bytes",
                highlight=False,
            )
            if done.document is not None:
                out.print("  " + render.summary_line(done.document, done.record, True), highlight=False)
            elif done.not_a_report:
                out.print(f"  no report text: {done.not_a_report}", highlight=False)
    if failures:
        err.print(f"{failures} of {len(urls)} URLs failed; the others were captured.")
        raise typer.Exit(1)


def verify(
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Re-hash every stored item and re-check the chain of custody; exit 1 on any problem."""
    with open_repo() as repo:
        report = repo.verify()
    if as_json:
        out.print_json(
            json.dumps(
                {
                    "ok": report.ok,
                    "items": report.items,
                    "entries": report.entries,
                    "head": {"seq": report.head[0], "hash": report.head[1]} if report.head else None,
                    "problems": report.problems(),
                }
            )
        )
    else:
        out.print(f"items re-hashed: {report.items}; custody log entries checked: {report.entries}")
        for problem in report.problems():
            out.print(f"[bold red]PROBLEM[/] {problem}", highlight=False)
        if report.ok:
            head = f" (log head: entry {report.head[0]}, {report.head[1]})" if report.head else ""
            out.print(f"[bold green]OK[/]: every item matches its SHA-256 and the log is intact{head}")
    if not report.ok:
        raise typer.Exit(1)


def evidence(
    item_id: Annotated[
        str, typer.Argument(help="A document or evidence id, or a unique prefix of 4+ characters.")
    ],
) -> None:
    """An item's metadata, hashes and custody history (and log that it was viewed)."""
    from whodid.store.errors import StoreError

    with open_repo() as repo:
        try:
            full = repo.resolve_item(item_id)
            kind = repo.item_kind(full)
            data = repo.evidence_bytes(full)
        except StoreError as exc:
            raise fail(str(exc)) from exc
        table = Table(show_header=False, box=None)
        table.add_column(style="bold")
        table.add_column(overflow="fold")
        table.add_row("id (sha256)", full)
        table.add_row("size", f"{len(data):,} bytes")
        related: list[str] = []
        if kind == "evidence":
            item = repo.get_evidence(full)
            table.add_row("kind", item.kind)
            table.add_row("media type", item.media_type)
            table.add_row("origin", item.origin)
            table.add_row("captured", item.captured_at.isoformat())
            if item.document_id:
                related.append(f"document {item.document_id}")
            for key, value in item.metadata.items():
                table.add_row(
                    key, json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
                )
        else:
            document = repo.get_document(full)
            table.add_row("kind", "document")
            table.add_row("media type", document.media_type)
            table.add_row("origin", document.origin)
            table.add_row("received", document.received_at.isoformat())
            related.extend(f"{e.kind} {e.id}" for e in repo.evidence_for(full))
        for line in related:
            table.add_row("related", line)
        table.add_row("check", f"sha256sum of the blob file gives {full}: verified now")
        repo.log("viewed", full, {"command": "evidence"})
        log = repo.custody_log(full)
    out.print(table)
    history = Table(title="chain of custody")
    for col in ("#", "when (UTC)", "who", "action", "details"):
        history.add_column(col, overflow="fold")
    for entry in log:
        history.add_row(
            str(entry.seq),
            entry.at.strftime("%Y-%m-%d %H:%M:%S"),
            entry.actor,
            entry.action,
            json.dumps(entry.details, ensure_ascii=False)[:160],
        )
    out.print(history)
