"""The acts stage: triggers, agents and patients, voice, negation, threats, attempts."""

from __future__ import annotations

from collections.abc import Callable

from whodid.extract.pipeline import Analysis

Analyse = Callable[..., Analysis]


def acts(a: Analysis) -> set[str]:
    return {x.type for x in a.acts}


def labels(a: Analysis, ids: list[str]) -> list[str]:
    return [next(x.label for x in a.actors if x.id == i) for i in ids]


def test_active_voice_agent_and_patient(analyse: Analyse) -> None:
    a = analyse("Two police officers beat Mirela Vasquez outside the courthouse.")
    assault = next(x for x in a.acts if x.type == "physical_assault")
    assert labels(a, assault.perpetrator_ids) == ["police officers"]
    assert labels(a, assault.victim_ids) == ["Mirela Vasquez"]


def test_passive_voice_with_agent(analyse: Analyse) -> None:
    a = analyse("Mirela Vasquez was arrested by border guards at the crossing.")
    arrest = next(x for x in a.acts if x.type == "arbitrary_detention")
    assert labels(a, arrest.victim_ids) == ["Mirela Vasquez"]
    assert labels(a, arrest.perpetrator_ids) == ["border guards"]


def test_negated_act_did_not_happen(analyse: Analyse) -> None:
    a = analyse("The two editors were questioned by officers. They were not charged.")
    assert "interrogation" in acts(a)
    assert "judicial_harassment" not in acts(a)


def test_threat_of_charges_is_judicial_harassment_not_the_charge(analyse: Analyse) -> None:
    a = analyse("The commander threatened to charge the nurses with treason.")
    assert acts(a) == {"judicial_harassment"}


def test_threat_of_violence_is_harassment(analyse: Analyse) -> None:
    a = analyse("The soldiers threatened to kill the villagers if they spoke to reporters.")
    assert "harassment" in acts(a)
    assert "killing" not in acts(a)


def test_pronoun_resolves_to_the_compatible_person(analyse: Analyse) -> None:
    a = analyse("A guard stopped Leyla Haddad at the gate. He slapped her twice.")
    slap = next(x for x in a.acts if x.provenance and "slapped" in x.provenance.text)
    assert labels(a, slap.victim_ids) == ["Leyla Haddad"]
    assert labels(a, slap.perpetrator_ids) == ["guard"]


def test_seizing_by_unidentified_men_is_abduction(analyse: Analyse) -> None:
    a = analyse("Unidentified men seized the blogger Tomas Brandt outside his office.")
    assert "abduction" in acts(a)


def test_seizing_by_police_is_detention(analyse: Analyse) -> None:
    a = analyse("Riot police seized the blogger Tomas Brandt outside his office.")
    assert "arbitrary_detention" in acts(a)
    assert "abduction" not in acts(a)


def test_ordered_to_leave_is_forced_displacement_by_the_one_who_ordered(analyse: Analyse) -> None:
    a = analyse("Local officials insisted the three researchers leave the district that night.")
    act = next(x for x in a.acts if x.type == "forced_displacement")
    assert labels(a, act.perpetrator_ids) == ["Local officials"]


def test_breaking_up_a_meeting_is_assembly_interference(analyse: Analyse) -> None:
    a = analyse("A group of men tried to break up the meeting of the tenants' union.")
    assert "assembly_interference" in acts(a)


def test_killed_in_an_airstrike_is_remote_violence_and_killing(analyse: Analyse) -> None:
    a = analyse("Four farmers were killed in an airstrike on their village.")
    assert {"killing", "remote_violence"} <= acts(a)


def test_campaign_against_strikes_is_not_an_act(analyse: Analyse) -> None:
    a = analyse("She has campaigned against drone strikes for years.")
    assert "remote_violence" not in acts(a)


def test_holding_an_event_is_not_detention(analyse: Analyse) -> None:
    a = analyse("The activists were holding a workshop on land rights.")
    assert "arbitrary_detention" not in acts(a)


