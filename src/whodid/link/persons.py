"""Person linkage: one person named in many reports, in many spellings and scripts.

A row is one mention of a named person in one report: the name, the role they
had (victim, witness, perpetrator...), their affiliation, the country and date of
the incident, and the names of the others the report mentions (co-occurrence:
two "Asel Nurova"s detained with the same three people are one person; two
detained a year apart in different countries likely are not).

Names are compared through :mod:`whodid.link.names` keys (folded Latin for
Jaro-Winkler, consonant skeletons across scripts), so "Секербаева" and
"Sekerbayeva" reach the same level as an exact match of the skeleton, and Splink
learns what that level is worth.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from whodid.link.comparisons import exact, overlap
from whodid.link.engine import Spec
from whodid.link.names import latin, skeleton, skeleton_tokens, sorted_skeleton


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One mention of a named person; ``id`` is unique in the table (``document:actor``)."""

    id: str
    name: str
    role: str | None
    affiliation: str | None
    country: str | None
    day: date | None
    others: tuple[str, ...] = ()
    document: str | None = None  # two mentions in one report are two people


def frame(rows: Iterable[PersonRow]) -> pd.DataFrame:
    """The table Splink reads: the rows and the keys derived from their names."""
    records = []
    for r in rows:
        words = skeleton_tokens(r.name)
        latin_words = (latin(r.name) or "").split()
        others = sorted({t for o in r.others for t in skeleton_tokens(o)} - set(words))
        records.append(
            {
                "unique_id": r.id,
                "name": r.name,
                "name_latin": latin(r.name),
                "name_skel": skeleton(r.name),
                "name_sorted": sorted_skeleton(r.name),
                "name_tokens": words or None,
                "token_pairs": [
                    f"{a} {b}" for i, a in enumerate(sorted(words)) for b in sorted(words)[i + 1 :]
                ]
                or None,
                "given_skel": words[0] if len(words) > 1 else None,
                "family_skel": words[-1] if words else None,
                "family_latin": latin_words[-1] if latin_words else None,
                "document": r.document,
                "role": r.role,
                "affiliation": latin(r.affiliation),
                "country": r.country,
                "day": r.day,
                "month": r.day.isoformat()[:7] if r.day else None,
                "year": r.day.year if r.day else None,
                "others": others or None,
                "others_named": sorted(set(r.others)) or None,  # shown to reviewers, not compared
            }
        )
    columns = [
        "unique_id",
        "name",
        "name_latin",
        "name_skel",
        "name_sorted",
        "name_tokens",
        "token_pairs",
        "given_skel",
    ]
    columns += [
        "family_skel",
        "family_latin",
        "document",
        "role",
        "affiliation",
        "country",
        "day",
        "month",
        "year",
        "others",
        "others_named",
    ]
    table = pd.DataFrame.from_records(records, columns=columns)
    table["day"] = pd.to_datetime(table["day"])
    table["year"] = table["year"].astype("Int64")
    return table


def spec() -> Spec:
    """Comparisons, blocking rules and training plan of person linkage."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    name = cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("name_latin"),
            # term-frequency adjusted: a common name agreeing says less than a rare one
            cll.ExactMatchLevel("name_latin").configure(
                label_for_charts="same name in Latin letters", tf_adjustment_column="name_latin"
            ),
            cll.ExactMatchLevel("name_skel").configure(
                label_for_charts="same consonants (spelling or script)", tf_adjustment_column="name_skel"
            ),
            cll.ExactMatchLevel("name_sorted").configure(label_for_charts="same words, another order"),
            cll.JaroWinklerLevel("name_latin", 0.92).configure(
                label_for_charts="nearly the same (JW ≥ 0.92)"
            ),
            cll.JaroWinklerLevel("name_skel", 0.9).configure(label_for_charts="nearly the same consonants"),
            cll.ArrayIntersectLevel("name_tokens", 2).configure(label_for_charts="two words in common"),
            cll.And(cll.ExactMatchLevel("family_skel"), cll.ArraySubsetLevel("name_tokens")).configure(
                label_for_charts="one name is part of the other"
            ),
            cll.JaroWinklerLevel("family_latin", 0.9).configure(label_for_charts="similar family name"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            name,
            exact("role", "same role", "another role"),
            cl.CustomComparison(
                output_column_name="affiliation",
                comparison_levels=[
                    cll.NullLevel("affiliation"),
                    cll.ExactMatchLevel("affiliation").configure(label_for_charts="same affiliation"),
                    cll.JaroWinklerLevel("affiliation", 0.9).configure(
                        label_for_charts="similar affiliation"
                    ),
                    cll.ElseLevel().configure(label_for_charts="another affiliation"),
                ],
            ),
            exact("country", "same country", "another country"),
            cl.CustomComparison(
                output_column_name="day",
                comparison_levels=[
                    cll.NullLevel("day"),
                    cll.ExactMatchLevel("day").configure(label_for_charts="same day"),
                    cll.AbsoluteDateDifferenceLevel(
                        "day", input_is_string=False, threshold=1, metric="day"
                    ).configure(label_for_charts="a day apart"),
                    cll.AbsoluteDateDifferenceLevel(
                        "day", input_is_string=False, threshold=30, metric="day"
                    ).configure(label_for_charts="within a month"),
                    cll.ElseLevel().configure(label_for_charts="further apart"),
                ],
            ),
            overlap(
                "others",
                {2: "two or more others named in both", 1: "one other named in both"},
                "nobody else in common",
            ),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("name_skel"),
            block_on("family_skel", "country", "year"),
            block_on("name_sorted"),
            # a word in common in the same country and month: typos, dropped and swapped names
            block_on("name_tokens", "country", "month", arrays_to_explode=["name_tokens"]),
            # two words in common: a name given in full in one report, in part in another
            # (a pair of words is rare enough to need no date, which one report may lack)
            block_on("token_pairs", "country", arrays_to_explode=["token_pairs"]),
        ],
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=["name", "document", "others_named"],
    )
    return Spec(
        name="persons",
        settings=settings.create_settings_dict("duckdb"),
        prior_rules=[block_on("name_skel", "day", "country")],
        # two mentions of one person share skeleton, day and country perhaps 2 times
        # in 5: scripts and typos change the skeleton, dates go missing or slip a day
        prior_recall=0.4,
        em_rules=[block_on("name_skel"), block_on("affiliation", "country")],
        shown={
            "name": ["name"],
            "role": ["role"],
            "affiliation": ["affiliation"],
            "country": ["country"],
            "day": ["day"],
            "others": ["others_named"],
        },
        apart="document",
        # a pair needs even odds to join its clusters, and two clusters a mean of 0.4
        # over all their pairs: chosen on generated reports (benchmarks/linkage.py)
        # and checked on seeds other than its own; the same for persons and events
        threshold=0.5,
        cohesion=0.4,
    )
