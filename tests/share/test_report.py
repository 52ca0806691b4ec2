"""``whodid report``: HTML and PDF reports, their pages looked at as images, redaction per
profile, hostile strings, atomic writes that refuse to overwrite, the custody log and the CLI."""

from __future__ import annotations

import dataclasses
import math
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from typer.testing import CliRunner

from tests.conftest import _in_ci
from tests.share.conftest import HOSTILE, ORIGIN, Store, examples, fill
from whodid.cli.main import app
from whodid.config import load_settings
from whodid.protect.redact import coarsen
from whodid.share import charts
from whodid.share.report import ReportError, gather, render_html, targets, write_file, write_report
from whodid.store import Repository
from whodid.store.statistics import Estimate, EventFilter

TITLE = 'Quarterly review <script>alert("t")</script> & more'
POINT = tuple(int(charts.POINT_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
SECTIONS = 5  # summary, map and timeline, counts, incidents, sources: each starts a page


@dataclass
class Rendered:
    html: str
    pdf: Path
    pages: list[Path]  # pdftoppm's PNG of each page
    text: list[str]  # pypdf's text of each page


def _render(store: Store, out: Path, **kw: object) -> Rendered:
    written = write_report(store.repo, out, fmt="both", title=TITLE, **kw)  # type: ignore[arg-type]
    html_path, pdf_path = (w.path for w in written)
    return Rendered(html_path.read_text(encoding="utf-8"), pdf_path, _pages(pdf_path), _text(pdf_path))


def _pages(pdf: Path) -> list[Path]:
    """The PDF's pages as 50 dpi PNGs, in order (Debian's poppler-utils, ``make tools``)."""
    if shutil.which("pdftoppm") is None:
        if _in_ci():
            pytest.fail("pdftoppm is missing and CI is set: install poppler-utils (make tools)")
        pytest.skip("pdftoppm is missing: install Debian's poppler-utils (make tools)")
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(prefix)], check=True)
    return sorted(pdf.parent.glob(prefix.name + "-*.png"))


def _text(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(pdf).pages]


