"""Commands that preserve evidence and prove it: ``capture``, ``verify``, ``evidence``.

Registered on the main app in :mod:`whodid.cli.main`; as there, each command only
parses, calls the library and prints.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from whodid.cli import render
from whodid.cli.common import err, fail, open_repo, out
from whodid.cli.render import safe

if TYPE_CHECKING:
    from whodid.capture.media import Preserved
    from whodid.extract import Extractor
    from whodid.store import Repository


def media_file(repo: Repository, name: str, extractor: Extractor | None) -> bool:
    """Preserve a file that is not a report (image, email, archive, audio, video);
    False when it is not one of those either, so the caller reports its error."""
    from whodid.capture.media import MediaError, preserve_bytes, sniff
    from whodid.ingest.api import DEFAULT_MAX_BYTES

    path = Path(name)
    try:
        if path.stat().st_size > DEFAULT_MAX_BYTES:
            return False
        data = path.read_bytes()
    except OSError:
        return False
    if sniff(data) is None:
        return False
    try:
        done = preserve_bytes(repo, data, str(path.absolute()), extractor=extractor)
    except MediaError as exc:
        err.print(f"[bold red]error:[/] {safe(name)}: {safe(exc)}", highlight=False)
        return True  # reported here; counted as handled so the caller does not repeat it
    for line in describe(done):
        out.print(line, highlight=False)
    return True


def describe(done: Preserved, indent: str = "") -> list[str]:
    """One line per preserved item, its attachments indented under it."""
    item = done.item
    state = "preserved" if done.new else "already kept"
    lines = [f"{indent}{item.id[:12]} · {state} · {item.kind} {safe(item.media_type)} · {safe(item.origin)}"]
    if "phash" in item.metadata:
        lines.append(f"{indent}  pHash {item.metadata['phash']}")
    for other, distance in done.duplicates:
        lines.append(f"{indent}  possible duplicate of {other[:12]} (pHash distance {distance})")
    if done.document is not None:
        lines.append(f"{indent}  text kept as document {done.document.id[:12]}")
    for part in done.parts:
        lines.extend(describe(part, indent + "  "))
    return lines


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
    wacz: Annotated[
        bool, typer.Option("--wacz", help="Also package each capture as WACZ for replay tools.")
    ] = False,
    screenshot: Annotated[
        bool, typer.Option("--screenshot", help="Also keep a PNG of the page rendered by headless Chromium.")
    ] = False,
    max_mb: Annotated[
        float, typer.Option("--max-mb", min=0.001, help="Largest response to accept, in MB.")
    ] = 50,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds to connect, and between two reads.")] = 20,
) -> None:
    """Capture web pages as evidence: a WARC of each exchange, kept read-only and logged."""
    from whodid.capture import FetchError, capture_url
    from whodid.capture.media import MediaError
    from whodid.capture.screenshot import ScreenshotError
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
                    wacz=wacz,
                    screenshot=screenshot,
                    max_bytes=int(max_mb * 1024 * 1024),
                    timeout=timeout,
                )
            except (FetchError, StoreError, ScreenshotError, MediaError) as exc:  # one line each
                failures += 1
                err.print(f"[bold red]error:[/] {safe(exc)}", highlight=False)
                continue
            meta = done.item.metadata
            status = "captured" if done.new else "already kept"
            out.print(
                f"{done.item.id[:12]}  {status}  {meta.get('status')}  {safe(meta.get('final_url'))}  "
                f"WARC {done.item.size_bytes:,} bytes",
                highlight=False,
            )
            if done.screenshot is not None:
                out.print(f"  screenshot {done.screenshot.id[:12]} · PNG", highlight=False)
            if done.wacz is not None:
                out.print(f"  WACZ {done.wacz.id[:12]} · {done.wacz.size_bytes:,} bytes", highlight=False)
            if done.document is not None:
                out.print("  " + render.summary_line(done.document, done.record, True), highlight=False)
            elif done.media is not None:
                for line in describe(done.media, "  "):
                    out.print(line, highlight=False)
            elif done.not_a_report:
                out.print(f"  no report text: {safe(done.not_a_report)}", highlight=False)
    if failures:
        err.print(f"{failures} of {len(urls)} URLs failed; the others were captured.")
        raise typer.Exit(1)


def verify(
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Re-hash every stored item and re-check the chain of custody; exit 1 on any problem."""
    from whodid.capture.timestamp import TimestampError, load_certificates, recheck

    pem = os.environ.get("WHODID_TSA_CERTS", "").strip()
    with open_repo() as repo:
        report = repo.verify(record=False)
        try:
            report.other.extend(recheck(repo, load_certificates(Path(pem)) if pem else None))
        except TimestampError as exc:
            raise fail(str(exc)) from exc
        repo.record_verification(report)
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
            out.print(f"[bold red]PROBLEM[/] {safe(problem)}", highlight=False)
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
            table.add_row("media type", safe(item.media_type))
            table.add_row("origin", safe(item.origin))
            table.add_row("captured", item.captured_at.isoformat())
            if item.document_id:
                related.append(f"document {item.document_id}")
            if item.derived_from:
                related.append(f"derived from {item.derived_from}")
            from whodid.capture.media import near_duplicates, visual_hashes

            related.extend(
                f"possible duplicate {other} (pHash distance {distance})"
                for other, distance in near_duplicates(repo, visual_hashes(item.metadata), exclude=item.id)
            )
            for key, value in item.metadata.items():
                if key == "possible_duplicates":
                    continue  # listed under "related", recomputed over the whole store
                table.add_row(
                    key, json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
                )
        else:
            document = repo.get_document(full)
            table.add_row("kind", "document")
            table.add_row("media type", safe(document.media_type))
            table.add_row("origin", safe(document.origin))
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
            safe(entry.actor),
            entry.action,
            safe(json.dumps(entry.details, ensure_ascii=False)[:160]),
        )
    out.print(history)