def test_ignoring_an_attack_is_failure_to_protect(analyse: Analyse) -> None:
    a = analyse("Ignoring the assault on the women, the officers arrested the organisers.")
    assert "failure_to_protect" in acts(a)


def test_firing_at_someone_is_an_assault_on_them(analyse: Analyse) -> None:
    a = analyse("Two officers fired at Dario Velez as he ran from the car, wounding him.")
    act = next(x for x in a.acts if x.type == "physical_assault")
    assert labels(a, act.victim_ids) == ["Dario Velez"]


def test_duration_of_a_detention(analyse: Analyse) -> None:
    a = analyse("Police held the two reporters at the station for eight hours.")
    act = next(x for x in a.acts if x.type == "arbitrary_detention")
    assert act.duration_hours == 8.0


def test_duration_in_days(analyse: Analyse) -> None:
    a = analyse("Soldiers detained Hana Ortiz for three days without charge.")
    act = next(x for x in a.acts if x.type == "arbitrary_detention")
    assert act.duration_hours == 72.0


def test_untagged_surname_is_the_victim(analyse: Analyse) -> None:
    a = analyse("Officers confronted Jonah Pell outside the store. An officer shot Pell twice, killing him.")
    killing = next(x for x in a.acts if x.type == "killing")
    assert labels(a, killing.victim_ids) == ["Jonah Pell"]


def test_charging_at_someone_is_not_a_prosecution(analyse: Analyse) -> None:
    a = analyse("The man charged at the deputies with a knife.")
    assert "judicial_harassment" not in acts(a)


def test_named_members_of_a_detained_group_are_victims(analyse: Analyse) -> None:
    a = analyse(
        "Police detained four bloggers on Friday night. "
        "Among them were Ines Kaldor and Tuomas Virta, who write for an online magazine."
    )
    detention = next(x for x in a.acts if x.type == "arbitrary_detention")
    assert {"Ines Kaldor", "Tuomas Virta"} <= set(labels(a, detention.victim_ids))


def test_a_speaker_is_not_made_a_victim(analyse: Analyse) -> None:
    a = analyse("Soldiers beat dozens of villagers, Marco Ilic said.")
    assault = next(x for x in a.acts if x.type == "physical_assault")
    assert "Marco Ilic" not in labels(a, assault.victim_ids)


def test_barred_from_travelling_is_movement_restriction(analyse: Analyse) -> None:
    a = analyse("Border officials barred the researcher Aino Salo from leaving the country.")
    assert "movement_restriction" in acts(a)


def test_house_arrest_is_movement_restriction(analyse: Analyse) -> None:
    a = analyse("A court placed the opposition leader Ruben Castaño under house arrest.")
    assert "movement_restriction" in acts(a)


def test_arrests_at_a_march_interfere_with_the_assembly(analyse: Analyse) -> None:
    a = analyse("Police detained 30 people during a march for teachers' pay in the capital.")
    assert {"arbitrary_detention", "assembly_interference"} <= acts(a)


def test_detention_over_an_article_restricts_expression(analyse: Analyse) -> None:
    a = analyse("Police detained the editor Sami Haddad over an article about army contracts.")
    assert "expression_restriction" in acts(a)


def test_beaten_to_death_is_a_killing(analyse: Analyse) -> None:
    a = analyse("Guards beat the prisoner Tomasz Wiley to death in his cell.")
    assert "killing" in acts(a)


def test_charging_someone_with_a_knife_is_not_a_prosecution(analyse: Analyse) -> None:
    a = analyse("Deputies said Corwin charged them with a knife before they fired.")
    assert "judicial_harassment" not in acts(a)


def test_a_person_still_missing_was_disappeared(analyse: Analyse) -> None:
    a = analyse("Gunmen ambushed the convoy near the river. Two drivers are still missing.")
    assert "abduction" in acts(a)


def test_killed_by_shrapnel_is_remote_violence(analyse: Analyse) -> None:
    a = analyse("A nurse was killed when shrapnel from a shell struck the clinic roof.")
    assert {"killing", "remote_violence"} <= acts(a)


