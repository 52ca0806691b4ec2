"""Score flat records against gold, by the method of shared/gold-format.md.

Per field, over the cases whose gold has it: the date exact, the country exact,
coordinates within 50 km, the ACLED sub-event type exact, the gold's first
perpetrator type among the predicted types, gold victims by name (token-set
similarity ≥ 90) or type, act types by precision/recall/F1, fatalities exact.
Where ``meta.text_flags`` says the text does not state a fact, a null scores
as right and a guess as wrong: abstaining is the right answer there.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from typing import Any

from whodid.eval.cases import Case


@dataclass
class FieldScore:
    """Hits, trials and the misses of one field."""

    ok: int = 0
    n: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.ok / self.n if self.n else 0.0


@dataclass
class Scores:
    """All fields' scores plus act precision/recall/F1."""

    fields: dict[str, FieldScore] = field(default_factory=dict)
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, name: str, ok: bool, case_id: str, detail: str) -> None:
        s = self.fields.setdefault(name, FieldScore())
        s.n += 1
        s.ok += int(ok)
        if not ok:
            s.misses.append(f"{case_id}: {detail}")

    @property
    def acts_prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _stated(case: Case, flag: str) -> bool:
    return (case.meta.get("text_flags") or {}).get(flag, True) is not False


def is_personal_name(victim: dict[str, Any]) -> bool:
    """A gold victim named as a person ("Ann Lee"), not a group label ("INGO staff")."""
    name = victim.get("name") or ""
    if victim.get("count") != 1 or "(" in name or ":" in name:
        return False
    capitalised = [w for w in re.findall(r"[^\W\d_][\w'.-]*", name) if w[0].isupper()]
    return len(capitalised) >= 2 and victim.get("type") not in ("aid_workers", "protesters", "state_forces")


NAME_MATCH = 90  # token-set similarity (0-100) at which two names are the same person


def name_similarity(gold_name: str, names: list[str]) -> float:
    """The best token-set similarity (0-100) of ``gold_name`` to any of ``names``.

    Computed as the reference scorer (``shared/tools/score.py``) does: word tokens,
    lower-cased, compared as sets with difflib's ratio. rapidfuzz's
    ``token_set_ratio`` measures edits differently and disagreed on names like
    "Andre D. Henry", so the figures here would not match the reference's.
    """
    return max((100 * _token_set(gold_name, n) for n in names), default=0.0)


def _token_set(a: str, b: str) -> float:
    ta = set(re.findall(r"\w+", a.lower()))
    tb = set(re.findall(r"\w+", b.lower()))
    if not ta or not tb:
        return 0.0
    inter = sorted(ta & tb)
    base = " ".join(inter)
    ra = " ".join(inter + sorted(ta - tb))
    rb = " ".join(inter + sorted(tb - ta))
    return max(difflib.SequenceMatcher(None, x, y).ratio() for x, y in ((base, ra), (base, rb), (ra, rb)))


def score_case(s: Scores, case: Case, p: dict[str, Any]) -> None:
    """Add one case's comparisons to ``s``."""
    gold = case.gold
    if not gold or "acts" not in gold:
        return
    cid = case.id
    if gold.get("date"):
        g, v = gold["date"], p.get("date")
        if _stated(case, "date_in_text"):
            s.add("date (stated)", v == g, cid, f"gold {g} got {v}")
        else:
            s.add("date (unstated: null or right)", v in (None, g), cid, f"gold {g} got {v}")
    if gold.get("country"):
        g, v = gold["country"], p.get("country")
        if _stated(case, "country_in_text") or _stated(case, "location_in_text"):
            s.add("country (stated)", v == g, cid, f"gold {g} got {v}")
        else:
            s.add("country (unstated: null or right)", v in (None, g), cid, f"gold {g} got {v}")
    if gold.get("lat") is not None and gold.get("lon") is not None:
        d = None
        if p.get("lat") is not None and p.get("lon") is not None:
            d = km(gold["lat"], gold["lon"], p["lat"], p["lon"])
        detail = f"gold {gold.get('location')} got {p.get('location')} d={None if d is None else round(d)}km"
        if _stated(case, "location_in_text"):
            s.add("place within 50 km (stated)", d is not None and d <= 50, cid, detail)
        else:
            s.add("place (unstated: null or within 50 km)", d is None or d <= 50, cid, detail)
    if gold.get("acled_sub_event_type"):
        g, v = gold["acled_sub_event_type"], p.get("acled_sub_event_type")
        s.add("acled sub-event type", (v or "").lower() == g.lower(), cid, f"gold {g} got {v}")
    gperps = [x for x in gold.get("perpetrators") or [] if x.get("type")]
    if gperps:
        ptypes = {x.get("type") for x in p.get("perpetrators") or []}
        s.add(
            "perpetrator type",
            gperps[0]["type"] in ptypes,
            cid,
            f"gold {gperps[0]['type']} got {sorted(map(str, ptypes))}",
        )
    pv = p.get("victims") or []
    for gv in gold.get("victims") or []:
        if is_personal_name(gv):
            best = name_similarity(gv["name"], [x.get("name") or "" for x in pv])
            s.add(
                "victim named",
                best >= NAME_MATCH,
                cid,
                f"gold {gv['name']} got {[x.get('name') for x in pv]}",
            )
    gvt = [x.get("type") for x in gold.get("victims") or [] if x.get("type")]
    if gvt:
        pvt = {x.get("type") for x in pv}
        s.add("victim type", gvt[0] in pvt, cid, f"gold {gvt[0]} got {sorted(map(str, pvt))}")
    gacts, pacts = set(gold.get("acts") or []), set(p.get("acts") or [])
    if gacts:
        s.tp += len(gacts & pacts)
        s.fp += len(pacts - gacts)
        s.fn += len(gacts - pacts)
        s.add("acts all found", gacts <= pacts, cid, f"gold {sorted(gacts)} got {sorted(pacts)}")
    flags = case.meta.get("text_flags") or {}
    if (
        gold.get("fatalities") is not None
        and _stated(case, "fatalities_in_text")
        and not flags.get("other_casualties_mentioned")
    ):
        g, v = gold["fatalities"], p.get("fatalities")
        s.add("fatalities", v == g, cid, f"gold {g} got {v}")


def score(cases: list[Case], predictions: dict[str, dict[str, Any]]) -> Scores:
    """Score every case that has gold."""
    s = Scores()
    for case in cases:
        score_case(s, case, predictions.get(case.id) or {})
    return s