def bundle(
    item_id: Annotated[
        str, typer.Argument(help="A document or evidence id, or a unique prefix of 4+ characters.")
    ],
    out_path: Annotated[Path, typer.Option("--out", help="The ZIP file to write.")],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Export an item, what links to it and its custody log as a self-contained ZIP."""
    from whodid.capture.bundle import BundleError, export_bundle
    from whodid.store.errors import StoreError

    with open_repo() as repo:
        try:
            ids = export_bundle(repo, repo.resolve_item(item_id), out_path, overwrite=force)
        except (BundleError, StoreError) as exc:
            raise fail(str(exc)) from exc
    out.print(f"wrote {out_path}: {len(ids)} item(s); check with: unzip, then sha256sum -c SHA256SUMS")


def timestamp(
    item_ids: Annotated[list[str], typer.Argument(help="Document or evidence ids (or unique prefixes).")],
    tsa: Annotated[str | None, typer.Option(help="The TSA's URL (else WHODID_TSA_URL).")] = None,
    certs: Annotated[
        str | None,
        typer.Option(help="PEM file: the TSA's certificate, then its roots (else WHODID_TSA_CERTS)."),
    ] = None,
) -> None:
    """Have a time-stamping authority (RFC 3161) sign each item's SHA-256; keep and log the tokens."""
    from whodid.capture.timestamp import TimestampError, configured, stamp
    from whodid.store.errors import StoreError

    try:
        url, certificates = configured(tsa, certs)
    except TimestampError as exc:
        raise fail(str(exc)) from exc
    failures = 0
    with open_repo() as repo:
        for given in item_ids:
            try:
                done = stamp(repo, repo.resolve_item(given), url, certificates)
            except (TimestampError, StoreError) as exc:
                failures += 1
                err.print(f"[bold red]error:[/] {safe(given)}: {safe(exc)}", highlight=False)
                continue
            state = (
                "signature verified"
                if done.verified
                else "imprint checked; no certificates to verify the signature"
            )
            out.print(
                f"{done.item_id[:12]} stamped {done.gen_time.isoformat()} by {url}: token {done.token.id[:12]} ({state})",
                highlight=False,
            )
    if failures:
        raise typer.Exit(1)
