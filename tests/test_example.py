"""The real example comes out as its gold (read from ../shared at run time; never copied)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SHARED
from whodid.eval.cases import Case, extract_flat
from whodid.eval.score import score

EXAMPLE = SHARED / "examples" / "hrw-kazakhstan-feminita.txt"
GOLD = SHARED / "examples" / "hrw-kazakhstan-feminita.gold.json"

pytestmark = pytest.mark.skipif(
    not EXAMPLE.exists(), reason="../shared/examples is absent here (CI always has it)"
)


@pytest.fixture(scope="module")
def scored() -> tuple[dict[str, object], dict[str, object], object]:
    gold_file = json.loads(GOLD.read_text(encoding="utf-8"))
    case = Case(
        id=gold_file["id"],
        text=EXAMPLE.read_text(encoding="utf-8"),
        published=None,
        gold=gold_file["gold"],
        meta=gold_file.get("meta") or {},
    )
    flat = next(extract_flat([case]))
    return flat, gold_file["gold"], score([case], {case.id: flat})


def test_date_country_place_and_fatalities_match(scored: tuple) -> None:  # type: ignore[type-arg]
    flat, gold, s = scored
    assert (flat["date"], flat["date_precision"], flat["country"]) == (gold["date"], "day", gold["country"])
    assert s.fields["place within 50 km (stated)"].rate == 1.0
    assert flat["fatalities"] == gold["fatalities"]


def test_victims_named_and_perpetrator_types(scored: tuple) -> None:  # type: ignore[type-arg]
    flat, gold, s = scored
    assert s.fields["victim named"].rate == 1.0
    assert {p["type"] for p in gold["perpetrators"]} <= {p["type"] for p in flat["perpetrators"]}


def test_acts_f1_at_least_0_8(scored: tuple) -> None:  # type: ignore[type-arg]
    _, _, s = scored
    assert s.acts_prf[2] >= 0.8


def test_boilerplate_never_enters_the_record(scored: tuple) -> None:  # type: ignore[type-arg]
    flat, _, _ = scored
    assert not str(flat["date"]).startswith("2017")
    names = json.dumps(flat["perpetrators"] + flat["victims"])
    assert "Skip" not in names and "Glushkova" not in names
