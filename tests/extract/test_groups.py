"""Named organisations and statements that say who an unnamed perpetrator was."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from whodid.extract.groups import known_groups, named_group_type, skeleton
from whodid.extract.pipeline import Analysis

Analyse = Callable[..., Analysis]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Revolutionary Armed Forces of Colombia", "non_state_armed_group"),
        ("the Ugandan Armed Forces", "state_forces"),
        ("Arakan Army", "non_state_armed_group"),
        ("the army", "state_forces"),
        ("Karamoja Liberation Front", "non_state_armed_group"),
        ("Sudan People's Liberation Army-in-Opposition", "non_state_armed_group"),
        ("a statement by the ELN", "non_state_armed_group"),
        ("the national gendarmerie", "state_forces"),
        ("Friends of the Earth", None),
    ],
)
def test_a_name_is_typed_by_its_longest_known_part(name: str, kind: str | None) -> None:
    assert named_group_type(name) == kind


def test_acronyms_match_only_in_capitals() -> None:
    assert known_groups("he let them go") == []
    assert [kind for _, _, kind in known_groups("fighters of the LRA")] == ["non_state_armed_group"]


def test_a_known_group_spelled_another_way_is_still_known() -> None:
    for text in ("an attack by Al Shaabab fighters", "the Boko Haraam faction", "men of Al-Shabab"):
        assert [kind for _, _, kind in known_groups(text)] == ["non_state_armed_group"], text
    assert skeleton("Al-Shabaab") == skeleton("al Shaabab") == "al shabab"
    # ordinary words and lower-case text are never read as a group
    assert known_groups("they shabbily treated the staff") == []


def test_a_misspelt_group_is_the_perpetrator_not_a_victim(analyse: Analyse) -> None:
    a = analyse("A nurse was killed in an Al Shaabab attack on a market in Baidoa.")
    assert perpetrator_types(a) == {"non_state_armed_group"}


def perpetrator_types(a: Analysis) -> set[str]:
    return {a.types_of(p).perpetrator for act in a.acts for p in act.perpetrator_ids}


def test_an_armed_group_named_in_running_text_is_the_agent(analyse: Analyse) -> None:
    a = analyse("A nurse was abducted by Tahrir al-Sham near the border.")
    assert perpetrator_types(a) == {"non_state_armed_group"}


def test_a_parenthesised_acronym_is_the_same_group(analyse: Analyse) -> None:
    a = analyse("Two teachers were abducted by the Lord's Resistance Army (LRA) near Obo.")
    perps = {p for act in a.acts for p in act.perpetrator_ids}
    assert len(perps) == 1


def test_kidnappers_said_to_belong_to_a_group_take_its_type(analyse: Analyse) -> None:
    a = analyse("Three engineers were kidnapped on the road. The kidnappers belong to the Maute group.")
    assert perpetrator_types(a) == {"non_state_armed_group"}
    kidnappers = next(x for x in a.actors if x.label == "kidnappers")
    assert kidnappers.affiliation is not None and "Maute" in kidnappers.affiliation


def test_gunmen_with_suspected_links_to_a_group(analyse: Analyse) -> None:
    a = analyse("A driver was shot by gunmen with suspected links to the ADF.")
    assert perpetrator_types(a) == {"non_state_armed_group"}


def test_the_perpetrator_said_to_be_a_relative_is_a_civilian(analyse: Analyse) -> None:
    a = analyse("A cook was stabbed outside her home. Neighbours said the attacker was her brother.")
    assert perpetrator_types(a) == {"civilians"}


def test_a_statement_never_overrides_a_stated_type(analyse: Analyse) -> None:
    a = analyse("Soldiers beat a farmer. The soldiers were linked to the Maute group.")
    assert perpetrator_types(a) == {"state_forces"}


def test_unidentified_without_a_statement_stay_unidentified(analyse: Analyse) -> None:
    a = analyse("A driver was shot by gunmen near the market.")
    assert perpetrator_types(a) == {"unidentified"}


def test_detention_by_an_armed_group_is_an_abduction(analyse: Analyse) -> None:
    a = analyse("A driver was detained for two days at an FDLR checkpoint.")
    assert {x.type for x in a.acts} == {"abduction"}
    assert perpetrator_types(a) == {"non_state_armed_group"}


def test_coordinated_passive_verbs_share_their_agent(analyse: Analyse) -> None:
    a = analyse("The editor was seized and beaten by men in plain clothes.")
    seizure = next(x for x in a.acts if x.type != "physical_assault")
    assert [next(y.label for y in a.actors if y.id == p) for p in seizure.perpetrator_ids] == ["men"]


def test_a_private_person_described_by_their_state_is_a_civilian(analyse: Analyse) -> None:
    a = analyse("A cashier was punched by a drunk man outside the bank.")
    assert perpetrator_types(a) == {"civilians"}


def test_the_agent_of_a_when_clause_did_the_injuring(analyse: Analyse) -> None:
    a = analyse("A porter was injured when a passenger slashed him with a blade.")
    assert perpetrator_types(a) == {"civilians"}
    assert all(act.perpetrator_ids for act in a.acts)


def test_a_by_phrase_makes_a_clause_passive_without_its_auxiliary(analyse: Analyse) -> None:
    a = analyse("Omar Tahiri died in a cell after being stopped and detained by guards.")
    detention = next(x for x in a.acts if x.type == "arbitrary_detention")
    assert [next(y.label for y in a.actors if y.id == p) for p in detention.perpetrator_ids] == ["guards"]


def test_an_armed_group_is_a_non_state_armed_group(analyse: Analyse) -> None:
    a = analyse("A nurse was robbed and beaten by an armed group near the river.")
    assert perpetrator_types(a) == {"non_state_armed_group"}


def test_a_group_of_community_members_are_civilians(analyse: Analyse) -> None:
    a = analyse("Two vaccinators were attacked by a group of village residents.")
    assert perpetrator_types(a) == {"civilians"}


def test_a_claim_of_responsibility_names_the_perpetrator(analyse: Analyse) -> None:
    a = analyse("Gunmen killed three engineers at a checkpoint. Al-Shabaab later claimed responsibility.")
    assert perpetrator_types(a) == {"non_state_armed_group"}


def test_people_hurt_in_communal_clashes_were_hurt_by_communal_militias(analyse: Analyse) -> None:
    a = analyse("A teacher was wounded during clan fighting near Beledweyne.")
    assert perpetrator_types(a) == {"non_state_armed_group"}


def test_a_death_during_a_police_chase_is_attributed_to_the_police(analyse: Analyse) -> None:
    a = analyse("Ray Cole was killed when his car hit a wall during a police pursuit.")
    assert perpetrator_types(a) == {"state_forces"}


def test_an_agent_the_tagger_read_as_a_compound_is_still_the_agent(analyse: Analyse) -> None:
    a = analyse("A trooper shot and killed Dale Moss after a chase.")
    assert perpetrator_types(a) == {"state_forces"}
