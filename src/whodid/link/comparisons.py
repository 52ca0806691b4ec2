"""Splink comparisons whose levels are labelled in words a reviewer reads.

The review page shows, for each field, the level a pair reached ("one other
person named in both"); Splink's own labels are SQL-ish ("Array intersection
size >= 1"). These builders make the usual comparisons with plain labels.
"""

from __future__ import annotations

from typing import Any


def exact(column: str, same: str, different: str) -> Any:
    """Null, equal, else."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column).configure(label_for_charts=same),
            cll.ElseLevel().configure(label_for_charts=different),
        ],
    )


def overlap(column: str, sizes: dict[int, str], none: str) -> Any:
    """Null, then arrays sharing at least each size of elements (largest first), else."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            cll.NullLevel(column),
            *(
                cll.ArrayIntersectLevel(column, size).configure(label_for_charts=label)
                for size, label in sorted(sizes.items(), reverse=True)
            ),
            cll.ElseLevel().configure(label_for_charts=none),
        ],
    )
