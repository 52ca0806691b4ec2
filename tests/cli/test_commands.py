"""show, list, search, extract, eval and info over a small store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.cli.conftest import ingest_texts
from whodid.cli.main import app

runner = CliRunner()
REPORTS = {
    "a.txt": "On 3 March 2024, riot police arrested the journalist Petra Lindqvist in Tbilisi, Georgia, "
    "and held her for ten hours.\n",
    "b.txt": "Gunmen abducted two aid workers near Gao, Mali, on 9 June 2023. A driver was killed.\n",
}


@pytest.fixture
def stored(home: Path, tmp_path: Path) -> dict[str, str]:
    return ingest_texts(tmp_path, REPORTS)


def test_show_prints_provenance_and_flat_view(stored: dict[str, str]) -> None:
    result = runner.invoke(app, ["show", stored["a.txt"][:8]])
    assert result.exit_code == 0, result.output
    assert "Petra Lindqvist" in result.output and "Flat view" in result.output


def test_show_json_is_the_full_record(stored: dict[str, str]) -> None:
    result = runner.invoke(app, ["show", stored["a.txt"][:8], "--json"])
    data = json.loads(result.output)
    assert data["record"]["events"][0]["acts"][0]["provenance"]["text"]


def test_show_unknown_id_is_a_clear_error(stored: dict[str, str]) -> None:
    result = runner.invoke(app, ["show", "ffffffff"])
    assert result.exit_code == 1 and "error" in result.stderr


def test_list_filters_by_country_and_act(stored: dict[str, str]) -> None:
    geo = runner.invoke(app, ["list", "--country", "GEO"]).output
    assert stored["a.txt"][:10] in geo and stored["b.txt"][:10] not in geo
    abd = runner.invoke(app, ["list", "--act", "abduction"]).output
    assert stored["b.txt"][:10] in abd and stored["a.txt"][:10] not in abd


def test_search_finds_a_name_and_survives_hostile_queries(stored: dict[str, str]) -> None:
    assert stored["a.txt"][:10] in runner.invoke(app, ["search", "Lindqvist"]).output
    for q in ['"', "*", "NEAR(", "'; DROP TABLE documents; --", "<script>"]:
        assert runner.invoke(app, ["search", q]).exit_code == 0


def test_extract_flat_one_line_per_case_in_order(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    rows = [
        {"id": "z", "text": REPORTS["b.txt"]},
        {"id": "y", "text": ""},
        {"id": "x", "text": REPORTS["a.txt"]},
    ]
    cases.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(cases), "--flat"])
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in out] == ["z", "y", "x"]
    assert out[0]["fatalities"] == 1 and out[1]["acts"] == [] and out[2]["country"] == "GEO"


def test_eval_prints_a_line_per_field(tmp_path: Path) -> None:
    cases = tmp_path / "gold.jsonl"
    gold = {
        "date": "2024-03-03",
        "country": "GEO",
        "acts": ["arbitrary_detention"],
        "perpetrators": [{"name": "police", "type": "state_forces", "count": None}],
        "victims": [{"name": "Petra Lindqvist", "type": "journalists", "count": 1}],
        "fatalities": 0,
    }
    cases.write_text(json.dumps({"id": "x", "text": REPORTS["a.txt"], "gold": gold}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(cases)])
    assert result.exit_code == 0, result.output
    for field in ("date (stated)", "country (stated)", "perpetrator type", "victim named", "acts P/R/F1"):
        assert field in result.output


def test_extract_rejects_a_malformed_case_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "ok"}\n{not json\n', encoding="utf-8")
    result = runner.invoke(app, ["extract", str(bad), "--flat"])
    assert result.exit_code == 1 and "bad.jsonl:2" in result.stderr


def test_info_names_the_home(home: Path) -> None:
    assert str(home) in runner.invoke(app, ["info"]).output


def test_level_and_grant_set_what_accounts_see_and_are_audited(stored: dict[str, str]) -> None:
    from whodid.config import load_settings
    from whodid.store import Repository
    from whodid.store.access import Access

    with Repository.open(load_settings()) as repo:
        doc = repo.resolve_id(stored["a.txt"])
        assert repo.can_see(doc, Access("pat", "partner")) is False  # internal by default
        repo.set_level(doc, "public")
        assert repo.can_see(doc, Access("pat", "partner"))
    assert runner.invoke(app, ["level", doc[:8], "confidential"]).exit_code == 0
    bad = runner.invoke(app, ["level", doc[:8], "top-secret"])
    assert bad.exit_code == 1 and "not a level" in bad.output
    runner.invoke(
        app, ["user", "add", "pat", "--role", "partner", "--password-stdin"], input="a long password\n"
    )
    with Repository.open(load_settings()) as repo:
        assert not repo.can_see(doc, Access("pat", "partner"))
    assert runner.invoke(app, ["grant", doc[:8], "pat"]).exit_code == 0
    nobody = runner.invoke(app, ["grant", doc[:8], "nobody"])
    assert nobody.exit_code == 1 and "no user" in nobody.output
    with Repository.open(load_settings()) as repo:
        assert repo.can_see(doc, Access("pat", "partner"))
        assert not repo.can_see(doc, Access("other", "partner"))
    assert runner.invoke(app, ["grant", doc[:8], "pat", "--revoke"]).exit_code == 0
    again = runner.invoke(app, ["grant", doc[:8], "pat", "--revoke"])
    assert again.exit_code == 1 and "no grant" in again.output
    with Repository.open(load_settings()) as repo:
        assert not repo.can_see(doc, Access("pat", "partner"))
    audit = runner.invoke(app, ["audit", "--item", doc[:12], "--action", "edited", "--json"])
    assert audit.exit_code == 0, audit.output
    details = [json.loads(line)["details"] for line in audit.output.splitlines() if line.strip()]
    assert {"level": "confidential"} in details and {"granted": "pat"} in details
    assert {"revoked": "pat"} in details
    # the operator at the command line holds the keys and still sees the record
    assert "Petra Lindqvist" in runner.invoke(app, ["show", doc[:8]]).output


def test_export_writes_both_formats_and_a_partner_export_is_redacted_and_bounded(
    stored: dict[str, str], tmp_path: Path
) -> None:
    import csv

    from whodid.config import load_settings
    from whodid.store import Repository

    with Repository.open(load_settings()) as repo:
        public = repo.resolve_id(stored["a.txt"])
        repo.set_level(public, "public")  # b.txt stays internal
    full = tmp_path / "all.jsonl"
    result = runner.invoke(app, ["export", str(full)])
    assert result.exit_code == 0, result.output
    items = [json.loads(line) for line in full.read_text(encoding="utf-8").splitlines()]
    assert len(items) == 2 and "Petra Lindqvist" in full.read_text(encoding="utf-8")

    partner = tmp_path / "partner.jsonl"
    assert runner.invoke(app, ["export", str(partner), "--profile", "partner"]).exit_code == 0
    shared = [json.loads(line) for line in partner.read_text(encoding="utf-8").splitlines()]
    assert [i["document"]["id"] for i in shared] == [public]  # the internal report stays home
    text = partner.read_text(encoding="utf-8")
    assert "Lindqvist" not in text and "Petra" not in text and "Person " in text
    assert shared[0]["document"]["origin"] == "[withheld]"

    table = tmp_path / "partner.csv"
    assert runner.invoke(app, ["export", str(table), "--profile", "partner"]).exit_code == 0
    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    assert len(rows) == 1 and rows[0]["country"] == "GEO" and "Lindqvist" not in table.read_text()
    assert rows[0]["victims"].startswith("Person ")

    again = runner.invoke(app, ["export", str(table)])
    assert again.exit_code == 1 and "exists" in again.output
    bad = runner.invoke(app, ["export", str(tmp_path / "x.xml"), "--format", "xml"])
    assert bad.exit_code == 1 and "not an export format" in bad.output
    assert not (tmp_path / "x.xml").exists()

    audit = runner.invoke(app, ["audit", "--item", public[:12], "--action", "exported", "--json"])
    profiles = [json.loads(line)["details"]["profile"] for line in audit.output.splitlines() if line.strip()]
    assert sorted(profiles) == ["full", "partner", "partner"]


def test_a_csv_export_defuses_spreadsheet_formulas() -> None:
    from whodid.share.export import _csv_cell

    assert _csv_cell('=HYPERLINK("http://x")').startswith("'=")
    assert _csv_cell("-12.5") == "-12.5" and _csv_cell("@SUM(A1)") == "'@SUM(A1)"
