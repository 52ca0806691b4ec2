"""The gazetteer: names, aliases, demonyms and ranking (fictional or general-knowledge inputs)."""

from __future__ import annotations

import time

import pytest

from whodid.extract import gazetteer
from whodid.extract.gazetteer import Gazetteer, norm


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return gazetteer.get()


def test_norm_folds_case_diacritics_apostrophes_hyphens() -> None:
    assert norm("Ndélé") == "ndele"
    assert norm("N'Dele") == "ndele"
    assert norm("Nur-Sultan") == "nur sultan"
    assert norm("  The  Hague ") == "hague"


def test_city_has_coordinates_and_country(gz: Gazetteer) -> None:
    best = gz.lookup("Shymkent")[0]
    assert best.country == "KAZ" and best.feature == "city"
    assert best.lat is not None and abs(best.lat - 42.3) < 0.2
    assert best.lon is not None and abs(best.lon - 69.6) < 0.2


def test_renamed_cities_resolve_to_current_name(gz: Gazetteer) -> None:
    assert gz.lookup("Nur-Sultan")[0].name == "Astana"
    assert gz.lookup("Kiev")[0].name == "Kyiv"
    assert gz.lookup("Rangoon")[0].country == "MMR"
    assert gz.lookup("Bombay")[0].name == "Mumbai"


def test_country_context_ranks_first(gz: Gazetteer) -> None:
    assert gz.lookup("Tripoli")[0].country == "LBY"  # the larger one without context
    assert gz.lookup("Tripoli", country="LBN")[0].country == "LBN"
    assert gz.lookup("Paris")[0].country == "FRA"
    assert gz.lookup("Paris", country="USA")[0].country == "USA"
    assert gz.lookup("Georgia")[0].feature == "country"
    assert gz.lookup("Georgia", country="USA")[0].feature == "admin1"


def test_regions_and_us_places(gz: Gazetteer) -> None:
    assert gz.lookup("Borno")[0].country == "NGA"
    assert gz.lookup("California")[0].feature == "admin1"
    county = gz.lookup("Los Angeles County")[0]
    assert county.feature == "county" and county.admin1 == "California" and county.lat is not None


def test_country_names_and_demonyms(gz: Gazetteer) -> None:
    assert gz.country("Russia") == "RUS"
    assert gz.country("Burma") == "MMR"
    assert gz.country("Ivory Coast") == "CIV"
    assert gz.country("Kazakh") == "KAZ"
    assert gz.country("Libyans") == "LBY"
    assert gz.country("Kurdish") is None  # no single country


def test_acronyms_only_in_their_own_case(gz: Gazetteer) -> None:
    assert gz.lookup("US")[0].country == "USA"
    assert gz.lookup("us") == []


def test_generic_region_names_are_flagged(gz: Gazetteer) -> None:
    assert all(c.generic for c in gz.lookup("Unity", feature="admin1"))


def test_unknown_name() -> None:
    assert gazetteer.get().lookup("Qwxzzyville") == []


def test_built_once_and_fast_enough() -> None:
    start = time.perf_counter()
    assert gazetteer.get() is gazetteer.get()
    assert time.perf_counter() - start < 0.01  # cached after the first build
