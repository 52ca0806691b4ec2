"""Repair the lemmas of domain verbs that the statistical lemmatizer gets wrong.

en_core_web_md lemmatizes "raped" as "rap", "fined" as "fin" and "tasered" as
"tasere": it strips a suffix by rule and keeps whatever its lookup tables know.
Every stage reads acts from lemmas, so one wrong lemma loses the act. This
component runs after the lemmatizer and, for inflected verb forms only, tries
the regular English un-inflections ("-d", "-ed", doubled consonant, "-ing" with
and without "e", "-ies"/"-ied") against the project's act vocabulary; the first
candidate that is a known domain verb wins. Anything else keeps spaCy's lemma.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

COMPONENT = "whodid_domain_lemmas"
INFLECTED_TAGS = frozenset({"VBD", "VBN", "VBG", "VBZ", "VBP"})


@lru_cache(maxsize=1)
def domain_verbs() -> frozenset[str]:
    """Every verb lemma an extraction stage looks up."""
    from whodid.extract import vocab_acts as v

    return frozenset(
        lemma
        for lemma in (
            *v.VERB_ACTS,
            *v.PERSON_SEIZING_VERBS,
            *v.HOLDING_VERBS,
            *v.HARM_VERBS,
            *v.DEATH_VERBS,
            *v.TAKING_VERBS,
            *v.JUDICIAL_VERBS,
            *v.FORCING_VERBS,
            *v.LEAVING_VERBS,
        )
        if " " not in lemma
    )


def candidates(form: str) -> Iterator[str]:
    """Base forms a regular inflection of ``form`` may come from, most likely first."""
    if form.endswith("ied") or form.endswith("ies"):
        yield form[:-3] + "y"
    if form.endswith("ed"):
        yield form[:-1]  # raped -> rape
        yield form[:-2]  # tasered -> taser
        if len(form) > 4 and form[-3] == form[-4]:
            yield form[:-3]  # stabbed -> stab
    if form.endswith("ing"):
        yield form[:-3] + "e"  # raping -> rape
        yield form[:-3]
        if len(form) > 5 and form[-4] == form[-5]:
            yield form[:-4]
    if form.endswith("es"):
        yield form[:-1]
        yield form[:-2]
    elif form.endswith("s"):
        yield form[:-1]


@Language.component(COMPONENT)
def repair_lemmas(doc: Doc) -> Doc:
    """Set the lemma of inflected verbs whose regular base form is a domain verb."""
    verbs = domain_verbs()
    for tok in doc:
        if tok.tag_ not in INFLECTED_TAGS or tok.lemma_.lower() in verbs:
            continue
        for base in candidates(tok.lower_):
            if base in verbs:
                tok.lemma_ = base
                break
    return doc


def add_to(nlp: Language) -> None:
    """Add the repair after the lemmatizer (once)."""
    if COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, after="lemmatizer" if "lemmatizer" in nlp.pipe_names else None)