def test_kidnappers_holding_their_captive_is_not_a_detention(analyse: Analyse) -> None:
    a = analyse("Unknown gunmen kidnapped the engineer Ravi Sood. The gunmen held Sood for three days.")
    assert "abduction" in acts(a)
    assert "arbitrary_detention" not in acts(a)


def test_a_surname_that_is_also_a_place_is_a_person_when_shot(analyse: Analyse) -> None:
    a = analyse("Officers shot Houston in the shoulder after a brief chase.")
    shooting = next(x for x in a.acts if x.type == "physical_assault")
    assert labels(a, shooting.victim_ids) == ["Houston"]


def test_a_seized_phone_is_property_taken(analyse: Analyse) -> None:
    a = analyse("Officers seized the reporter's phone and camera at the checkpoint.")
    assert "property_destruction" in acts(a)


def test_seized_leaflets_restrict_expression(analyse: Analyse) -> None:
    a = analyse("Police confiscated the leaflets the students were handing out.")
    assert "expression_restriction" in acts(a)


def test_no_charges_laid_is_no_prosecution(analyse: Analyse) -> None:
    a = analyse("Police held the reporters overnight. No charges were laid against them.")
    assert "judicial_harassment" not in acts(a)


def test_what_should_not_happen_did_not_happen(analyse: Analyse) -> None:
    a = analyse("The minister said that no journalist should be prosecuted for reporting.")
    assert "judicial_harassment" not in acts(a)


def test_announced_charges_are_judicial_harassment(analyse: Analyse) -> None:
    a = analyse("Police said they would bring charges against the seventeen organisers.")
    assert "judicial_harassment" in acts(a)


def test_a_meeting_mentioned_in_passing_is_not_interfered_with(analyse: Analyse) -> None:
    a = analyse("Police beat the editor Ana Lutz a week before a party meeting in the capital.")
    assert "assembly_interference" not in acts(a)


def test_opening_fire_on_a_crowd_is_still_an_assault(analyse: Analyse) -> None:
    a = analyse("Soldiers opened fire on the villagers near the well.")
    assert "physical_assault" in acts(a)


def test_held_to_account_is_not_custody(analyse: Analyse) -> None:
    a = analyse("The police must make sure that those responsible are held to account.")
    assert "arbitrary_detention" not in acts(a)


def test_a_case_opened_into_the_attack_is_not_judicial_harassment(analyse: Analyse) -> None:
    a = analyse("Unknown men beat the activist Olena Marchuk. Police opened a case of hooliganism.")
    assert "judicial_harassment" not in acts(a)


def test_arresting_the_suspected_attackers_is_not_an_act_against_them(analyse: Analyse) -> None:
    a = analyse("Masked men stabbed the reporter Ivo Kranjc. Police later arrested two suspects.")
    assert "arbitrary_detention" not in acts(a)


def test_an_agentless_attack_with_nobody_named_is_by_unidentified_perpetrators(analyse: Analyse) -> None:
    a = analyse("The journalist Mara Quint was beaten outside her flat on Sunday.")
    assault = next(x for x in a.acts if x.type == "physical_assault")
    assert [next(y for y in a.actors if y.id == p).type for p in assault.perpetrator_ids] == ["unidentified"]


def test_an_agentless_arrest_is_by_the_state_the_text_names(analyse: Analyse) -> None:
    a = analyse("Police said that Mara Quint was detained on Sunday.")
    arrest = next(x for x in a.acts if x.type == "arbitrary_detention")
    assert [a.actor_types[p].perpetrator for p in arrest.perpetrator_ids] == ["state_forces"]


def test_the_two_activists_are_the_two_named_activists(analyse: Analyse) -> None:
    a = analyse(
        "Police detained the activists Rosa Ilves and Marta Koski. "
        "Officers later ordered the two activists to leave the city."
    )
    expulsion = next(x for x in a.acts if x.type == "forced_displacement")
    assert sorted(labels(a, expulsion.victim_ids)) == ["Marta Koski", "Rosa Ilves"]


