"""``whodid report``: a readable report for a filter, as HTML and PDF, redacted for its audience.

A report puts together the documented counts (:mod:`whodid.store.statistics`),
a map and a timeline (:mod:`whodid.share.charts`), tables of counts, and every
incident with the report it came from. It is built like an export: the
profile's audience bounds which records are in it (a partner report holds
only what a partner may see) and the same :class:`~whodid.protect.redact.Redactor`
shows each record (victims' names as pseudonyms, coordinates coarsened,
origins withheld), so a report never shows more than the web pages would.

The HTML comes from a Jinja2 template with autoescaping on: every string in a
report came from a document someone else wrote, and a title reading
``<script>`` is printed, not run. The PDF is the same HTML laid out by
WeasyPrint, which may load nothing but the report's own ``data:`` images.
Files are written whole or not at all (a temporary file, then a link or a
rename), readable by their owner only, and never over an existing file unless
asked; each report is logged in the custody chain as an export of every
document it draws on.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whodid import __version__
from whodid.atomic import fsync_dir
from whodid.model import DatePrecision, Document, Record, Role
from whodid.protect.redact import PROFILES, Redactor
from whodid.share import charts
from whodid.store.access import Access
from whodid.store.rows import event_row, kept
from whodid.store.statistics import UNKNOWN, Estimate, EventFilter, EventKey, Statistics

if TYPE_CHECKING:
    from whodid.store.repository import Repository

FORMATS = ("html", "pdf", "both")
PROFILE_NOTES = {
    "partner": "public records only; victims' names replaced by pseudonyms, coordinates coarsened, origins withheld"
}


class ReportError(Exception):
    """A report that cannot be made or written; the message says why."""


@dataclass(frozen=True, slots=True)
class SourceReport:
    """Where an incident is documented: the stored report, and the accounts it cites."""

    document_id: str
    title: str | None
    origin: str
    published: date | None
    accounts: list[str]  # "interview (field team)", from the record's sources


@dataclass(frozen=True, slots=True)
class Incident:
    """One incident as the report shows it (already redacted for the profile)."""

    number: int
    title: str
    date: date | None
    when: str  # the date as precisely as the report gives it: "2024-03-05", "2024-03", "undated"
    place: str
    lat: float | None
    lon: float | None
    acts: list[str]
    perpetrators: list[str]
    victims: list[str]
    fatalities: int | None
    source: SourceReport


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a report shows, before it is laid out."""

    title: str
    profile: str
    generated: datetime
    statistics: Statistics
    incidents: list[Incident]
    # the selected events once reviewed links join retellings of one incident
    linked: int | None = None


@dataclass(frozen=True, slots=True)
class Written:
    """A report file on disk."""

    path: Path
    format: str
    sha256: str


# --- gathering -----------------------------------------------------------------------------


def _redactor(repo: Repository, profile: str) -> tuple[Redactor, Access | None]:
    """The redactor of ``profile``, and the access its audience has (as exports bound it)."""
    if profile not in PROFILES:
        raise ReportError(f"{profile!r} is not a profile; one of {', '.join(PROFILES)}")
    chosen = PROFILES[profile]
    access = Access("(report)", "partner") if chosen.name == "partner" else None
    return Redactor(chosen, repo.pseudonym), access


def _who(record: Record, actor_id: str, *, with_type: bool) -> str:
    actor = record.actor(actor_id)
    label = actor.label
    if actor.count and actor.count > 1:
        label += f" ({actor.count}{'+' if actor.count_approximate else ''})"
    if with_type and actor.type:
        label += f" [{actor.type.replace('_', ' ')}]"
    return label


def _when(day: date | None, precision: str | None) -> str:
    """A date no more precise than the report: a month-precise date is not the 1st."""
    if day is None:
        return "undated"
    if precision == DatePrecision.YEAR:
        return f"{day:%Y}"
    if precision == DatePrecision.MONTH:
        return f"{day:%Y-%m}"
    return f"week of {day.isoformat()}" if precision == DatePrecision.WEEK else day.isoformat()


