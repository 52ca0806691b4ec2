"""The filters every listing shares (records, map, API): one parser, one form.

country, act type, perpetrator type, victim type, review state and a date range,
all of which must hold for the same event (see ``Repository.list_records``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from fastapi import HTTPException, Request

from whodid.model.vocab import ACT_TYPES, PERPETRATOR_TYPES, VICTIM_TYPES

REVIEW_STATES = {"to-review": False, "reviewed": True}


@dataclass(frozen=True, slots=True)
class Facets:
    country: str | None = None
    act: str | None = None
    perpetrator_type: str | None = None
    victim_type: str | None = None
    review: str | None = None  # "to-review" or "reviewed"
    date_from: str | None = None
    date_to: str | None = None

    @classmethod
    def from_request(cls, request: Request) -> Facets:
        q = request.query_params

        def get(name: str, limit: int = 64) -> str | None:
            value = (q.get(name) or "").strip()[:limit]
            return value or None

        facets = cls(
            country=(get("country", 3) or "").upper() or None,
            act=get("act"),
            perpetrator_type=get("perpetrator_type"),
            victim_type=get("victim_type"),
            review=get("review") if get("review") in REVIEW_STATES else None,
            date_from=get("from", 10),
            date_to=get("to", 10),
        )
        facets.dates()  # refuse a bad date early, with a clear message
        return facets

    def dates(self) -> tuple[date | None, date | None]:
        return _day(self.date_from), _day(self.date_to)

    def store_filters(self) -> dict[str, Any]:
        """Keyword arguments for ``Repository.list_records`` and ``event_points``."""
        start, end = self.dates()
        return {
            "country": self.country,
            "act_type": self.act,
            "perpetrator_type": self.perpetrator_type,
            "victim_type": self.victim_type,
            "reviewed": REVIEW_STATES.get(self.review or ""),
            "date_from": start,
            "date_to": end,
        }

    def query(self) -> dict[str, str]:
        """The filters as URL query parameters (set ones only)."""
        names = {"date_from": "from", "date_to": "to"}
        return {names.get(k, k): v for k, v in asdict(self).items() if v}

    def active(self) -> list[tuple[str, str]]:
        return list(self.query().items())


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(status_code=400, detail=f"{value!r} is not a date (YYYY-MM-DD)") from None


CHOICES = {"act_types": ACT_TYPES, "perpetrator_types": PERPETRATOR_TYPES, "victim_types": VICTIM_TYPES}