def test_tortured_to_death_is_a_killing(analyse: Analyse) -> None:
    assert "killing" in acts(analyse("Militiamen captured a nurse and tortured him to death."))


def test_remains_found_are_a_killing(analyse: Analyse) -> None:
    a = analyse("The remains of two abducted engineers were found near the border.")
    assert "killing" in acts(a)


def test_a_possessive_names_the_victim_of_an_act_noun(analyse: Analyse) -> None:
    a = analyse(
        "Gunmen seized the teachers Ana Birk and Jon Vale. The group later announced their execution."
    )
    killing = next(x for x in a.acts if x.type == "killing")
    assert sorted(labels(a, killing.victim_ids)) == ["Ana Birk", "Jon Vale"]


def test_an_air_strike_with_no_author_named_is_by_a_state(analyse: Analyse) -> None:
    a = analyse("Two nurses were killed in an airstrike on the clinic.")
    strike = next(x for x in a.acts if x.type == "remote_violence")
    assert [a.actor_types[p].perpetrator for p in strike.perpetrator_ids] == ["state_forces"]


def test_a_member_of_named_armed_forces_is_state_forces(analyse: Analyse) -> None:
    a = analyse("A rogue member of the Ruritanian Armed Forces shot two drivers at the base.")
    member = next(x for x in a.actors if "member" in x.label)
    assert a.actor_types[member.id].perpetrator == "state_forces"


def test_a_verb_the_lemmatizer_gets_wrong_still_triggers(analyse: Analyse) -> None:
    # en_core_web_md lemmatizes "raped" as "rap" and "fined" as "fin"
    a = analyse("A teacher was raped by two soldiers near the river.")
    assert acts(a) == {"sexual_violence"}
    b = analyse("The court fined the newspaper editor for his column.")
    assert "judicial_harassment" in acts(b)


def test_an_object_pronoun_skips_every_name_in_its_own_subject(analyse: Analyse) -> None:
    a = analyse("Three drivers were seized near Goma. Mai-Mai Kifuafua fighters later killed them.")
    killing = next(x for x in a.acts if x.type == "killing")
    assert labels(a, killing.victim_ids) == ["drivers"]


def test_victims_of_an_act_noun_are_not_the_subject_that_reports_it(analyse: Analyse) -> None:
    a = analyse("Two engineers were kidnapped. Insurgents later released a video of their execution.")
    killing = next(x for x in a.acts if x.type == "killing")
    assert labels(a, killing.victim_ids) == ["engineers"]


def test_the_means_of_an_attack_is_not_its_victim(analyse: Analyse) -> None:
    a = analyse("Riot police fired rubber bullets and tear gas at the marchers.")
    named = {x.label for x in a.actors for act in a.acts if x.id in act.victim_ids}
    assert not any("bullet" in n or "gas" in n for n in named)


def test_what_a_fleeing_car_hits_is_not_a_victim(analyse: Analyse) -> None:
    a = analyse(
        "Orrin Vaskel's van swerved and hit a concrete barrier before it caught fire, killing him. "
        "Deputies had been chasing the van."
    )
    harmed = {x.label for x in a.actors for act in a.acts if x.id in act.victim_ids}
    assert not any("barrier" in n for n in harmed)
    assert any("Vaskel" in n for n in harmed)


def test_a_relative_who_speaks_is_not_a_party(analyse: Analyse) -> None:
    a = analyse("Soldiers detained the farmer Ilya Brandt at dawn, his uncle told reporters.")
    parties = {x.label for x in a.actors for act in a.acts if x.id in act.victim_ids + act.perpetrator_ids}
    assert "uncle" not in parties


def test_a_person_the_model_tagged_as_a_place_is_a_victim_by_apposition(analyse: Analyse) -> None:
    a = analyse("Kelani Dharmapala, general secretary of the Drivers Union, was kidnapped in Kandy.")
    kidnap = next(x for x in a.acts if x.type == "abduction")
    assert "Dharmapala" in " ".join(labels(a, kidnap.victim_ids))


