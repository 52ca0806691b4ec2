"""The actors stage: named persons, unnamed actors, counts and types."""

from __future__ import annotations

from collections.abc import Callable

from whodid.extract.pipeline import Analysis

Analyse = Callable[..., Analysis]


def by_label(a: Analysis) -> dict[str, object]:
    return {x.label: x for x in a.actors}


def test_unnamed_actor_with_numeral_is_counted(analyse: Analyse) -> None:
    a = analyse("Seven soldiers beat a farmer outside his house.")
    soldiers = next(x for x in a.actors if x.label == "soldiers")
    assert soldiers.count == 7
    assert a.actor_types[soldiers.id].perpetrator == "state_forces"


def test_number_words_and_indefinite_article_give_counts(analyse: Analyse) -> None:
    a = analyse("Three masked men dragged a shopkeeper from his stall.")
    men = next(x for x in a.actors if "men" in x.label)
    shopkeeper = next(x for x in a.actors if x.label == "shopkeeper")
    assert (men.count, shopkeeper.count) == (3, 1)
    assert a.actor_types[men.id].perpetrator == "unidentified"


def test_plural_without_number_has_no_count(analyse: Analyse) -> None:
    a = analyse("Unidentified gunmen shot at the clinic's night staff.")
    gunmen = next(x for x in a.actors if "gunmen" in x.label)
    assert gunmen.count is None
    assert a.actor_types[gunmen.id].perpetrator == "unidentified"


def test_surname_joins_full_name(analyse: Analyse) -> None:
    a = analyse("Police arrested Tamar Okonkwo-Reyes on Monday. Okonkwo-Reyes was later released.")
    named = [x for x in a.actors if x.name and "Okonkwo" in x.name]
    assert len(named) == 1
    assert named[0].name == "Tamar Okonkwo-Reyes"


def test_apposition_gives_victim_type(analyse: Analyse) -> None:
    a = analyse("Officers detained Samuel Adeyemi, a lawyer for several detained bloggers, at the court.")
    samuel = next(x for x in a.actors if x.name == "Samuel Adeyemi")
    assert a.actor_types[samuel.id].victim == "lawyers"


def test_private_security_is_a_company(analyse: Analyse) -> None:
    a = analyse("Private security guards beat the evicted families with batons.")
    guards = next(x for x in a.actors if "guards" in x.label)
    assert a.actor_types[guards.id].perpetrator == "company"


def test_generic_man_is_unidentified_as_attacker(analyse: Analyse) -> None:
    a = analyse("Another man punched the reporter in the face.")
    man = next(x for x in a.actors if x.label == "man")
    assert a.actor_types[man.id].perpetrator == "unidentified"
    assert man.count == 1


def test_rank_before_a_name_makes_state_forces(analyse: Analyse) -> None:
    a = analyse("Deputy Carla Ruiz shot Milo Jensen after a traffic stop in Fresno.")
    carla = next(x for x in a.actors if x.name == "Carla Ruiz")
    assert a.actor_types[carla.id].perpetrator == "state_forces"


def test_second_of_two_ranked_names_shares_the_rank(analyse: Analyse) -> None:
    a = analyse("Officers Tom Haskell and Rita Baptiste shot Omar Lind outside a bakery.")
    rita = next(x for x in a.actors if x.name == "Rita Baptiste")
    assert a.actor_types[rita.id].perpetrator == "state_forces"


def test_anti_government_elements_are_an_armed_group(analyse: Analyse) -> None:
    a = analyse("Two drivers were abducted by anti-government elements near the river.")
    elements = next(x for x in a.actors if "elements" in x.label)
    assert a.actor_types[elements.id].perpetrator == "non_state_armed_group"


def test_community_members_are_civilians(analyse: Analyse) -> None:
    a = analyse("A group of community members beat the nurse after the clinic closed.")
    members = next(x for x in a.actors if "members" in x.label)
    assert a.actor_types[members.id].perpetrator == "civilians"


def test_a_weapon_named_with_its_owner_is_the_owner(analyse: Analyse) -> None:
    a = analyse("A teacher was injured by a government mortar in the market.")
    mortar = next(x for x in a.actors if "mortar" in x.label)
    assert a.actor_types[mortar.id].perpetrator == "state_forces"


def test_a_service_with_no_owner_is_not_a_force(analyse: Analyse) -> None:
    a = analyse("The staff were providing health services when gunmen abducted them.")
    abduction = next(x for x in a.acts if x.type == "abduction")
    assert [a.actor_types[p].perpetrator for p in abduction.perpetrator_ids] == ["unidentified"]
    assert "state_forces" not in {a.actor_types[x.id].perpetrator for x in a.actors}


def test_staff_of_a_humanitarian_employer_are_aid_workers(analyse: Analyse) -> None:
    a = analyse("Gunmen abducted an INGO driver and two Red Crescent medics near the camp.")
    driver = next(x for x in a.actors if "driver" in x.label)
    medics = next(x for x in a.actors if "medics" in x.label)
    assert a.actor_types[driver.id].victim == "aid_workers"
    assert a.actor_types[medics.id].victim == "aid_workers"


