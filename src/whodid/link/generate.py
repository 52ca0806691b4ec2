"""Realistic duplicate reports with known truth, to measure linkage.

Linkage cannot be measured on the store: nobody knows which of its records are
the same person. So this module invents a population (people in incidents,
each incident reported one to several times) and writes each report's mention
of a person the way sources differ in practice:

- the name in its own script or romanised by one of two systems that disagree
  (Cyrillic "х" as kh or h, "ж" as zh or j, "е" as e or ye; Arabic written
  without short vowels, or romanised with one of a person's habitual spellings);
- typing slips (a letter dropped, doubled, swapped or replaced), the given name
  left out, given and family names in the other order;
- the date a day off or missing, the affiliation missing;
- the incident re-told with a place a few kilometres off or only its region,
  acts and victims partly told, the death toll differing.

Every name is built from syllables, so no real person's name is used. The
generator is seeded: the same arguments give the same data.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from whodid.link.events import EventRow
    from whodid.link.persons import PersonRow

# --- names ---------------------------------------------------------------------------

_CYR_GIVEN_M = ["Алек", "Тим", "Руст", "Арм", "Бек", "Дан", "Ерл", "Жан", "Мар", "Нурл", "Ол", "Сер", "Асх",
                "Бор", "Вад", "Гер", "Дам", "Иль", "Кан", "Лев", "Мир", "Пав", "Рав", "Суль", "Тал", "Фар"]  # fmt: skip
_CYR_GIVEN_F = ["Айг", "Гул", "Дин", "Жан", "Ирин", "Кам", "Лейл", "Мад", "Натал", "Сау", "Ул", "Юл",
                "Алс", "Бах", "Вер", "Гал", "Зар", "Кар", "Лар", "Мал", "Нар", "Рим", "Свет", "Там"]  # fmt: skip
_CYR_GIVEN_END_M = ["ан", "ур", "ем", "ет", "ик", "ей", "ат", "ий"]
_CYR_GIVEN_END_F = ["ара", "ина", "ия", "ель", "ая", "ана", "иза"]
_CYR_SYL = [
    "Се", "кер", "ба", "Жу", "ма", "Ка", "сым", "Ту", "лен", "Ах", "ме", "Ис", "ка", "Хал", "ил",
    "Ор", "аз", "Бер", "ик", "Щу", "кин", "Ты", "нов", "Ем", "ель", "Яр", "ош", "Ус", "ен", "Гри",
    "Цой", "Ча", "бан", "Фе", "дор", "Ль", "вов", "Мо", "роз", "Ша", "хин", "Ба", "гир", "Во",
    "лод", "Го", "рен", "Де", "мил", "За", "кир", "Ки", "рил", "Ла", "зар", "Ми", "наш", "На", "рим",
    "По", "лат", "Ра", "хим", "Со", "бол", "Та", "гай",
]  # fmt: skip
_CYR_FAMILY_END = ["ов", "ев", "ин", "баев", "енко", "ский", "ук"]

# Cyrillic romanisations that differ where real ones do (ISO-9-like vs BGN/PCGN-like)
_ROM_A = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", [
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
    "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
], strict=True))  # fmt: skip
_ROM_B = dict(_ROM_A, е="ye", ж="j", х="h", й="i", ц="c", щ="sch", ю="iu", я="ia", ы="i")

# Arabic consonants with their usual romanisations
_AR_CONS = [
    ("م", ["m"]), ("ح", ["h"]), ("د", ["d"]), ("س", ["s"]), ("ن", ["n"]), ("ر", ["r"]), ("ك", ["k"]),
    ("ل", ["l"]), ("ب", ["b"]), ("ع", ["", "'"]), ("ف", ["f"]), ("خ", ["kh", "kh"]), ("ق", ["q", "k"]),
    ("ج", ["j", "dj", "g"]), ("ش", ["sh", "ch"]), ("ز", ["z"]), ("ط", ["t"]), ("و", ["w", "ou"]),
]  # fmt: skip
_AR_PATTERNS = [("a", "i"), ("a", "a"), ("u", "a"), ("a", "ee"), ("o", "a"), ("i", "a"), ("e", "e")]

_LAT_SYL = ["Ma", "ri", "Go", "mez", "Lu", "ci", "Ra", "mon", "Pe", "dro", "Ca", "sta", "Ve", "ga", "Qui",
            "ro", "Ur", "be", "So", "lis", "Val", "dez", "Tor", "res", "Me", "lo", "Ga", "ray", "Bri", "to",
            "Al", "var", "Ben", "ta", "Cor", "des", "Du", "ran", "Es", "pin", "Fi", "gue", "Gal", "leg",
            "Her", "nan", "I", "ba", "Ja", "ra", "Lo", "pez", "Mu", "noz", "Na", "var", "O", "tal"]  # fmt: skip
_LAT_GIVEN = ["Alba", "Bruno", "Celia", "Dario", "Elena", "Fabio", "Gisela", "Hugo", "Ines", "Joel",
              "Karla", "Lino", "Marta", "Nico", "Olga", "Pablo", "Rosa", "Saul", "Tania", "Ulises",
              "Abel", "Berta", "Cesar", "Delia", "Efren", "Flor", "Gael", "Hilda", "Ivan", "Julia",
              "Kevin", "Lidia", "Mario", "Nora", "Oscar", "Paula", "Ramon", "Sara", "Tomas", "Vera",
              "Wilmer", "Ximena", "Yolanda", "Zoila", "Adan", "Blanca", "Camilo", "Diana", "Emilio", "Fanny"]  # fmt: skip

COUNTRIES = ["KAZ", "UZB", "KGZ", "TJK", "SYR", "IRQ", "EGY", "LBY", "COL", "MEX", "PER", "GTM"]
_SCRIPT_OF = {"KAZ": "cyr", "UZB": "cyr", "KGZ": "cyr", "TJK": "cyr", "SYR": "ar", "IRQ": "ar",
              "EGY": "ar", "LBY": "ar", "COL": "lat", "MEX": "lat", "PER": "lat", "GTM": "lat"}  # fmt: skip
_CENTRES = {"KAZ": (48.0, 67.0), "UZB": (41.3, 64.5), "KGZ": (41.4, 74.8), "TJK": (38.8, 71.2),
            "SYR": (35.0, 38.5), "IRQ": (33.2, 43.7), "EGY": (26.8, 30.8), "LBY": (27.0, 17.2),
            "COL": (4.6, -74.1), "MEX": (23.6, -102.5), "PER": (-9.2, -75.0), "GTM": (15.8, -90.2)}  # fmt: skip
ROLES = ["victim", "victim", "victim", "witness", "perpetrator", "source"]
ACTS = ["killing", "arbitrary_detention", "torture", "abduction", "assault", "threat", "sexual_violence"]
PERPETRATORS = ["police", "military", "non_state_armed_group", "unidentified", "state_security"]
_ORGS = ["Committee", "Union", "Network", "Front", "Movement", "Council", "Association", "League"]


@dataclass(slots=True)
class _Person:
    id: int
    script: str
    native: str  # the name in its own script
    spellings: list[str]  # habitual Latin spellings
    role: str
    affiliation: str | None


@dataclass(slots=True)
class _Incident:
    id: int
    country: str
    admin1: str
    day: date
    lat: float
    lon: float
    acts: list[str]
    perpetrator: str
    fatalities: int
    people: list[_Person] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Mention:
    """One report's mention of one person; ``person`` and ``incident`` are the truth."""

    id: int
    report: int
    person: int
    incident: int
    name: str
    role: str
    affiliation: str | None
    country: str
    day: date | None
    others: tuple[str, ...]  # the names of the other people the same report mentions

    def row(self) -> PersonRow:
        """The mention as person linkage reads it (its report is its document)."""
        from whodid.link.persons import PersonRow

        return PersonRow(
            str(self.id),
            self.name,
            self.role,
            self.affiliation,
            self.country,
            self.day,
            self.others,
            str(self.report),
        )


