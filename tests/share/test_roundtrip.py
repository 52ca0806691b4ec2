"""Exports in the field's formats and imports of them, on SQLite and PostgreSQL.

The acceptance: export a store of varied records, import the file into a
fresh store, export that again, and the two exports are the same (byte for
byte; table for table for huridocs); for ``json`` the imported records and
documents are also the originals, field for field. Then: the partner profile
leaks no victim's name in any format, ``--columns``, CSV injection, and bad
input that must fail clearly and leave the store as it was. Every name here
is invented.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import uuid
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from whodid.config import Settings
from whodid.model import (
    Act,
    Actor,
    DatePrecision,
    DateValue,
    Document,
    Event,
    Intervention,
    Involvement,
    Place,
    Provenance,
    Record,
    ReviewState,
    Role,
    Source,
)
from whodid.share.export import ExportError, export
from whodid.share.formats import huridocs
from whodid.share.formats.common import LINEAGE
from whodid.share.imports import BadImport, import_file
from whodid.store import Repository

RECEIVED = datetime(2024, 3, 5, 14, 30, 15, 123456, tzinfo=timezone(timedelta(hours=2)))
CYRILLIC = "Марина Голованова"
ARABIC = "سلمى الحديدي"
LATIN = "Tomasz Wrenhall"
VICTIMS = (CYRILLIC, ARABIC, LATIN)
FORMULA = '=HYPERLINK("http://evil.invalid","click")'

# --- stores ----------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Repository]]:
    """Opens a new, empty store each call: SQLite in its own home, or its own PostgreSQL schema."""
    opened: list[Repository] = []
    schemas: list[str] = []
    engine: sa.Engine | None = None
    if request.param == "postgres":
        engine = request.getfixturevalue("postgres_engine")

    def make() -> Repository:
        home = tmp_path / f"home{len(opened)}"
        if engine is not None:
            schema = f"whodid_test_{uuid.uuid4().hex[:16]}"
            with engine.begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            schemas.append(schema)
            url = engine.url.update_query_dict({"options": f"-csearch_path={schema}"})
            settings = Settings(home=home, database_url=url.render_as_string(hide_password=False))
        else:
            settings = Settings(home=home, database_url=f"sqlite:///{home}/whodid.db")
        repo = Repository.open(settings)
        opened.append(repo)
        return repo

    yield make
    for repo in opened:
        repo.close()
    if engine is not None:
        with engine.begin() as conn:
            for schema in schemas:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


def _document(text: str, n: int, **kw: object) -> Document:
    raw = f"<html><body><p>{text}</p></body></html>".encode()
    fields: dict[str, object] = {
        "media_type": "text/html",
        "origin": f"https://reports.invalid/{n}",
        "received_at": RECEIVED + timedelta(minutes=n % 2),  # two share a time: ties go by id
        "title": f"Report {n}",
        "published": date(2024, 3, 4),
        "language": "en",
        "metadata": {"author": "Field team"},
    }
    fields.update(kw)
    return Document(id=hashlib.sha256(raw).hexdigest(), raw=raw, text=text, **fields)  # type: ignore[arg-type]


def _varied() -> list[tuple[Document, Record | None]]:
    """Unicode names, commas, quotes and newlines, missing dates and places, groups with
    counts, several events per record, rejected values, a formula, a report without record."""
    text = (
        f'Soldiers detained {CYRILLIC}, a "citizen journalist", in Aleppo.\n'
        f"Later {ARABIC} and 12 to 15 students were beaten; {LATIN} saw it."
    )
    doc = _document(text, 1)
    prov = Provenance(document_id=doc.id, start=0, end=8, text=text[:8])
    actors = [
        Actor(id="a1", name=CYRILLIC, type="journalists", count=1, provenance=prov, confidence=0.9),
        Actor(
            id="a2",
            name=None,
            description='soldiers of the "4th", Aleppo',
            is_group=True,
            type="state_forces",
        ),
        Actor(id="a3", name=ARABIC, type="students", sex="female", nationality="SYR"),
        Actor(
            id="a4",
            name=None,
            description="students",
            is_group=True,
            type="students",
            count=12,
            count_max=15,
            count_approximate=True,
            review=ReviewState.CORRECTED,
        ),
        Actor(id="a5", name=LATIN, type="civilians"),
        Actor(id="a6", name="Unit; 7 | B", type="unidentified", review=ReviewState.REJECTED),
    ]
    aleppo = Place(
        name="Aleppo", country="SYR", admin1="Aleppo Governorate", lat=36.2021, lon=37.1343, geo_precision=1
    )
    site = Place(
        name="Aleppo", country="SYR", site='a clinic, "Al-Amal"', lat=36.21, lon=37.15, feature="site"
    )
    day = DateValue(
        start=date(2024, 3, 1), precision=DatePrecision.DAY, provenance=prov, review=ReviewState.ACCEPTED
    )
    week = DateValue(start=date(2024, 2, 26), end=date(2024, 3, 3), precision=DatePrecision.WEEK)
    first = Event(
        title='Detention of a "citizen journalist", Aleppo\nsecond line',
        start=day,
        end=DateValue(start=date(2024, 3, 3)),
        places=[aleppo, site],
        acts=[
            Act(
                type="arbitrary_detention",
                perpetrator_ids=["a2"],
                victim_ids=["a1"],
                date=day,
                place=aleppo,
                duration_hours=4.5,
            ),
            Act(
                type="torture",
                perpetrator_ids=["a2"],
                victim_ids=["a1"],
                attempted=True,
                review=ReviewState.REJECTED,
            ),
        ],
        involvements=[
            Involvement(actor_id="a2", role=Role.PERPETRATOR),
            Involvement(actor_id="a6", role=Role.PERPETRATOR),
            Involvement(actor_id="a1", role=Role.VICTIM),
            Involvement(actor_id="a5", role=Role.WITNESS),
        ],
        acled_event_type="Strategic developments",
        acled_sub_event_type="Arrests",
        fatalities=0,
    )
    second = Event(
        title="Students beaten, 12–15 hurt",
        start=week,
        places=[Place(name=None, country="SYR", geo_precision=3, feature="country")],
        acts=[Act(type="physical_assault", perpetrator_ids=["a2"], victim_ids=["a3", "a4"], date=week)],
        involvements=[
            Involvement(actor_id="a2", role=Role.PERPETRATOR),
            Involvement(actor_id="a3", role=Role.VICTIM),
            Involvement(actor_id="a4", role=Role.VICTIM),
        ],
        acled_event_type="Violence against civilians",
        acled_sub_event_type="Attack",
        fatalities=None,
    )
    rejected = Event(title="Not an event", review=ReviewState.REJECTED)
    one = Record(
        document_id=doc.id,
        events=[first, second, rejected],
        actors=actors,
        sources=[Source(kind="interview", by="Field team", informant_id="a5"), Source(kind="video")],
        interventions=[
            Intervention(party="UN OHCHR", kind="statement", content='Called it "arbitrary", urged release')
        ],
        extractor="test 1.0",
    )

    undated_text = f"Unknown men threatened {LATIN} somewhere, some time."
    undated = _document(undated_text, 2, published=None, title=None, language=None)
    two = Record(
        document_id=undated.id,
        events=[
            Event(
                title="Threats",
                acts=[Act(type="harassment", perpetrator_ids=["b1"], victim_ids=["b2"])],
                involvements=[
                    Involvement(actor_id="b1", role=Role.PERPETRATOR),
                    Involvement(actor_id="b2", role=Role.VICTIM),
                ],
            )
        ],
        actors=[
            Actor(
                id="b1", name=FORMULA, description="unknown men", is_group=True, type="unidentified", count=3
            ),
            Actor(id="b2", name=LATIN, type="activists"),
        ],
        extractor="test 1.0",
    )

    protest_text = "Police dispersed a march in Minsk on 8 March 2024; +44 20 7946 0000 called."
    protest = _document(protest_text, 3)
    three = Record(
        document_id=protest.id,
        events=[
            Event(
                title="-Protest dispersed",
                start=DateValue(start=date(2024, 3, 1), precision=DatePrecision.MONTH),
                places=[
                    Place(name="Minsk", country="BLR", admin1="Minsk", lat=53.9, lon=27.5667, geo_precision=1)
                ],
                acts=[Act(type="assembly_interference", perpetrator_ids=["c1"], victim_ids=["c2"])],
                involvements=[
                    Involvement(actor_id="c1", role=Role.PERPETRATOR),
                    Involvement(actor_id="c2", role=Role.VICTIM),
                ],
                acled_event_type="Protests",
                acled_sub_event_type="Protest with intervention",
            ),
            Event(
                title="@SUM(A1) second march",
                start=DateValue(start=date(2023, 1, 1), precision=DatePrecision.YEAR),
                involvements=[Involvement(actor_id="c2", role=Role.VICTIM)],
            ),
        ],
        actors=[
            Actor(id="c1", name="OMON", type="state_forces", is_group=True),
            Actor(
                id="c2",
                name=None,
                description="protesters",
                type="protesters",
                is_group=True,
                count=200,
                count_approximate=True,
            ),
        ],
        sources=[Source(kind="social_media", by='Telegram, channel "X"')],
        extractor="test 1.0",
    )
    bare = _document("A page with no incident.", 4)
    return [(doc, one), (undated, two), (protest, three), (bare, None)]


def _fill(repo: Repository, items: list[tuple[Document, Record | None]], public: bool = False) -> None:
    for document, record in items:
        repo.add(document, record)
        if public and record is not None:
            repo.set_level(document.id, "public")


def _export(repo: Repository, path: Path, fmt: str, **kw: object) -> bytes:
    export(repo, path, fmt=fmt, **kw)  # type: ignore[arg-type]
    return path.read_bytes()


# --- round trips -------------------------------------------------------------------------

ROUND_TRIPS = [
    ("json", False),
    ("json", True),
    ("acled-csv", False),
    ("huridocs", False),
    ("huridocs", True),
    ("uwazi-csv", False),
]


@pytest.mark.parametrize(
    ("fmt", "attachments"), ROUND_TRIPS, ids=[f"{f}{'+raw' if a else ''}" for f, a in ROUND_TRIPS]
)
def test_export_import_export_is_the_same(
    fresh: Callable[[], Repository], tmp_path: Path, fmt: str, attachments: bool
) -> None:
    first_store, second_store = fresh(), fresh()
    items = _varied()
    _fill(first_store, items)
    suffix = ".zip" if attachments or fmt == "huridocs" else ".csv" if fmt.endswith("csv") else ".json"
    first = _export(first_store, tmp_path / f"first{suffix}", fmt, attachments=attachments)
    done = import_file(second_store, tmp_path / f"first{suffix}", fmt)
    assert done.added and not done.skipped
    second = _export(second_store, tmp_path / f"second{suffix}", fmt, attachments=attachments)
    if fmt == "huridocs":
        assert huridocs.read_tables(second) == huridocs.read_tables(first)
        tables = huridocs.read_tables(first)
        assert len(tables["events.csv"]) == 1 + 6 and len(tables["documents.csv"]) == 1 + 4
    assert second == first

    if fmt == "json":  # the records and documents themselves came back, field for field
        for document, record in items:
            assert second_store.get_record(document.id) == first_store.get_record(document.id) == record
            again = second_store.get_document(document.id)
            assert again == first_store.get_document(document.id)
            assert again.raw == document.raw and again.origin == document.origin
    # a second import of the same file adds nothing
    repeat = import_file(second_store, tmp_path / f"first{suffix}", fmt)
    assert not repeat.added and len(repeat.skipped) == len(done.added)


@pytest.mark.parametrize("fmt", ["acled-csv", "uwazi-csv"])
def test_a_row_import_keeps_only_what_the_record_cannot_say(
    fresh: Callable[[], Repository], tmp_path: Path, fmt: str
) -> None:
    """The round trip is the record's doing: what the import keeps aside is ids, nothing else."""
    first_store, second_store = fresh(), fresh()
    _fill(first_store, _varied())
    path = tmp_path / "first.csv"
    rows = list(csv.DictReader(io.StringIO(_export(first_store, path, fmt).decode())))
    assert len(rows) == 5  # every event not rejected, one row each
    import_file(second_store, path, fmt)
    ids = {"acled-csv": {"event_id_cnty", "timestamp"}, "uwazi-csv": set()}[fmt]
    for doc_id in second_store.document_ids():
        document = second_store.get_document(doc_id)
        lineage = document.metadata[LINEAGE]
        assert set(lineage["columns"]) <= ids
        assert document.origin.startswith("import:first.csv#row=")
        assert "format=" + fmt in document.media_type
        assert hashlib.sha256(document.raw).hexdigest() == doc_id
        record = second_store.get_record(doc_id)
        assert record is not None and len(record.events) == 1