def test_a_doctor_with_no_employer_named_is_a_health_worker(analyse: Analyse) -> None:
    a = analyse("Soldiers beat a doctor at the checkpoint.")
    doctor = next(x for x in a.actors if x.label == "doctor")
    assert a.actor_types[doctor.id].victim == "health_workers"


def test_lgbt_groups_are_lgbt_victims(analyse: Analyse) -> None:
    a = analyse("Riot police dispersed gay rights groups marching in the city centre.")
    groups = next(x for x in a.actors if "groups" in x.label)
    assert a.actor_types[groups.id].victim == "lgbt"


def test_a_civilian_job_title_is_not_a_force(analyse: Analyse) -> None:
    a = analyse("Police detained Lena Ortiz, a data officer at a bank, and Omar Said, a teacher.")
    lena = next(x for x in a.actors if x.name == "Lena Ortiz")
    omar = next(x for x in a.actors if x.name == "Omar Said")
    assert a.actor_types[lena.id].victim != "state_forces"
    assert a.actor_types[omar.id].perpetrator != "state_forces"  # "officer" before ";" or "," is not his rank


def test_men_in_military_uniform_are_state_forces(analyse: Analyse) -> None:
    a = analyse("Six armed men in military uniforms stopped the ambulance and beat the driver.")
    men = next(x for x in a.actors if "men" in x.label)
    assert a.actor_types[men.id].perpetrator == "state_forces"


def test_youths_are_civilians(analyse: Analyse) -> None:
    a = analyse("A group of youths attacked the nurse near the market.")
    assert any(a.actor_types[x.id].perpetrator == "civilians" for x in a.actors if "youths" in x.label)


def test_a_crowd_of_nationals_is_civilians(analyse: Analyse) -> None:
    a = analyse("About forty Moldovans stormed the aid office and beat a guard.")
    nationals = next(x for x in a.actors if "Moldovans" in x.label)
    assert a.actor_types[nationals.id].perpetrator == "civilians"


def test_a_party_leader_is_political_opposition(analyse: Analyse) -> None:
    a = analyse("Police arrested Ines Barca, leader of the Green Alliance Party, outside parliament.")
    ines = next(x for x in a.actors if x.name == "Ines Barca")
    assert a.actor_types[ines.id].victim == "political_opposition"


def test_someone_who_reports_for_an_outlet_is_a_journalist(analyse: Analyse) -> None:
    a = analyse("Thugs attacked Pia Lund, who reports for a local radio station, at the market.")
    pia = next(x for x in a.actors if x.name == "Pia Lund")
    assert a.actor_types[pia.id].victim == "journalists"


def test_staff_of_an_aid_agency_named_after_for_are_aid_workers(analyse: Analyse) -> None:
    a = analyse("A driver for a UN agency was wounded when a mine exploded.")
    driver = next(x for x in a.actors if x.label == "driver")
    assert a.types_of(driver.id).victim == "aid_workers"


def test_an_organisation_or_its_premises_is_not_a_victim(analyse: Analyse) -> None:
    a = analyse("Armed men looted the NGO office and beat two guards.")
    victims = {x.label for x in a.actors for act in a.acts if x.id in act.victim_ids}
    assert not any("office" in v for v in victims)


def test_nobody_hurt_in_a_sentence_is_its_implied_attacker(analyse: Analyse) -> None:
    a = analyse("A police officer was wounded when a roadside bomb exploded near Gao.")
    hurt = {v for act in a.acts for v in act.victim_ids}
    assert not hurt & {p for act in a.acts for p in act.perpetrator_ids}


def test_a_pronoun_after_a_preposition_is_not_the_clause_subject(analyse: Analyse) -> None:
    a = analyse(
        "A female nurse was walking home when a robber ran up to her. She was hurt when he pushed her."
    )
    push = next(x for x in a.acts if x.type == "physical_assault")
    assert [next(y.label for y in a.actors if y.id == v) for v in push.victim_ids] == ["female nurse"]


def _names(a: Analysis) -> set[str | None]:
    return {actor.name for actor in a.actors}


def test_a_leading_participle_is_not_part_of_a_name(analyse: Analyse) -> None:
    a = analyse("The deputies ordered Marsh to stop. Believing Marsh had a weapon, a deputy fired one round.")
    assert "Marsh" in _names(a) and "Believing Marsh" not in _names(a)
    # a first name at the start of a sentence stays: the name is not yet known on its own
    b = analyse("Channing Mbeki was arrested by police at dawn. Police held Mbeki for a day.")
    assert "Channing Mbeki" in _names(b)


def test_a_name_with_a_residence_or_age_apposition_is_a_person(analyse: Analyse) -> None:
    a = analyse("Police said two officers fired at Barnes, of Pasadena, after he pulled a handgun.")
    assert "Barnes" in _names(a)
    b = analyse("Deputies shot Okafor, 34, after a chase.")
    assert "Okafor" in _names(b)


