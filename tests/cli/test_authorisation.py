"""The command line's side of the authorisation matrix: every role × read command × level.

The CLI is the operator's and sees everything; ``--as USER`` shows what that
web user would see, with the same access rule and redaction as the pages and
the API. Checked for each role and each confidentiality level, on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from whodid.cli.main import app

runner = CliRunner()
LEVELS = ("public", "internal", "restricted", "confidential")
SEES = {
    "admin": set(LEVELS),
    "coordinator": set(LEVELS),
    "researcher": {"public", "internal", "restricted"},
    "reviewer": {"public", "internal"},
    "partner": {"public"},
}
CITIES = {
    "public": "Nairobi, Kenya",
    "internal": "Lima, Peru",
    "restricted": "Hanoi, Vietnam",
    "confidential": "Amman, Jordan",
}


def test_every_role_sees_exactly_its_levels_from_the_command_line(home: Path, tmp_path: Path) -> None:
    ids = {}
    for day, level in enumerate(LEVELS, start=3):
        path = tmp_path / f"{level}.txt"
        path.write_text(
            f"On {day} March 2024, police officers arrested the journalist Ardal Quenby-{level} in {CITIES[level]}.\n",
            encoding="utf-8",
        )
        done = runner.invoke(app, ["ingest", str(path)])
        assert done.exit_code == 0, done.output
        ids[level] = done.output.split()[0]
        assert runner.invoke(app, ["level", ids[level], level]).exit_code == 0
    for role in SEES:
        added = runner.invoke(
            app, ["user", "add", role, "--role", role, "--password-stdin"], input="long enough pw\n"
        )
        assert added.exit_code == 0, added.output

    wrong = []
    listed_by = {role: runner.invoke(app, ["list", "--as", role]).output for role in SEES}
    for role, sees in SEES.items():
        for level in LEVELS:
            allowed = level in sees
            shown = runner.invoke(app, ["show", ids[level], "--as", role])
            if (shown.exit_code == 0) != allowed:
                wrong.append(f"{role} × {level} × show: exit {shown.exit_code}")
            if (ids[level][:10] in listed_by[role]) != allowed:
                wrong.append(f"{role} × {level} × list")
            found = runner.invoke(app, ["search", CITIES[level].split(",")[0], "--as", role]).output
            if (ids[level][:10] in found) != allowed:
                wrong.append(f"{role} × {level} × search")
    assert not wrong, "\n".join(wrong)

    # the operator sees everything; a partner sees the public report redacted
    assert all(ids[level][:10] in runner.invoke(app, ["list"]).output for level in LEVELS)
    partner_view = runner.invoke(app, ["show", ids["public"], "--as", "partner"]).output
    assert "Quenby" not in partner_view and "Person " in partner_view
    assert "Quenby" in runner.invoke(app, ["show", ids["public"], "--as", "admin"]).output
    nobody = runner.invoke(app, ["list", "--as", "nobody"])
    assert nobody.exit_code == 1 and "no user" in nobody.output