def test_acled_rows_follow_the_codebook(fresh: Callable[[], Repository], tmp_path: Path) -> None:
    repo = fresh()
    _fill(repo, _varied())
    rows = list(csv.DictReader(io.StringIO(_export(repo, tmp_path / "a.csv", "acled-csv").decode())))
    by_notes = {r["notes"].lstrip("'")[:10]: r for r in rows}
    detention, beating, threats = by_notes["Detention "], by_notes["Students b"], by_notes["Threats"]
    protest, undated = by_notes["-Protest d"], by_notes["@SUM(A1) s"]
    assert detention["time_precision"] == "1" and detention["event_date"] == "2024-03-01"
    assert detention["year"] == "2024" and detention["iso"] == "760" and detention["country"] == "Syria"
    assert detention["region"] == "Middle East" and detention["event_id_cnty"].startswith("SYR")
    assert (
        detention["actor1"] == 'soldiers of the "4th", Aleppo' and detention["assoc_actor_1"] == ""
    )  # a6 rejected
    assert (detention["inter1"], detention["inter2"], detention["interaction"]) == ("1", "7", "17")
    assert detention["disorder_type"] == "Strategic developments" and detention["civilian_targeting"] == ""
    assert detention["tags"] == "act=arbitrary_detention"  # the rejected torture is left out
    assert detention["source"] == "Field team; video" and detention["notes"].endswith("\nsecond line")
    assert (
        beating["time_precision"] == "2"
        and beating["actor2"] == ARABIC
        and beating["assoc_actor_2"] == "students"
    )
    assert (
        beating["civilian_targeting"] == "Civilian targeting"
        and beating["disorder_type"] == "Political violence"
    )
    assert beating["fatalities"] == "" and beating["latitude"] == "" and beating["geo_precision"] == "3"
    assert (
        threats["event_date"] == ""
        and threats["country"] == ""
        and threats["event_id_cnty"].startswith("XXX")
    )
    assert threats["actor1"] == "'" + FORMULA and (threats["inter1"], threats["interaction"]) == ("3", "37")
    assert protest["time_precision"] == "3" and (
        protest["inter1"],
        protest["inter2"],
        protest["interaction"],
    ) == (
        "1",
        "6",
        "16",
    )
    assert protest["disorder_type"] == "Demonstrations" and protest["region"] == "Europe"
    assert (
        undated["time_precision"] == "3" and undated["interaction"] == "60"
    )  # a year is ACLED's coarsest, 3
    assert len({r["event_id_cnty"] for r in rows}) == 5


