"""ACLED sub-event types chosen by the codebook's precedence."""

from __future__ import annotations

from collections.abc import Callable

from whodid.extract.pipeline import Analysis
from whodid.model import to_flat

Analyse = Callable[..., Analysis]


def sub(a: Analysis) -> object:
    assert a.record is not None
    return to_flat(a.record, "t")["acled_sub_event_type"]


def test_background_protest_does_not_make_an_arrest_a_protest_event(analyse: Analyse) -> None:
    text = (
        "Police arrested the union organiser Kemal Arslan at his home on Monday. "
        "Unions had announced protests against the new labour law for next month."
    )
    assert sub(analyse(text)) == "Arrests"


def test_arrests_at_a_protest_are_a_protest_with_intervention(analyse: Analyse) -> None:
    assert sub(analyse("Riot police arrested dozens of protesters during a march against fuel prices.")) == (
        "Protest with intervention"
    )


def test_abduction_by_unidentified_men_beside_a_police_raid(analyse: Analyse) -> None:
    text = (
        "Unidentified men abducted the lawyer Pavel Orlov from his car. Police later detained his assistant."
    )
    assert sub(analyse(text)) == "Abduction/forced disappearance"


def test_a_mob_beating_is_mob_violence(analyse: Analyse) -> None:
    assert sub(analyse("A mob of villagers beat two men accused of theft.")) == "Mob violence"


def test_a_shelling_is_remote_violence(analyse: Analyse) -> None:
    assert sub(analyse("Three children were killed when artillery shells hit their school.")) == (
        "Shelling/artillery/missile attack"
    )