def _close(pixel: tuple[int, ...], colour: tuple[int, ...], tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


def _colours(png: Path) -> Counter[tuple[int, ...]]:
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        found = rgb.getcolors(rgb.width * rgb.height) or []
        return Counter({colour: n for n, colour in found if isinstance(colour, tuple)})


@pytest.fixture(scope="module")
def full(large: Store, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    return _render(large, tmp_path_factory.mktemp("full") / "report")


@pytest.fixture(scope="module")
def partner(large: Store, full: Rendered, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    return _render(large, tmp_path_factory.mktemp("partner") / "report", profile="partner")


# --- the PDF, page by page ---------------------------------------------------------------


def test_every_page_is_rendered_and_none_is_blank(full: Rendered) -> None:
    assert len(full.pages) == len(full.text) > SECTIONS + 10  # three hundred incidents take pages
    for png in full.pages:
        with Image.open(png) as image:
            assert image.width < image.height  # A4 portrait
            inked = sum(n for colour, n in _colours(png).items() if min(colour) < 200)
            assert inked > 150, f"{png.name} looks blank"


def test_the_map_page_shows_the_incidents(full: Rendered) -> None:
    map_page = next(i for i, t in enumerate(full.text) if "Map" in t and "Timeline" in t)
    assert map_page == 1
    pointed = sum(n for colour, n in _colours(full.pages[map_page]).items() if _close(colour, POINT))
    assert pointed >= 20
    # the point colour is the map's alone: the summary page has none
    assert not any(_close(colour, POINT) for colour in _colours(full.pages[0]))


def test_the_summary_figures_are_in_the_pdf_text(large: Store, full: Rendered) -> None:
    documented = large.repo.statistics.counts().documented
    first = full.text[0]
    for figure in (documented.events, documented.acts, documented.victims, documented.fatalities):
        assert str(figure) in first
    assert "DOCUMENTED" in first and "Estimates" in first and "No estimates" in first
    assert f"{documented.first} to {documented.last}" in first
    assert "Quarterly review" in first
    assert "1 of " in first  # page numbers in the footer


def test_a_small_report_has_one_page_per_section(small: Store, tmp_path: Path) -> None:
    rendered = _render(small, tmp_path / "small.pdf")
    assert len(rendered.pages) == len(rendered.text) == SECTIONS
    assert "Example: journalists arrested" in "".join(rendered.text)


# --- the HTML ----------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.sources: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.sources += [v or "" for k, v in attrs if k in ("src", "href")]
        self.handlers += [k for k, _ in attrs if k.startswith("on")]


def test_hostile_strings_are_text_not_markup(full: Rendered) -> None:
    parsed = _Tags()
    parsed.feed(full.html)
    assert "script" not in parsed.tags and not parsed.handlers
    assert parsed.tags <= {
        *("html", "head", "meta", "title", "style", "body", "section", "h1", "h2", "h3", "p", "b"),
        *("div", "span", "img", "table", "colgroup", "col", "thead", "tbody", "tr", "th", "td", "ul", "li"),
    }
    assert parsed.sources and all(s.startswith("data:image/svg+xml;base64,") for s in parsed.sources)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in full.html
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in full.html  # the title
    assert "Content-Security-Policy\" content=\"default-src 'none'" in full.html
    words = "".join("".join(full.text).split())  # lines broken anywhere in a long word
    assert '<script>alert("x")</script>' in words and '<script>alert("t")</script>' in words


def test_the_html_holds_every_incident_with_its_source(large: Store, full: Rendered) -> None:
    n = large.repo.statistics.counts().documented.events
    assert full.html.count('<div class="incident">') == n
    assert ORIGIN + "0001-dispatch.html" in full.html
    assert "the Special Squad" in full.html


# --- the partner profile -----------------------------------------------------------------


def test_partner_report_names_no_victim_and_no_origin(large: Store, partner: Rendered) -> None:
    text = "\n".join(partner.text)
    assert large.built.victim_names  # the store has named victims to hide
    for name in large.built.victim_names:
        assert name not in partner.html and name not in text
        assert name.split()[1] not in partner.html
    assert ORIGIN not in partner.html and "dispatches.invalid" not in text
    assert "[withheld]" in partner.html and "Person " in partner.html
    assert "the Special Squad" in partner.html  # perpetrators keep their names


def test_partner_report_holds_only_public_records(large: Store, partner: Rendered) -> None:
    public = set(large.built.public)
    report = gather(large.repo, profile="partner")
    assert report.incidents and {i.source.document_id for i in report.incidents} <= public
    assert report.statistics.documented.events == len(report.incidents)
    assert report.statistics.documented.events < large.repo.statistics.counts().documented.events
    assert partner.html.count('<div class="incident">') == len(report.incidents)


def test_partner_report_coarsens_coordinates(large: Store) -> None:
    located = [i for i in gather(large.repo, profile="partner").incidents if i.lat is not None]
    assert located
    for i in located:
        assert i.lat == coarsen(i.lat, 0.1) and i.lon == coarsen(i.lon, 0.1)
    exact = {(i.lat, i.lon) for i in gather(large.repo).incidents}
    assert not {(i.lat, i.lon) for i in located} <= exact


def test_an_unknown_profile_is_refused(large: Store, tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="not a profile"):
        write_report(large.repo, tmp_path / "r.html", fmt="html", profile="press")
    assert not list(tmp_path.iterdir())


# --- filters, estimates ------------------------------------------------------------------


def test_a_filtered_report_counts_and_lists_only_its_incidents(large: Store, tmp_path: Path) -> None:
    where = EventFilter(country="GEO", date_from=date(2024, 1, 1))
    report = gather(large.repo, where)
    assert report.incidents and all(i.place.endswith("GEO") for i in report.incidents)
    assert all(i.date is None or i.date >= date(2024, 1, 1) for i in report.incidents)
    assert [t.key for t in report.statistics.by_country] == ["GEO"]
    html = render_html(report)
    assert "country = GEO" in html and "date_from = 2024-01-01" in html


def test_estimates_are_shown_apart_and_labelled(small: Store) -> None:
    report = gather(small.repo)
    guess = Estimate(what=HOSTILE, value=41.2, lower=30, upper=77, level=0.95, method="MSE, 3 lists")
    html = render_html(dataclasses.replace(report, statistics=report.statistics.with_estimates([guess])))
    estimates = html[html.index('<div class="estimates">') : html.index('<section class="page" id="map">')]
    assert "estimated" in estimates and "41" in estimates and "30–77 (95%)" in estimates
    assert "No estimates" not in estimates and "<script>" not in estimates


def test_an_estimate_is_printed_with_its_assumptions_and_warnings(small: Store) -> None:
    guess = Estimate(
        what="named victims",
        value=120,
        lower=90,
        upper=math.inf,
        level=0.95,
        method="log-linear",
        assumptions=("Closed population: " + HOSTILE,),
        warnings=("Lists A and B look dependent",),
    )
    html = render_html(gather(small.repo, estimates=[guess]))
    estimates = html[html.index('<div class="estimates">') : html.index('<section class="page" id="map">')]
    assert "90–unbounded (95%)" in estimates
    assert "Assumes:" in estimates and "Closed population" in estimates and "<script>" not in estimates
    assert "Warnings:" in estimates and "look dependent" in estimates


# --- writing -----------------------------------------------------------------------------


def test_targets() -> None:
    assert targets(Path("r.pdf"), "pdf") == {"pdf": Path("r.pdf")}
    assert targets(Path("out/r.pdf"), "both") == {"html": Path("out/r.html"), "pdf": Path("out/r.pdf")}
    assert targets(Path("r.v2"), "both") == {"html": Path("r.v2.html"), "pdf": Path("r.v2.pdf")}
    with pytest.raises(ReportError, match="not a report format"):
        targets(Path("r"), "docx")


def test_an_existing_file_is_never_overwritten_without_force(small: Store, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    out.write_text("earlier work", encoding="utf-8")
    with pytest.raises(ReportError, match="exists"):
        write_report(small.repo, out, fmt="html")
    assert out.read_text(encoding="utf-8") == "earlier work"
    # both targets are checked before anything is written
    with pytest.raises(ReportError, match="exists"):
        write_report(small.repo, tmp_path / "r", fmt="both")
    assert not (tmp_path / "r.pdf").exists()
    written = write_report(small.repo, out, fmt="html", overwrite=True)
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]  # no temporary file left
    assert out.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert written[0].format == "html"


def test_a_file_appearing_while_writing_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    out.write_bytes(b"someone else's")
    with pytest.raises(ReportError, match="exists"):
        write_file(out, b"report", overwrite=False)
    assert out.read_bytes() == b"someone else's" and len(list(tmp_path.iterdir())) == 1


def test_each_report_is_logged_in_the_custody_chain(small: Store, tmp_path: Path) -> None:
    written = write_report(small.repo, tmp_path / "r", fmt="both", profile="partner")
    entry = small.repo.custody_log(small.built.public[0])[-1]
    assert entry.action == "exported"
    assert entry.details["kind"] == "report" and entry.details["profile"] == "partner"
    assert entry.details["file_sha256"] == {w.format: w.sha256 for w in written}
    internal = next(i for i in small.built.ids if i not in small.built.public)
    before = len(small.repo.custody_log(internal))
    write_report(small.repo, tmp_path / "again", fmt="html", profile="partner")
    assert len(small.repo.custody_log(internal)) == before  # not in a partner report


# --- the command line --------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    h = tmp_path / "home"
    monkeypatch.setenv("WHODID_HOME", str(h))
    monkeypatch.delenv("WHODID_DATABASE_URL", raising=False)
    with Repository.open(load_settings()) as repo:
        fill(repo, examples(), public_every=2)
    yield h


def test_cli_writes_a_filtered_report_and_refuses_to_overwrite(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "geo"
    args = ["report", str(out), "--country", "geo", "--title", "<b>Georgia</b>", "--profile", "partner"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "html report written" in result.output and "pdf report written" in result.output
    html = (tmp_path / "geo.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;Georgia&lt;/b&gt;" in html and "Sotena Drazmont" not in html
    assert "Tbilisi" in html and "Minsk" not in html
    assert len(PdfReader(tmp_path / "geo.pdf").pages) == SECTIONS
    again = runner.invoke(app, args)
    assert again.exit_code == 1 and "exists" in again.stderr and "--force" in again.stderr
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0


def test_cli_takes_the_format_from_the_suffix_and_checks_dates(home: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(tmp_path / "all.html"), "--from", "2024-05-01"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.glob("all*")] == ["all.html"]
    bad = runner.invoke(app, ["report", str(tmp_path / "x.html"), "--to", "May 2024"])
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.stderr
    wrong = runner.invoke(app, ["report", str(tmp_path / "x.html"), "--format", "docx"])
    assert wrong.exit_code == 1 and "not a report format" in wrong.stderr
    assert not (tmp_path / "x.html").exists()


def test_an_incident_date_is_no_more_precise_than_its_report(small: Store) -> None:
    from whodid.share.report import _when

    day = date(2024, 3, 1)
    assert [_when(day, p) for p in ("day", "week", "month", "year")] == [
        "2024-03-01",
        "week of 2024-03-01",
        "2024-03",
        "2024",
    ]
    assert _when(None, None) == "undated"
    assert [i.when for i in gather(small.repo).incidents] == [
        "2024-05-05",
        "2024-05-06",
        "2024-05-07",
        "2024-05-08",
    ]


def test_a_report_of_nothing_says_so(small: Store) -> None:
    report = gather(small.repo, EventFilter(country="ATA"))
    assert report.incidents == [] and report.statistics.documented.events == 0
    html = render_html(report)
    assert "No dated incidents." in html and "0 of 0 incidents have coordinates" in html
    assert html.count('<p class="note">none</p>') == 6


def test_linked_retellings_count_as_one_incident(small: Store) -> None:
    from whodid.store.links import Scored

    repo = small.repo
    before = gather(repo)
    first, second = [f"{k.document_id}:{k.ordinal}" for k in repo.statistics.events()][:2]
    repo.save_candidates("events", [Scored(first, second, 0.97, 5.0, [])])
    candidate = repo.candidates("events", limit=1)[0]
    repo.decide(candidate.id, True, by="reviewer")
    after = gather(repo)
    assert after.linked == before.statistics.documented.events - 1
    assert "reviewed links join 1 of them" in render_html(after)
    repo.undo_link(candidate.id)
    assert gather(repo).linked == before.statistics.documented.events