def test_an_unknown_name_after_a_place_preposition_is_a_place(analyse: Analyse) -> None:
    a = analyse("A driver was detained after his vehicle was stopped at a checkpoint in Bagari.")
    assert "Bagari" not in _names(a)
    # a name after "at" stays a person: "fired at" someone
    b = analyse("Officers fired at Tomlin after a chase.")
    assert "Tomlin" in _names(b)


def test_a_person_killed_by_their_own_vehicle_is_its_victim_not_its_agent(analyse: Analyse) -> None:
    a = analyse("Kelleher's truck crashed into a wall and caught fire, killing him.")
    kelleher = next(x.id for x in a.actors if x.name == "Kelleher")
    killings = [act for act in a.acts if act.type == "killing"]
    assert killings and all(
        kelleher in act.victim_ids and kelleher not in act.perpetrator_ids for act in killings
    )


def test_a_pronoun_object_is_never_its_own_borrowed_subject(analyse: Analyse) -> None:
    """The parser hangs "and shot him" on "Hollister charged them": the shooters are
    the officers Hollister charged, and he is their victim."""
    a = analyse(
        "Officers responded to a call, allege Hollister charged them with a knife, and shot him to death."
    )
    hollister = next(x.id for x in a.actors if x.name == "Hollister")
    killing = next(act for act in a.acts if act.type == "killing")
    assert killing.victim_ids == [hollister]
    assert {a.types_of(p).perpetrator for p in killing.perpetrator_ids} == {"state_forces"}


def test_tribesmen_who_attack_are_a_communal_militia(analyse: Analyse) -> None:
    for text in (
        "Three teachers were kidnapped by armed Lotuko Tribesmen near the river.",
        "Armed tribesmen attacked two drivers on the road.",
    ):
        a = analyse(text)
        types = {a.types_of(p).perpetrator for act in a.acts for p in act.perpetrator_ids}
        assert types == {"non_state_armed_group"}, text


def test_descriptions_keep_the_text_s_own_spacing(analyse: Analyse) -> None:
    a = analyse("Six contractors were abducted by anti-government elements.")
    assert "anti-government elements" in {x.description for x in a.actors}


def test_an_employer_after_at_or_a_hiring_participle_makes_an_aid_worker(analyse: Analyse) -> None:
    for text, description in (
        ("A midwife at an NGO clinic was beaten by six men.", "midwife"),
        ("Two truck drivers subcontracted by the UN were killed by an explosion.", "truck drivers"),
    ):
        a = analyse(text)
        person = next(x.id for x in a.actors if x.description == description)
        assert a.types_of(person).victim == "aid_workers", text
    # a hospital is not a humanitarian employer
    b = analyse("A nurse at the city hospital was beaten by police.")
    nurse = next(x.id for x in b.actors if x.description == "nurse")
    assert b.types_of(nurse).victim == "health_workers"


def test_a_subject_pronoun_keeps_following_the_earlier_subject_pronoun(analyse: Analyse) -> None:
    a = analyse(
        "After Dorsey was pulled over, he drove off with an officer on the running board. "
        "He rammed parked cars to dislodge the officer, then stopped, after which he was shot and killed."
    )
    dorsey = next(x.id for x in a.actors if x.name == "Dorsey")
    killing = next(act for act in a.acts if act.type == "killing")
    assert killing.victim_ids == [dorsey]


def test_the_people_of_a_pride_march_are_lgbt(analyse: Analyse) -> None:
    a = analyse("Riot police broke up the Pride march in the capital and detained 14 participants.")
    participants = next(x.id for x in a.actors if x.description and "participants" in x.description)
    assert a.types_of(participants).victim == "lgbt"
    b = analyse("Riot police broke up the farmers' march in the capital and detained 14 participants.")
    others = next(x.id for x in b.actors if x.description and "participants" in x.description)
    assert b.types_of(others).victim != "lgbt"


def test_a_passive_pronoun_continues_the_previous_sentence_s_named_subject(analyse: Analyse) -> None:
    a = analyse(
        "On Sunday opposition leader Anwar Malik gave a press conference. He too was arrested on Monday."
    )
    anwar = next(x.id for x in a.actors if x.name == "Anwar Malik")
    arrest = next(act for act in a.acts if act.type == "arbitrary_detention")
    assert arrest.victim_ids == [anwar]
    # a subject who harmed someone is not the topic that suffers next
    b = analyse("Officer Ray Stone shot Jonah Fell. He was taken to hospital and died.")
    jonah = next(x.id for x in b.actors if x.name == "Jonah Fell")
    assert all(jonah in act.victim_ids for act in b.acts if act.type == "killing")


def test_a_country_is_never_a_person(analyse: Analyse) -> None:
    a = analyse(
        "Ruritania Opposition Clashes: 'Three Killed'\n\nThe opposition in Togo said three people died."
    )
    assert "Togo" not in _names(a)
    b = analyse("Togo clashes: police killed three protesters in Lome.")
    assert "Togo" not in _names(b)