def test_csv_exports_defuse_formulas_and_imports_restore_them(
    fresh: Callable[[], Repository], tmp_path: Path
) -> None:
    repo = fresh()
    _fill(repo, _varied())
    for fmt in ("acled-csv", "uwazi-csv", "csv"):
        data = _export(repo, tmp_path / f"{fmt}.csv", fmt).decode()
        cells = [c for row in csv.reader(io.StringIO(data)) for c in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and not _number(c))], fmt
        assert any(c.startswith("'=HYPERLINK") for c in cells)
    other = fresh()
    import_file(other, tmp_path / "acled-csv.csv", "acled-csv")
    names = {
        a.name for i in other.document_ids() for a in (other.get_record(i) or Record(document_id=i)).actors
    }
    assert FORMULA in names  # the text came back as it was, not as a formula


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_geojson_places_each_located_event_and_lists_the_others(
    fresh: Callable[[], Repository], tmp_path: Path
) -> None:
    repo = fresh()
    _fill(repo, _varied())
    data = json.loads(_export(repo, tmp_path / "map.geojson", "geojson"))
    assert data["type"] == "FeatureCollection" and data["whodid"]["format"] == "geojson"
    points = {f["properties"]["title"]: f for f in data["features"]}
    detention = next(f for t, f in points.items() if t.startswith("Detention"))
    assert detention["geometry"] == {"type": "Point", "coordinates": [37.1343, 36.2021]}
    assert detention["properties"]["victims"] == [{"name": CYRILLIC, "type": "journalists", "count": 1}]
    assert {u["title"] for u in data["unlocated"]} == {
        "Students beaten, 12–15 hurt",
        "Threats",
        "@SUM(A1) second march",
    }
    assert len(data["features"]) == 2


