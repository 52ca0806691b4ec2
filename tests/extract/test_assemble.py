"""The assemble stage: roles, fatalities, ACLED type, the flat view."""

from __future__ import annotations

from collections.abc import Callable

from whodid.extract.pipeline import Analysis
from whodid.model import to_flat

Analyse = Callable[..., Analysis]


def flat(a: Analysis) -> dict[str, object]:
    assert a.record is not None
    return to_flat(a.record, "t")


def test_no_death_in_an_incident_is_zero_fatalities(analyse: Analyse) -> None:
    assert flat(analyse("Police beat and detained five students at the campus gate."))["fatalities"] == 0


def test_killing_one_and_wounding_another_is_one_death(analyse: Analyse) -> None:
    text = "Soldiers opened fire on the march, killing a protester and wounding another."
    assert flat(analyse(text))["fatalities"] == 1


def test_stated_number_of_dead(analyse: Analyse) -> None:
    assert (
        flat(analyse("At least 12 people were killed when the militia attacked the market."))["fatalities"]
        == 12
    )


def test_one_of_a_group_told_again_is_not_another_death(analyse: Analyse) -> None:
    text = (
        "Two teachers were shot dead on the road to Velm. Gunmen fired on their bus and killed "
        "one teacher at once; the other teacher died later in a clinic."
    )
    assert flat(analyse(text))["fatalities"] == 2


def test_another_of_the_same_kind_is_a_new_death(analyse: Analyse) -> None:
    text = "Two teachers were shot dead on the road to Velm. Later that day gunmen killed another teacher."
    assert flat(analyse(text))["fatalities"] == 3


def test_no_incident_is_unknown_fatalities(analyse: Analyse) -> None:
    assert flat(analyse("The committee will meet again next spring."))["fatalities"] is None


def test_perpetrator_and_victim_entries(analyse: Analyse) -> None:
    f = flat(analyse("Two police officers beat the journalist Oren Bakary outside the station."))
    assert {"name": "police officers", "type": "state_forces", "count": 2} in f["perpetrators"]  # type: ignore[operator]
    assert {"name": "Oren Bakary", "type": "journalists", "count": 1} in f["victims"]  # type: ignore[operator]


def test_arrests_by_state_forces_are_acled_arrests(analyse: Analyse) -> None:
    f = flat(analyse("Police arrested the union leader Dara Quispe at her home."))
    assert (f["acled_event_type"], f["acled_sub_event_type"]) == ("Strategic developments", "Arrests")


def test_abduction_by_gunmen(analyse: Analyse) -> None:
    f = flat(analyse("Gunmen abducted two aid workers on the road to the camp."))
    assert f["acled_sub_event_type"] == "Abduction/forced disappearance"
    assert any(v["type"] == "aid_workers" for v in f["victims"])  # type: ignore[attr-defined, index]


def test_a_victim_described_then_named_is_one_death(analyse: Analyse) -> None:
    text = (
        "A community radio presenter was shot dead by two men on a motorcycle. "
        "The presenter, Joel Amaro, had received threats."
    )
    assert flat(analyse(text))["fatalities"] == 1


def test_a_hypothetical_killing_is_not_reported(analyse: Analyse) -> None:
    text = "Police arrested the editor Lina Sato. If convicted, she would be the third journalist jailed this year."
    assert "killing" not in flat(analyse(text))["acts"]  # type: ignore[operator]


def test_a_fatal_shooting_is_a_killing_not_an_assault_too(analyse: Analyse) -> None:
    acts = flat(analyse("An officer shot and killed Dale Ostrow outside a motel."))["acts"]
    assert acts == ["killing"]


def test_wounding_someone_else_keeps_the_assault(analyse: Analyse) -> None:
    acts = flat(analyse("Soldiers opened fire on the march, killing a protester and wounding another."))[
        "acts"
    ]
    assert {"killing", "physical_assault"} <= set(acts)  # type: ignore[arg-type]


def test_force_short_of_lethal_before_a_death_stays_an_assault(analyse: Analyse) -> None:
    acts = flat(
        analyse("Rudi Mace died after officers shocked him with a Taser and killed him in a chokehold.")
    )["acts"]
    assert {"killing", "physical_assault"} <= set(acts)  # type: ignore[arg-type]


def test_people_detained_at_a_march_are_protesters(analyse: Analyse) -> None:
    f = flat(analyse("Police detained several people during a march against the new tax."))
    assert {"name": "several people", "type": "protesters", "count": None} in f["victims"]  # type: ignore[operator]


def test_a_police_shooting_with_no_outcome_stated_is_coded_a_killing(analyse: Analyse) -> None:
    a = analyse("Officer Dana Pratt shot Milo Jensen after he drove toward her in Fresno.")
    assert flat(a)["acts"] == ["killing"]
    assert flat(a)["fatalities"] == 1
    killing = next(x for x in a.acts if x.type == "killing")
    assert killing.confidence <= 0.55  # an inference: the reviewer is asked first


def test_a_shooting_the_report_says_was_survived_stays_an_assault(analyse: Analyse) -> None:
    a = analyse("Officer Dana Pratt shot Milo Jensen in the leg after he drove toward her.")
    assert flat(a)["acts"] == ["physical_assault"]
    b = analyse("Police shot Milo Jensen. He was taken to hospital in a stable condition.")
    assert "killing" not in flat(b)["acts"]


def test_a_shooting_by_someone_other_than_the_state_is_not_presumed_fatal(analyse: Analyse) -> None:
    a = analyse("A security guard was shot by an unidentified gunman near the depot.")
    assert flat(a)["fatalities"] == 0


def test_names_listed_after_a_plural_rank_are_all_officers(analyse: Analyse) -> None:
    a = analyse("Deputies Ann Roe, Tim Baker, Lee Stone and Rick Hall shot Karl Olsen in the arm.")
    perps = {p["name"]: p["type"] for p in flat(a)["perpetrators"]}  # type: ignore[union-attr]
    assert set(perps.values()) == {"state_forces"} and len(perps) == 4


def test_a_person_after_by_is_an_agent_not_a_byline(analyse: Analyse) -> None:
    a = analyse("Officers were confronted by Dawson, who fired a gun. Police shot and killed him.")
    assert [v["name"] for v in flat(a)["victims"]] == ["Dawson"]  # type: ignore[union-attr]
    assert flat(a)["fatalities"] == 1