def test_a_second_person_coordinated_after_an_apposition_is_a_victim_too(analyse: Analyse) -> None:
    a = analyse("Lena Vogt, editor of a local weekly, and her colleague Omar Said were detained by police.")
    detention = next(x for x in a.acts if x.type == "arbitrary_detention")
    assert {"Lena Vogt", "Omar Said"} <= set(labels(a, detention.victim_ids))


def test_people_taken_together_with_the_victim_are_victims(analyse: Analyse) -> None:
    a = analyse("Mara Lind was beaten by police. She was detained together with the lawyer Piet Brink.")
    detention = next(x for x in a.acts if x.type == "arbitrary_detention")
    assert {"Mara Lind", "Piet Brink"} <= set(labels(a, detention.victim_ids))


def test_people_listed_after_those_whom_the_police_hold_are_detained(analyse: Analyse) -> None:
    a = analyse(
        "Police detained eleven residents on Monday.\n"
        "Those whom the police are still holding are:\n"
        "* Sok Dara, Chan Vibol, Mey Sothea, Lim Rachana, "
    )
    held = {v for x in a.acts if x.type == "arbitrary_detention" for v in labels(a, x.victim_ids)}
    assert {"Sok Dara", "Lim Rachana"} <= held


def test_coordinated_verbs_share_the_object_named_after_the_last(analyse: Analyse) -> None:
    a = analyse("Masked gunmen seized and beat the trade unionist Ruth Okafor.")
    assert {"abduction", "physical_assault"} <= acts(a)


def test_a_seizure_the_report_calls_an_abduction_is_one_even_by_state_agents(analyse: Analyse) -> None:
    a = analyse("Plainclothes police officers seized the blogger Ivo Marek. His abductors beat him.")
    assert "abduction" in acts(a)
    assert "arbitrary_detention" not in acts(a)


def test_a_pronoun_prefers_a_person_to_a_name_inside_a_place_phrase(analyse: Analyse) -> None:
    a = analyse("Jon Pratt drove up in a white Morgan. Deputies shot him in the leg.")
    shooting = next(x for x in a.acts if x.type == "physical_assault")
    assert labels(a, shooting.victim_ids) == ["Jon Pratt"]


def test_a_struggle_with_officers_is_force_used_on_the_person(analyse: Analyse) -> None:
    a = analyse("Lou Ferris died in a cell after struggling with jail deputies.")
    assault = next(x for x in a.acts if x.type == "physical_assault")
    assert labels(a, assault.victim_ids) == ["Lou Ferris"]
    assert labels(a, assault.perpetrator_ids) == ["jail deputies"]


def test_a_fight_between_private_people_is_not_state_force(analyse: Analyse) -> None:
    a = analyse("Witnesses said Lou Ferris fought with his neighbour before officers arrived.")
    assert "physical_assault" not in acts(a)


def test_struck_with_batons_is_an_assault_but_a_labour_strike_is_not(analyse: Analyse) -> None:
    assert "physical_assault" in acts(analyse("Guards struck the inmate with batons."))
    assert acts(analyse("Dockers went on strike in the port city.")) == set()


def test_a_suicide_bomber_in_a_deadly_attack_is_remote_violence(analyse: Analyse) -> None:
    a = analyse("Three doctors were killed in an attack by a suicide bomber at a market.")
    assert {"killing", "remote_violence"} <= acts(a)


def test_people_released_for_a_ransom_had_been_abducted(analyse: Analyse) -> None:
    a = analyse(
        "Two surveyors were ambushed by armed men near Kismayo. One was released after a ransom was paid."
    )
    assert "abduction" in acts(a)


def test_people_released_by_the_police_had_been_detained(analyse: Analyse) -> None:
    a = analyse("Police questioned the cartoonist Aldo Rossi for hours. He was released without charge.")
    assert "arbitrary_detention" in acts(a)