# --- the partner profile -----------------------------------------------------------------


def _texts(data: bytes) -> str:
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return data.decode("utf-8")


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json", "acled-csv", "geojson", "huridocs", "uwazi-csv"])
def test_a_partner_export_names_no_victim_anywhere(
    fresh: Callable[[], Repository], tmp_path: Path, fmt: str
) -> None:
    repo = fresh()
    _fill(repo, _varied(), public=True)
    text = _texts(_export(repo, tmp_path / "partner.out", fmt, profile="partner"))
    parts = {p for name in VICTIMS for p in name.split()}
    assert not [p for p in parts if p in text], fmt
    assert "Person " in text and "reports.invalid" not in text
    assert "7946" not in text  # the telephone number in the text
    full = _texts(_export(repo, tmp_path / "full.out", fmt))
    assert LATIN in full or fmt == "geojson"
    assert CYRILLIC in full


def test_a_partner_export_holds_only_public_records_and_never_evidence_bytes(
    fresh: Callable[[], Repository], tmp_path: Path
) -> None:
    repo = fresh()
    items = _varied()
    _fill(repo, items)
    repo.set_level(items[0][0].id, "public")
    data = json.loads(_export(repo, tmp_path / "p.json", "json", profile="partner"))
    assert [i["document"]["id"] for i in data["items"]] == [items[0][0].id]
    assert data["items"][0]["document"]["raw"] is None and data["profile"] == "partner"
    with pytest.raises(ExportError, match="evidence bytes"):
        export(repo, tmp_path / "p.zip", fmt="huridocs", profile="partner", attachments=True)
    assert not (tmp_path / "p.zip").exists()
    # a partner's json comes back as new documents whose lineage names the originals
    other = fresh()
    done = import_file(other, tmp_path / "p.json")
    ((_, new_id),) = done.added
    assert new_id != items[0][0].id
    assert other.get_document(new_id).metadata[LINEAGE]["document_id"] == items[0][0].id
    record = other.get_record(new_id)
    assert record is not None and record.document_id == new_id
    assert all(a.name not in VICTIMS for a in record.actors)