@dataclass(frozen=True, slots=True)
class Report:
    """One report's telling of an incident; ``incident`` is the truth."""

    id: int
    incident: int
    country: str
    admin1: str | None
    day: date | None
    precision: str  # day or month
    lat: float | None
    lon: float | None
    acts: tuple[str, ...]
    perpetrators: tuple[str, ...]
    victims: tuple[str, ...]
    fatalities: int | None

    def row(self) -> EventRow:
        """The report as event linkage reads it (one event, its own document)."""
        from whodid.link.events import EventRow

        return EventRow(
            str(self.id),
            self.day,
            self.precision,
            self.country,
            self.admin1,
            self.lat,
            self.lon,
            self.acts,
            self.perpetrators,
            self.victims,
            self.fatalities,
            str(self.id),
        )


def _romanise(text: str, table: dict[str, str]) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        if low in table:
            rom = table[low]
            out.append(rom.capitalize() if ch != low else rom)
        else:
            out.append(ch)
    return "".join(out)


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def person(self, pid: int, country: str) -> _Person:
        rng = self.rng
        script = _SCRIPT_OF[country]
        if script == "cyr":
            female = rng.random() < 0.5
            given = rng.choice(_CYR_GIVEN_F if female else _CYR_GIVEN_M) + rng.choice(
                _CYR_GIVEN_END_F if female else _CYR_GIVEN_END_M
            )
            family = rng.choice(_CYR_SYL) + rng.choice(_CYR_SYL).lower() + rng.choice(_CYR_FAMILY_END)
            family = family[0].upper() + family[1:]
            if female and family.endswith(("ов", "ев", "ин")):
                family += "а"
            native = f"{given} {family}"
            spellings = [_romanise(native, _ROM_A), _romanise(native, _ROM_B)]
        elif script == "ar":
            words = [self._arabic_word() for _ in range(rng.choice((2, 2, 3)))]
            native = " ".join(w[0] for w in words)
            spellings = [" ".join(w[1][k % len(w[1])] for w in words) for k in range(3)]
        else:
            given = rng.choice(_LAT_GIVEN)
            family = "".join(rng.choice(_LAT_SYL) for _ in range(2)).capitalize()
            second = "".join(rng.choice(_LAT_SYL) for _ in range(2)).capitalize()
            native = f"{given} {family} {second}"
            spellings = [native, f"{given} {family}"]
        affiliation = None
        if rng.random() < 0.6:
            affiliation = f"{rng.choice(_ORGS)} of {''.join(rng.choice(_LAT_SYL) for _ in range(2)).title()}"
        return _Person(pid, script, native, spellings, rng.choice(ROLES), affiliation)

    def _arabic_word(self) -> tuple[str, list[str]]:
        rng = self.rng
        root = rng.sample(_AR_CONS, 3)
        long_vowel = rng.choice(["", "ا", "ي", "و"])
        native = root[0][0] + root[1][0] + long_vowel + root[2][0]
        spellings = []
        for _ in range(3):
            v1, v2 = rng.choice(_AR_PATTERNS)
            c = [rng.choice(letters) for _, letters in root]
            spellings.append((c[0] + v1 + c[1] + v2 + c[2]).capitalize().lstrip("'").capitalize())
        if rng.random() < 0.3:
            native = "ال" + native
            spellings = [rng.choice(["al-", "el-", "Al "]) + s for s in spellings]
        return native, spellings