def test_a_release_from_hospital_is_not_captivity(analyse: Analyse) -> None:
    a = analyse("Soldiers beat the farmer Aldo Rossi. He was released from hospital on Friday.")
    assert acts(a) == {"physical_assault"}


def test_a_headline_passive_without_its_auxiliary(analyse: Analyse) -> None:
    a = analyse("Aid worker injured when 40 youths stormed a food distribution site.")
    assault = next(x for x in a.acts if x.type == "physical_assault")
    assert labels(a, assault.victim_ids) == ["Aid worker"]
    assert labels(a, assault.perpetrator_ids) == ["youths"]


def test_an_explosive_device_named_by_its_acronym_is_remote_violence(analyse: Analyse) -> None:
    a = analyse("A guard was killed by an IED on the road to the district centre.")
    assert {"killing", "remote_violence"} <= {act.type for act in a.acts}


def test_a_blast_whose_harm_is_told_in_the_next_sentence(analyse: Analyse) -> None:
    a = analyse(
        "A nurse was standing across the street when the blast from the VBIED occurred at the gate. "
        "She died of her injuries."
    )
    kinds = {act.type for act in a.acts}
    assert {"killing", "remote_violence"} <= kinds
    # the one harmed is never the bomber
    blast = next(act for act in a.acts if act.type == "remote_violence")
    killed = {v for act in a.acts if act.type == "killing" for v in act.victim_ids}
    assert killed and not killed & set(blast.perpetrator_ids)


def test_a_weapon_merely_named_is_not_an_attack(analyse: Analyse) -> None:
    a = analyse(
        "An investigator of drone strikes, she was pursuing a court case. Her brother was killed years ago."
    )
    assert "remote_violence" not in {act.type for act in a.acts}


def test_pronounced_dead_is_a_death_of_the_one_who_suffered_before(analyse: Analyse) -> None:
    a = analyse("Pickard was tasered by a deputy. He was pronounced dead at a hospital.")
    pickard = next(x.id for x in a.actors if x.name == "Pickard")
    killing = next(act for act in a.acts if act.type == "killing")
    assert killing.victim_ids == [pickard]
    # "declared" alone is no death
    b = analyse("The governor declared a state of emergency after the riots.")
    assert "killing" not in {act.type for act in b.acts}


def test_a_coordinated_passive_takes_the_subject_as_its_patient(analyse: Analyse) -> None:
    a = analyse(
        "Pickard was tasered by a deputy. He stopped breathing and was pronounced dead at a hospital."
    )
    killing = next(act for act in a.acts if act.type == "killing")
    assert killing.victim_ids


def test_an_after_clause_that_tells_an_attack_names_the_agent(analyse: Analyse) -> None:
    a = analyse(
        "A teacher was shot and injured after a drunk man entered the market, demanded money and then opened fire."
    )
    shot = next(act for act in a.acts if act.type == "physical_assault")
    assert {a.types_of(p).perpetrator for p in shot.perpetrator_ids} == {"civilians"}
    # an "after" clause with no attack names no agent
    b = analyse("The activist was arrested after she spoke at a rally.")
    arrest = next(act for act in b.acts if act.type == "arbitrary_detention")
    activist = next(x.id for x in b.actors if x.description == "activist")
    assert activist not in arrest.perpetrator_ids


def test_nobody_killed_in_a_shelling_fired_it(analyse: Analyse) -> None:
    a = analyse("A nurse was killed due to shelling at the local hospital while on duty.")
    nurse = next(x.id for x in a.actors if x.description == "nurse")
    assert all(nurse not in act.perpetrator_ids for act in a.acts)


def test_breaking_up_a_march_the_parser_made_a_verb_is_assembly_interference(analyse: Analyse) -> None:
    a = analyse("Riot police broke up the banned Pride march with tear gas.")
    assert "assembly_interference" in {act.type for act in a.acts}
    b = analyse("Police broke up a fight between two men.")
    assert "assembly_interference" not in {act.type for act in b.acts}