def _source(document: Document, record: Record) -> SourceReport:
    """The (redacted) document an incident is read from, and the accounts its record cites."""
    accounts = [s.kind + (f" ({s.by})" if s.by else "") for s in record.sources if kept(s)]
    return SourceReport(document.id, document.title, document.origin, document.published, accounts)


def _incident(number: int, key: EventKey, source: SourceReport, record: Record) -> Incident:
    """The incident at ``key`` of a (redacted) record."""
    event = record.events[key.ordinal]
    row = event_row(event, key.ordinal)
    acts = list(dict.fromkeys(a.type for a in event.acts if kept(a)))
    involved = [inv for inv in event.involvements if kept(inv) and kept(record.actor(inv.actor_id))]
    place = [row["location"], row["admin1"], row["country"]]
    return Incident(
        number=number,
        title=event.title,
        date=row["date_start"],
        when=_when(row["date_start"], row["date_precision"]),
        place=", ".join(dict.fromkeys(p for p in place if p)) or "unknown place",
        lat=row["lat"],
        lon=row["lon"],
        acts=acts,
        perpetrators=[
            _who(record, i.actor_id, with_type=True) for i in involved if i.role is Role.PERPETRATOR
        ],
        victims=[_who(record, i.actor_id, with_type=False) for i in involved if i.role is Role.VICTIM],
        fatalities=row["fatalities"],
        source=source,
    )


def gather(
    repo: Repository,
    where: EventFilter | None = None,
    *,
    profile: str = "full",
    title: str = "",
    estimates: Sequence[Estimate] = (),
) -> Report:
    """The report's content: counts and incidents that ``profile``'s audience may see, redacted."""
    where = where or EventFilter()
    redactor, access = _redactor(repo, profile)
    keys = repo.statistics.events(where, access)
    loaded: dict[str, tuple[SourceReport, Record] | None] = {}  # per document, without its bytes
    incidents: list[Incident] = []
    for key in keys:
        doc_id = key.document_id
        if doc_id not in loaded:
            document, record = redactor.document_and_record(
                repo.get_document(doc_id), repo.get_record(doc_id)
            )
            loaded[doc_id] = (_source(document, record), record) if record is not None else None
        found = loaded[doc_id]
        if found is not None and key.ordinal < len(found[1].events):
            incidents.append(_incident(len(incidents) + 1, key, *found))
    selected = {f"{k.document_id}:{k.ordinal}" for k in keys}
    retold = sum(max(0, len(selected.intersection(group)) - 1) for group in repo.clusters("events", access))
    return Report(
        linked=len(selected) - retold,
        title=title.strip() or "Documented incidents",
        profile=redactor.profile.name,
        generated=datetime.now(UTC).replace(microsecond=0),
        statistics=repo.statistics.counts(where, access).with_estimates(list(estimates)),
        incidents=incidents,
    )


# --- laying out ----------------------------------------------------------------------------


def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("whodid.share", "templates"),
        autoescape=True,  # every template, whatever its name: reports are HTML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (charts inline, nothing fetched)."""
    stats = report.statistics
    points = [(i.lat, i.lon) for i in report.incidents if i.lat is not None and i.lon is not None]
    dated = {t.key: t.events for t in stats.by_month if t.key != UNKNOWN}
    undated = sum(t.events for t in stats.by_month if t.key == UNKNOWN)
    tables = [
        ("By country", stats.by_country),
        ("By region (admin1)", stats.by_admin1),
        ("By act type", stats.by_act_type),
        ("By perpetrator type", stats.by_perpetrator_type),
        ("By victim type", stats.by_victim_type),
        ("By month", stats.by_month),
    ]
    template = _environment().get_template("report.html")
    return str(
        template.render(
            title=report.title,
            version=__version__,
            generated=report.generated.strftime("%Y-%m-%d %H:%M"),
            profile=report.profile,
            profile_note=PROFILE_NOTES.get(report.profile, ""),
            filters=sorted(stats.filter.describe().items()),
            documented=stats.documented,
            linked=report.linked if report.linked is not None else stats.documented.events,
            estimates=stats.estimates,
            map_uri=charts.incident_map(points),
            mapped=len(points),
            coarsened=PROFILES[report.profile].grid_degrees,
            outlines=charts.has_outlines(),
            timeline_uri=charts.timeline(dated) if dated else None,
            undated=undated,
            tables=tables,
            incidents=report.incidents,
        )
    )