def _typo(rng: random.Random, name: str) -> str:
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    if len(letters) < 4:
        return name
    i = rng.choice(letters[1:])
    kind = rng.randrange(4)
    if kind == 0:
        return name[:i] + name[i + 1 :]
    if kind == 1:
        return name[:i] + name[i] + name[i:]
    if kind == 2 and i + 1 < len(name) and name[i + 1].isalpha():
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    # a slip stays in the name's own script: a letter of the name itself
    return name[:i] + name[rng.choice(letters)].lower() + name[i + 1 :]


def _written(rng: random.Random, person: _Person) -> str:
    """How one report writes ``person``'s name."""
    native_share = {"cyr": 0.35, "ar": 0.3, "lat": 0.0}[person.script]
    name = person.native if rng.random() < native_share else rng.choice(person.spellings)
    parts = name.split()
    r = rng.random()
    if r < 0.08 and len(parts) > 1:
        name = parts[-1] if person.script == "cyr" else " ".join(parts[:2])
    elif r < 0.16 and len(parts) > 1:
        name = " ".join([parts[-1], *parts[:-1]])
    if rng.random() < 0.12:
        name = _typo(rng, name)
    return name


def _incidents(rng: random.Random, count: int, start_id: int = 0) -> Iterator[_Incident]:
    names = _Names(rng)
    pid = start_id * 4
    first = date(2022, 1, 1)
    for i in range(start_id, start_id + count):
        country = rng.choice(COUNTRIES)
        clat, clon = _CENTRES[country]
        region = rng.randrange(12)
        lat = clat + (region // 4 - 1) * 1.5 + rng.uniform(-0.5, 0.5)
        lon = clon + (region % 4 - 1.5) * 1.5 + rng.uniform(-0.5, 0.5)
        inc = _Incident(
            i,
            country,
            f"{country}-R{region}",
            first + timedelta(days=rng.randrange(1460)),
            lat,
            lon,
            rng.sample(ACTS, rng.choice((1, 1, 2, 3))),
            rng.choice(PERPETRATORS),
            rng.choice((0, 0, 0, 1, 1, 2, 3, 5, 8)),
        )
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
            inc.people.append(names.person(pid, country))
            pid += 1
        yield inc


def _reports_per_incident(rng: random.Random) -> int:
    return rng.choice((1, 1, 2, 2, 2, 3, 3, 4))


def mentions(count: int, seed: int = 7) -> list[Mention]:
    """About ``count`` person mentions across reports of generated incidents."""
    rng = random.Random(seed)
    found: list[Mention] = []
    report = 0
    batch = 0
    while len(found) < count:
        for inc in _incidents(rng, 1000, start_id=batch * 1000):
            for _ in range(_reports_per_incident(rng)):
                told = [p for p in inc.people if rng.random() < 0.9] or inc.people[:1]
                written = {p.id: _written(rng, p) for p in told}
                for p in told:
                    day = None
                    if rng.random() > 0.1:
                        day = inc.day + timedelta(days=rng.choice((0,) * 8 + (1, -1)))
                    found.append(
                        Mention(
                            len(found),
                            report,
                            p.id,
                            inc.id,
                            written[p.id],
                            p.role if rng.random() > 0.05 else rng.choice(ROLES),
                            p.affiliation if rng.random() > 0.4 else None,
                            inc.country,
                            day,
                            tuple(n for q, n in written.items() if q != p.id),
                        )
                    )
                report += 1
        batch += 1
    return found[:count]


def reports(count: int, seed: int = 11) -> list[Report]:
    """About ``count`` reports of generated incidents, each incident told 1-4 times."""
    rng = random.Random(seed)
    found: list[Report] = []
    batch = 0
    while len(found) < count:
        for inc in _incidents(rng, 1000, start_id=batch * 1000):
            for _ in range(_reports_per_incident(rng)):
                found.append(_retell(rng, inc, len(found)))
        batch += 1
    return found[:count]


def _retell(rng: random.Random, inc: _Incident, rid: int) -> Report:
    day: date | None = inc.day + timedelta(days=rng.choice((0,) * 8 + (1, -1)))
    precision = "day"
    if rng.random() < 0.08:
        precision = "month"
    elif rng.random() < 0.05:
        day = None
    lat: float | None = inc.lat + rng.gauss(0, 0.02)
    lon: float | None = inc.lon + rng.gauss(0, 0.02)
    if rng.random() < 0.15:
        lat = lon = None
    acts = tuple(a for a in inc.acts if rng.random() < 0.85) or (inc.acts[0],)
    victims = tuple(_written(rng, p) for p in inc.people if p.role == "victim" and rng.random() < 0.8)
    fatalities = None if rng.random() < 0.2 else max(0, inc.fatalities + rng.choice((0, 0, 0, 1, -1)))
    perps = (inc.perpetrator,) if rng.random() < 0.9 else ("unidentified",)
    return Report(
        rid,
        inc.id,
        inc.country,
        inc.admin1 if rng.random() < 0.9 else None,
        day,
        precision,
        lat,
        lon,
        acts,
        perps,
        victims,
        fatalities,
    )
