"""Review: a person accepts, corrects or rejects each suggested value of a record.

:mod:`whodid.review.fields` lists a record's reviewable fields and applies
decisions; the store keeps each decision as a correction (who, when, before,
after) beside the updated record.
"""

from whodid.review.fields import (
    Correction,
    FieldView,
    ReviewError,
    add_act,
    add_victim,
    decide,
    fields,
    min_confidence,
    set_date,
)

__all__ = [
    "Correction",
    "FieldView",
    "ReviewError",
    "add_act",
    "add_victim",
    "decide",
    "fields",
    "min_confidence",
    "set_date",
]
