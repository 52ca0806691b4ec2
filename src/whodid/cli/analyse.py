"""``whodid estimate``: how many victims, documented or not, from the overlap of lists."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from whodid.cli.common import fail, open_repo, out
from whodid.cli.report import _day


def estimate(
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-3 code, e.g. SYR.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Incidents on or after YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Incidents on or before YYYY-MM-DD.")] = None,
    act: Annotated[str | None, typer.Option(help="Act type, e.g. killing.")] = None,
    lists: Annotated[
        list[str] | None,
        typer.Option("--list", help="A list to use (repeat); default: the largest lists, up to --max-lists."),
    ] = None,
    max_lists: Annotated[int, typer.Option(min=2, max=10)] = 5,
    method: Annotated[
        str, typer.Option(help="loglinear (default), lcmcr (Bayesian) or chapman (two lists).")
    ] = "loglinear",
    auto: Annotated[
        bool, typer.Option("--auto", help="Join mentions with the person model, not only reviewed links.")
    ] = False,
    level: Annotated[float, typer.Option(min=0.5, max=0.999, help="Interval coverage.")] = 0.95,
    as_json: Annotated[bool, typer.Option("--json", help="The estimate as JSON.")] = False,
) -> None:
    """Estimate the total number of named victims by multiple systems estimation, with its assumptions."""
    from whodid.analyse.estimate import estimate_victims
    from whodid.store.errors import StoreError
    from whodid.store.statistics import EventFilter

    where = EventFilter(
        country=country.upper() if country else None,
        act_type=act,
        date_from=_day(date_from, "--from"),
        date_to=_day(date_to, "--to"),
    )
    with open_repo() as repo:
        try:
            found = estimate_victims(
                repo, where, method=method, lists=lists, max_lists=max_lists, auto=auto, level=level
            )
        except (ValueError, StoreError) as exc:
            raise fail(f"no estimate: {exc}") from exc
    attached = found.attached()
    if as_json:
        data = found.estimate.to_dict()
        data["assumptions"] = list(attached.assumptions)
        data["lists"] = {"notes": found.lists.notes, "victims_left_out": found.lists.dropped_victims}
        out.print_json(json.dumps(data))
        return
    out.print(found.estimate.report(), highlight=False, markup=False)
    for extra in attached.assumptions[len(found.estimate.assumptions) :]:
        out.print(f"  - {extra}", highlight=False, markup=False)
    for note in found.lists.notes:
        out.print(f"Note: {note}", highlight=False, markup=False)
