"""The line classifier: furniture is recognised, story sentences never are."""

from __future__ import annotations

import pytest

from whodid.ingest.boilerplate import classify


@pytest.mark.parametrize(
    "line",
    [
        "Skip to main content",
        "Jump to main content",
        "Region / Country",
        "Home › News › Eastern Europe",
        "Follow us",
        "Follow us on Mastodon",
        "Search: what are you looking for?",
        "Share this",
        "Share on Facebook",
        "Facebook Twitter WhatsApp Email",
        "MORE STORIES",
        "Current location",
        "Your tax deductible gift can help defend activists at risk around the world.",
        "Make a donation",
        "Support our work",
        "Your gift can help free activists in prison.",
        "Donate now",
        "Sign up for our weekly newsletter",
        "We use cookies to improve your experience on this site.",
        "© 2023 Civic Watch. All rights reserved.",
        "Copyright 2019 Darnsk Daily",
        "Protesters gather outside the ministry, May 3, 2021. (Photo: Anna Berg)",
        "Riot police in Darnsk on March 3, 2021. Photo credit: Civic Watch",
        "Smoke over the port of Darnsk on June 1. (Nils Ek/AFP via Getty Images)",
        "Photo: Anna Berg/Civic Watch",
        "4-minute read",
        "* * *",
        "———",
    ],
)
def test_furniture_line_is_boilerplate(line: str) -> None:
    assert classify(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "Police told him to share no video of the arrest with anyone.",
        "Search of the office lasted five hours and officers took two laptops.",
        "Follow-up visits by the family's lawyer were refused.",
        "He said he had donated to the strike fund before his arrest.",
        "The photo, taken by a neighbour, shows officers dragging him to a van.",
        "A court in Darnsk fined the editor for a post about the copyright law.",
        "Officers told the crowd they would search everyone who stayed.",
        "The donations the charity received from abroad were frozen in March.",
        "Home searches were carried out at the homes of six activists.",
        "Darnsk / Veloria: six activists remain in custody after the raid on their homes.",
        "By Staff Reporter",
        "Veloria: Union Organiser Beaten by Police in Darnsk",
        "Europe / Central Asia",
        "Russia | Activist held",
        "“Share what you saw,” the lawyer urged witnesses.",
        "News of the arrest spread quickly among dock workers.",
        "World leaders were silent about the detentions.",
        "Officials who once said they would support our work now call us foreign agents, she said.",
        "Copyright law was used to block the news site in May.",
        "She refused to become a member of the ruling party's youth wing.",
        '"Please give us back our son," his mother told the court.',
        "A gift can help a family pay the lawyer, the union said.",
        "Make a note of every officer's badge number, the lawyer told them.",
    ],
)
def test_story_sentence_is_not_boilerplate(line: str) -> None:
    assert classify(line) is None


def test_long_paragraph_with_a_credit_word_is_kept() -> None:
    paragraph = (
        "Witnesses said the officers seized the camera of a Reuters photographer, and "
        + "then beat the protesters who tried to help him, a scene repeated across the city. " * 5
        + "© marks appeared later on the photos circulated online."
    )
    assert len(paragraph) > 400
    assert classify(paragraph) is None


def test_bare_number_is_only_a_candidate() -> None:
    assert classify("159") == "number"