def render_pdf(html: str) -> bytes:
    """The same HTML laid out as a PDF; only ``data:`` URLs may be loaded."""
    import weasyprint

    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint before 67 takes a function

        def fetcher(url: str) -> Any:
            if not url.startswith("data:"):
                raise ValueError(f"a report loads nothing from outside: {url[:60]}")
            return weasyprint.default_url_fetcher(url)

    else:
        fetcher = URLFetcher(allowed_protocols={"data"})
    pdf: bytes = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
    return pdf


# --- writing -------------------------------------------------------------------------------


def targets(out: Path, fmt: str) -> dict[str, Path]:
    """Format -> file: ``out`` itself for one format, ``out`` with each suffix for both."""
    if fmt not in FORMATS:
        raise ReportError(f"{fmt!r} is not a report format; one of {', '.join(FORMATS)}")
    if fmt != "both":
        return {fmt: out}
    stem = out.with_suffix("") if out.suffix.lower() in (".html", ".htm", ".pdf") else out
    return {"html": stem.with_name(stem.name + ".html"), "pdf": stem.with_name(stem.name + ".pdf")}


@contextlib.contextmanager
def _temporary(path: Path) -> Iterator[tuple[int, Path]]:
    """A private temporary file beside ``path``, removed unless it was moved into place."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        yield fd, Path(name)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def write_file(path: Path, data: bytes, *, overwrite: bool) -> None:
    """``data`` at ``path``, whole or not at all; an existing file is kept unless ``overwrite``.

    Without ``overwrite`` the file is hard-linked into place, which fails if the
    name exists even when it appeared a moment ago; a file system without hard
    links falls back to checking, then renaming.
    """
    with _temporary(path) as (fd, tmp):
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise ReportError(f"{path} exists; choose another name or overwrite it (--force)") from None
            except OSError:
                if path.exists():
                    raise ReportError(
                        f"{path} exists; choose another name or overwrite it (--force)"
                    ) from None
                os.replace(tmp, path)
    fsync_dir(path.parent)


def write_report(
    repo: Repository,
    out: Path,
    *,
    fmt: str = "both",
    where: EventFilter | None = None,
    profile: str = "full",
    title: str = "",
    overwrite: bool = False,
    by: str | None = None,
    estimates: Sequence[Estimate] = (),
) -> list[Written]:
    """Make the report and write it as ``fmt``; log it in the custody chain."""
    files = targets(out, fmt)
    for path in files.values():
        if path.exists() and not overwrite:
            raise ReportError(f"{path} exists; choose another name or overwrite it (--force)")
        if not path.parent.is_dir():
            raise ReportError(f"{path.parent} is not a directory")
    report = gather(repo, where, profile=profile, title=title, estimates=estimates)
    html = render_html(report)
    blobs = {"html": html.encode("utf-8")}
    if "pdf" in files:
        blobs["pdf"] = render_pdf(html)
    written = []
    for kind, path in files.items():
        write_file(path, blobs[kind], overwrite=overwrite)
        written.append(Written(path, kind, hashlib.sha256(blobs[kind]).hexdigest()))
    documents = list(dict.fromkeys(i.source.document_id for i in report.incidents))
    details = {
        "kind": "report",
        "profile": report.profile,
        "format": "+".join(w.format for w in written),
        "file_sha256": {w.format: w.sha256 for w in written},
        "filter": report.statistics.filter.describe(),
        "incidents": len(report.incidents),
    }
    repo.log_exports(documents, details, by=by)
    return written
