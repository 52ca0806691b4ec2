"""The gazetteer: names, aliases, demonyms and ranking (fictional or general-knowledge inputs)."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path
from typing import Any

import pytest

from whodid.extract.places import cache, gazetteer
from whodid.extract.places.gazetteer import Gazetteer
from whodid.extract.places.keys import norm


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


def test_compass_regions_also_written_as_one_word(gz: Gazetteer) -> None:
    assert {c.country for c in gz.lookup("Northwest", feature="admin1")} >= {"CMR", "ZAF"}


def test_common_region_spellings(gz: Gazetteer) -> None:
    assert gz.lookup("Tigray")[0].country == "ETH"
    assert gz.lookup("Lower Shabelle")[0].country == "SOM"


def test_country_cues_are_loaded(gz: Gazetteer) -> None:
    assert gz.country_cues["payam"] == "SSD"
    assert gz.country_cues["MINUSCA"] == "CAF"


def test_tables_are_cached_on_disk_and_read_back(tmp_path: Path) -> None:
    built = Gazetteer(cache=tmp_path)
    assert built.loaded_from.startswith(str(tmp_path))
    files = list(tmp_path.glob("gazetteer-*.bin"))
    assert len(files) == 1 and not list(tmp_path.glob(".gazetteer-*"))  # no temporary left
    start = time.perf_counter()
    loaded = Gazetteer(cache=tmp_path)
    assert time.perf_counter() - start < 0.5
    assert loaded.loaded_from == str(files[0])
    assert loaded.lookup("Shymkent") == built.lookup("Shymkent")
    assert loaded.lookup("Kiev")[0].name == "Kyiv"
    assert len(loaded) == len(built)


def test_corrupt_or_stale_cache_is_rebuilt(tmp_path: Path) -> None:
    key = cache.cache_key(gazetteer.DEFAULT_MIN_POPULATION)
    (tmp_path / f"gazetteer-{key}.bin").write_bytes(b"WHODIDGZ" + key.encode() + b"\nnot marshal")
    (tmp_path / "gazetteer-0000.bin").write_bytes(b"old")
    g = Gazetteer(cache=tmp_path)
    assert g.lookup("Almaty")[0].country == "KAZ"
    assert [p.name for p in tmp_path.glob("gazetteer-*.bin")] == [f"gazetteer-{key}.bin"]


def test_unwritable_cache_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")  # a file where the folder should be: mkdir fails
    g = Gazetteer(cache=blocker / "sub")
    assert g.loaded_from == "built"
    assert g.lookup("Almaty")[0].country == "KAZ"
    assert Gazetteer(cache=False).loaded_from == "built"


def test_cache_dir_follows_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("WHODID_CACHE_DIR", raising=False)
    monkeypatch.delenv("WHODID_GAZETTEER_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "whodid"
    monkeypatch.setenv("WHODID_CACHE_DIR", str(tmp_path / "x"))
    assert cache.cache_dir() == tmp_path / "x"
    monkeypatch.setenv("WHODID_GAZETTEER_CACHE", "off")
    assert cache.cache_dir() is None


def _load_counting_builds(folder: str, builds: str) -> str:
    """In a child process: load the gazetteer from ``folder``, leaving a file in ``builds``
    for each build of the tables."""
    original = cache.build_tables

    def counted(min_population: int) -> dict[str, Any]:
        (Path(builds) / f"build-{multiprocessing.current_process().pid}").touch()
        return original(min_population)

    cache.build_tables = counted  # type: ignore[assignment]
    return Gazetteer(cache=Path(folder)).loaded_from


def test_processes_starting_together_build_the_tables_once(tmp_path: Path) -> None:
    folder, builds = tmp_path / "cache", tmp_path / "builds"
    builds.mkdir()
    # spawn: fresh interpreters, like worker processes, with nothing loaded yet
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        loaded = pool.starmap(_load_counting_builds, [(str(folder), str(builds))] * 2)
    key = cache.cache_key(gazetteer.DEFAULT_MIN_POPULATION)
    assert loaded == [str(folder / f"gazetteer-{key}.bin")] * 2  # both read the cache
    assert len(list(builds.iterdir())) == 1  # one built it, the other waited
    assert (folder / "gazetteer.lock").exists()
