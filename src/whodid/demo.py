"""``make demo``: ingest the demo collection into a fresh store and show a record.

Ingests ``examples/`` (fictional reports written for whodid) and, when the
project sits beside ``../shared/examples/``, the real example too; prints a
record with its provenance and flat view, queues the links between reports of
one incident or person for review, and says how to browse the store.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from whodid.cli import render
from whodid.config import load_settings
from whodid.extract import Extractor
from whodid.ingest import IngestError, ingest_path
from whodid.store.repository import Repository

ROOT = Path(__file__).resolve().parents[2]


def demo_files() -> tuple[list[Path], Path | None]:
    """The demo reports, and the real example to show when it is there."""
    files = sorted(p for p in (ROOT / "examples").glob("*") if p.suffix in (".txt", ".html", ".pdf"))
    shared = ROOT.parent / "shared" / "examples"
    real = sorted(shared.glob("*.txt")) if shared.is_dir() else []
    return files + real, (real[0] if real else None)


def main() -> None:
    console = Console()
    settings = load_settings()
    files, featured = demo_files()
    console.print(f"[bold]whodid demo[/]: {len(files)} reports into {settings.home}")
    extractor = Extractor()
    shown = None
    with Repository.open(settings) as repo:
        for path in files:
            try:
                document = ingest_path(path)
            except IngestError as exc:
                console.print(f"[red]error[/] {path.name}: {exc}")
                continue
            record = extractor.extract(document)
            is_new = repo.add(document, record)
            console.print(render.summary_line(document, record, is_new), highlight=False)
            if shown is None or path == featured:
                shown = (document, record)
    if shown is not None:
        console.rule("a record, with the provenance of every value")
        render.show(console, *shown)
    console.rule("reports of one incident, and one person, found across sources")
    from whodid.link.queue import fill

    with Repository.open(settings) as repo:
        for kind in ("events", "persons"):
            done = fill(repo, kind)
            console.print(f"{kind}: {done.rows} rows, {done.pairs} candidate links queued for review")
        for candidate in repo.candidates(limit=3):
            evidence = sorted(candidate.evidence, key=lambda e: -float(e.get("weight") or 0))[:3]
            reasons = "; ".join(f"{e['field']}: {e['level']}" for e in evidence)
            console.print(
                f"  link {candidate.id} ({candidate.kind}, p={candidate.probability:.2f}): {reasons}",
                highlight=False,
                markup=False,
            )
    console.rule("the evidence, re-checked")
    with Repository.open(settings) as repo:
        report = repo.verify()
    state = "[green]OK[/]" if report.ok else "[red]PROBLEMS[/]"
    console.print(
        f"{state}: {report.items} originals re-hashed (SHA-256 of their raw bytes), "
        f"{report.entries} custody log entries re-linked"
    )
    for problem in report.problems():
        console.print(f"[red]{problem}[/]", highlight=False)
    console.rule("next")
    console.print(f"Review it:  WHODID_HOME={settings.home} .venv/bin/whodid user add YOURNAME   (once)")
    console.print(
        f"            WHODID_HOME={settings.home} .venv/bin/whodid serve   (then open http://127.0.0.1:8000/)"
    )
    console.print(f"List it:    WHODID_HOME={settings.home} .venv/bin/whodid list")
    console.print(
        f"Link it:    WHODID_HOME={settings.home} .venv/bin/whodid link queue   (then link show/accept ID)"
    )
    console.print(f"Report it:  WHODID_HOME={settings.home} .venv/bin/whodid report demo-report.pdf")
    console.print(f"Verify it:  WHODID_HOME={settings.home} .venv/bin/whodid verify")


if __name__ == "__main__":
    main()