# --- columns -------------------------------------------------------------------------------


def test_columns_choose_what_a_tabular_export_holds(fresh: Callable[[], Repository], tmp_path: Path) -> None:
    repo = fresh()
    _fill(repo, _varied())
    data = _export(
        repo, tmp_path / "c.csv", "acled-csv", columns=["event_date", "country", "fatalities"]
    ).decode()
    assert data.splitlines()[0] == "event_date,country,fatalities"
    uwazi = _export(repo, tmp_path / "u.csv", "uwazi-csv", columns=["date", "geolocation"]).decode()
    assert uwazi.splitlines()[0] == "title,date,geolocation"  # Uwazi reads the title first
    assert "2024/03/01:2024/03/03" in uwazi and "36.2021|37.1343" in uwazi
    iso_dates = _export(repo, tmp_path / "u2.csv", "uwazi-csv", columns=["date"], date_format="DD/MM/YYYY")
    assert "01/03/2024:03/03/2024" in iso_dates.decode()
    with pytest.raises(ExportError, match="valid columns: event_id_cnty, event_date"):
        export(repo, tmp_path / "bad.csv", fmt="acled-csv", columns=["event_date", "nonsense"])
    with pytest.raises(ExportError, match="tabular"):
        export(repo, tmp_path / "bad.json", fmt="json", columns=["id"])
    assert not (tmp_path / "bad.csv").exists()


# --- bad input --------------------------------------------------------------------------------


def _acled_file(tmp_path: Path, fresh: Callable[[], Repository]) -> tuple[Path, list[str]]:
    repo = fresh()
    _fill(repo, _varied())
    path = tmp_path / "good.csv"
    return path, _export(repo, path, "acled-csv").decode().splitlines(keepends=True)


def _bad_zip(tmp_path: Path, members: dict[str, bytes]) -> Path:
    path = tmp_path / f"bad{len(list(tmp_path.glob('bad*.zip')))}.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_bad_input_fails_clearly_and_leaves_the_store_untouched(
    fresh: Callable[[], Repository], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good, lines = _acled_file(tmp_path, fresh)
    header = lines[0]
    target = fresh()
    _fill(target, _varied()[3:])
    before = target.count()
    row = next(csv.DictReader(io.StringIO(header + lines[1])))

    def acled(changes: dict[str, str]) -> Path:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(row), lineterminator="\n")
        writer.writeheader()
        writer.writerow(row)  # a good row first: it must not be written either
        writer.writerow({**row, **changes})
        path = tmp_path / f"case{len(list(tmp_path.glob('case*')))}.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        return path

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("documents.csv", b"\0" * (64 * 1024 * 1024))
    cases: list[tuple[Path, str | None, str]] = [
        (acled({"event_date": "2024-13-45"}), "acled-csv", "is not a date"),
        (acled({"actor1": "=cmd|' /C calc'!A0"}), "acled-csv", "spreadsheet formula"),
        (acled({"time_precision": "9"}), "acled-csv", "time_precision"),
        (acled({"latitude": "north"}), "acled-csv", "not a number"),
        (acled({"event_type": "Picnics"}), "acled-csv", "not an ACLED event type"),
        (
            _write(tmp_path, "cols.csv", "event_id_cnty,event_date,event_type,colour\nX,,Riots,red\n"),
            "acled-csv",
            "unknown column 'colour'",
        ),
        (_write(tmp_path, "short.csv", header + "SYR1,2024-01-01\n"), "acled-csv", "has 2 cells"),
        (
            _write(tmp_path, "quote.csv", header.rstrip("\n") + '\n"SYR1,2024' + "," * 30 + "\n"),
            "acled-csv",
            "not valid CSV",
        ),
        (_write(tmp_path, "empty.csv", ""), "acled-csv", "empty"),
        (
            _write_bytes(tmp_path, "latin1.csv", "event_id_cnty\nSYR\xe9\n".encode("latin-1")),
            "acled-csv",
            "not UTF-8",
        ),
        (
            _bad_zip(tmp_path, {"../../etc/evil.csv": b"x", "documents.csv": b"document_id\n"}),
            "huridocs",
            "unsafe path",
        ),
        (_write_bytes(tmp_path, "bomb.zip", bomb.getvalue()), "huridocs", "zip bomb"),
        (_bad_zip(tmp_path, {"events.csv": b"event_id\n"}), "huridocs", "has no documents.csv"),
        (
            _write(
                tmp_path,
                "bad.json",
                '{"format": "whodid", "version": 1, "items": [{"document": {"id": "x"}}]}',
            ),
            "json",
            "not a SHA-256",
        ),
        (_write(tmp_path, "worse.json", "{not json"), "json", "not valid JSON"),
        (_write(tmp_path, "uwazi.csv", "title,date\nA,2024-99-01:\n"), "uwazi-csv", "is not a date"),
    ]
    for path, fmt, message in cases:
        with pytest.raises(BadImport, match=message):
            import_file(target, path, fmt)
        assert target.count() == before, message
    monkeypatch.setattr("whodid.share.imports.MAX_INPUT_BYTES", 100)
    with pytest.raises(BadImport, match="imports files up to"):
        import_file(target, good, "acled-csv")
    assert target.count() == before


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _write_bytes(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_an_altered_evidence_file_is_refused(fresh: Callable[[], Repository], tmp_path: Path) -> None:
    repo = fresh()
    _fill(repo, _varied())
    path = tmp_path / "e.zip"
    _export(repo, path, "huridocs", attachments=True)
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    raw = next(n for n in members if n.startswith("raw/"))
    members[raw] = b"tampered"
    bad = _bad_zip(tmp_path, members)
    target = fresh()
    with pytest.raises(BadImport, match="does not hash to its name"):
        import_file(target, bad)
    assert target.count() == 0


# --- the command line ----------------------------------------------------------------------


def test_the_command_line_exports_and_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: Callable[[], Repository]
) -> None:
    from whodid.cli.main import app

    runner = CliRunner()
    source = fresh()
    _fill(source, _varied())
    path = tmp_path / "events.csv"
    _export(source, path, "acled-csv")
    home = tmp_path / "cli-home"
    monkeypatch.setenv("WHODID_HOME", str(home))
    monkeypatch.delenv("WHODID_DATABASE_URL", raising=False)
    result = runner.invoke(app, ["import", str(path)])
    assert result.exit_code == 0, result.output
    assert "5 documents imported" in result.output and "acled-csv" in result.output
    again = runner.invoke(app, ["import", str(path)])
    assert "0 documents imported" in again.output and "already in the store" in again.output
    out = tmp_path / "out.csv"
    result = runner.invoke(
        app, ["export", str(out), "--format", "acled-csv", "--columns", "event_id_cnty, actor1"]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines()[0] == "event_id_cnty,actor1"
    bad = runner.invoke(
        app, ["export", str(tmp_path / "x.csv"), "--format", "acled-csv", "--columns", "colour"]
    )
    assert bad.exit_code == 1 and "valid columns" in bad.output
    zipped = tmp_path / "all.zip"
    result = runner.invoke(app, ["export", str(zipped), "--format", "json", "--attachments"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(zipped) as z:
        names = z.namelist()
        sums = z.read("SHA256SUMS").decode()
    assert "whodid.json" in names and all(hashlib.sha256(b"").hexdigest() not in n for n in names)
    assert sum(n.startswith("raw/") for n in names) == 5 and len(sums.splitlines()) == 5
    broken = _write(tmp_path, "broken.csv", "title,date\nA,31/31/2024:\n")
    result = runner.invoke(app, ["import", str(broken), "--format", "uwazi-csv"])
    assert result.exit_code == 1 and "nothing was imported" in " ".join(result.output.split())


@pytest.mark.parametrize("fmt", ["acled-csv", "uwazi-csv", "huridocs", "json"])
def test_importing_an_export_into_its_own_store_adds_nothing(
    fresh: Callable[[], Repository], tmp_path: Path, fmt: str
) -> None:
    repo = fresh()
    _fill(repo, _varied())
    before = repo.count()
    path = tmp_path / "own.out"
    _export(repo, path, fmt, profile="full")
    done = import_file(repo, path, fmt)
    assert not done.added and done.skipped and repo.count() == before


ACLED_HEADER = (
    "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,disorder_type,event_type,"
    "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,"
    "fatalities,tags,timestamp"
)
ACLED_ROW = (
    "9912345,466,MLI12345,12345,09 June 2023,2023,1,Political violence,Violence against civilians,"
    'Abduction/forced disappearance,Unidentified Armed Group (Mali),,3,Civilians (Mali),"Aid Workers (Mali); '
    'Drivers (Mali)",7,37,Civilian targeting,Western Africa,Mali,Gao,Gao,Gao,Gao,16.2717,-0.0447,1,'
    'Local Monitor; Radio Vrelan,Local partner-National,"On 9 June 2023, gunmen abducted two aid workers '
    'near Gao; a driver was killed.",1,crowd size=no report,1686700000'
)


def test_a_row_from_acled_itself_comes_back_as_it_was(
    fresh: Callable[[], Repository], tmp_path: Path
) -> None:
    """A real ACLED download's row (its own ids, spelling of dates, admin2/3, source scale, tags)
    imports into a record, and exports again cell for cell."""
    path = _write(tmp_path, "acled.csv", ACLED_HEADER + "\n" + ACLED_ROW + "\n")
    repo = fresh()
    done = import_file(repo, path)
    assert done.format == "acled-csv" and len(done.added) == 1
    record = repo.get_record(done.added[0][1])
    assert record is not None
    event = record.events[0]
    assert event.start is not None and event.start.start == date(2023, 6, 9)
    assert event.acled_sub_event_type == "Abduction/forced disappearance" and event.fatalities == 1
    assert [(a.name, a.type) for a in record.actors] == [
        ("Unidentified Armed Group (Mali)", "unidentified"),
        ("Civilians (Mali)", "civilians"),
        ("Aid Workers (Mali)", None),
        ("Drivers (Mali)", None),
    ]
    assert event.places[0].country == "MLI" and event.places[0].lat == 16.2717
    assert [s.by for s in record.sources] == ["Local Monitor", "Radio Vrelan"]
    exported = _export(repo, tmp_path / "again.csv", "acled-csv").decode()
    again = next(csv.DictReader(io.StringIO(exported)))
    original = next(csv.DictReader(io.StringIO(ACLED_HEADER + "\n" + ACLED_ROW + "\n")))
    assert {k: again[k] for k in again} == {k: original[k] for k in again}


def test_an_uwazi_made_row_imports_and_comes_back_as_it_was(
    fresh: Callable[[], Repository], tmp_path: Path
) -> None:
    text = (
        "title,document_id,date,country,geolocation,act_types,perpetrators,perpetrator_types,victims,victim_types,"
        "sources\n"
        "Raid in Gao,case-17,2023/05/01:,Mali,16.27|-0.04,abduction|killing,Gunmen,non_state_armed_group,"
        '"Aid workers, two|A driver",|unknown,Local Monitor|video\n'
    )
    path = _write(tmp_path, "uwazi.csv", text)
    repo = fresh()
    done = import_file(repo, path)
    assert done.format == "uwazi-csv" and len(done.added) == 1
    record = repo.get_record(done.added[0][1])
    assert record is not None and [a.name for a in record.actors] == [
        "Gunmen",
        "Aid workers, two",
        "A driver",
    ]
    assert [act.type for act in record.events[0].acts] == ["abduction", "killing"]
    assert record.events[0].places[0].country == "MLI" and record.events[0].places[0].lon == -0.04
    columns = text.splitlines()[0].split(",")
    again = _export(repo, tmp_path / "again.csv", "uwazi-csv", columns=columns).decode()
    assert again == text


def test_markup_in_a_cell_is_kept_as_text(fresh: Callable[[], Repository], tmp_path: Path) -> None:
    """A report may quote markup: an import keeps it as the text it is, and the export gives it
    back unchanged (pages and reports escape it where they show it)."""
    hostile = '<script>alert("x")</script> <img src=x onerror=alert(1)>'
    original = next(csv.DictReader(io.StringIO(ACLED_HEADER + "\n" + ACLED_ROW + "\n")))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(original), lineterminator="\n")
    writer.writeheader()
    writer.writerow({**original, "notes": hostile})
    repo = fresh()
    done = import_file(repo, _write(tmp_path, "quoted.csv", buffer.getvalue()))
    assert len(done.added) == 1
    exported = _export(repo, tmp_path / "back.csv", "acled-csv").decode()
    assert next(csv.DictReader(io.StringIO(exported)))["notes"] == hostile
