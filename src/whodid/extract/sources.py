"""The ``sources`` stage: how the report knows (interviews, videos, statements) and who responded.

Sources: "X told Human Rights Watch" is an interview of X by HRW; "a video
posted on Facebook" is a video on Facebook; "according to a statement by Y"
is a statement by Y. Interventions: third parties (embassies, UN bodies,
courts, ministries of other states) that issue statements, call on, condemn or
urge. Both are read from the parse, verb by verb.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from whodid.extract.nlp import entity_at
from whodid.extract.pipeline import Analysis, stage
from whodid.model import Intervention, Provenance, Source

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

MEDIA_NOUNS = {
    "video": "video",
    "footage": "video",
    "recording": "video",
    "clip": "video",
    "photo": "photo",
    "photograph": "photo",
    "image": "photo",
    "post": "social_media",
    "tweet": "social_media",
    "statement": "statement",
    "report": "report",
}
INTERVENTION_VERBS = {
    "condemn": "statement",
    "urge": "appeal",
    "call": "appeal",
    "demand": "appeal",
    "denounce": "statement",
    "express": "statement",
    "issue": "statement",
    "protest": "statement",
    "summon": "diplomatic_action",
}
INTERVENING_HEADS = frozenset(
    {
        "embassy",
        "embassies",
        "ambassador",
        "un",
        "nations",
        "rapporteur",
        "commission",
        "ministry",
        "government",
        "union",
        "council",
        "court",
        "ombudsman",
        "committee",
        "amnesty",
        "watch",
        "organisation",
        "organization",
        "group",
        "federation",
        "office",
        "spokesperson",
        "department",
    }
)
ORG_LABELS = ("ORG", "GPE", "NORP", "PERSON")


def _prov(analysis: Analysis, span: Span) -> Provenance:
    return Provenance(analysis.document.id, span.start_char, span.end_char, span.text)


def _interview(analysis: Analysis, tok: Token) -> Source | None:
    """ "X told Human Rights Watch" / "X said in an interview with Y"."""
    if tok.lemma_.lower() != "tell":
        return None
    listener = next((c for c in tok.children if c.dep_ in ("dative", "dobj")), None)
    speaker = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if listener is None or listener.ent_type_ != "ORG" or speaker is None:
        return None
    ent = entity_at(listener)
    speakers = analysis.actor_at.get(speaker.i)
    informant = speakers[0] if speakers else None
    return Source(
        kind="interview",
        by=ent.text if ent is not None else listener.text,
        informant_id=informant,
        confidence=0.7,
        provenance=_prov(analysis, tok.sent),
    )


def _media(analysis: Analysis, tok: Token) -> Source | None:
    """ "a video posted on Facebook", "footage shared on social media"."""
    kind = MEDIA_NOUNS.get(tok.lemma_.lower())
    if kind is None or tok.pos_ != "NOUN" or kind in ("statement", "report"):
        return None
    where = None
    for t in tok.subtree:
        if t.dep_ == "pobj" and t.head.lower_ in ("on", "via") and t.ent_type_ in ("ORG", "PRODUCT", "GPE"):
            ent = entity_at(t)
            where = ent.text if ent is not None else t.text
    if where is None and not any(c.dep_ in ("acl", "relcl") for c in tok.children):
        return None
    return Source(kind=kind, where=where, confidence=0.6, provenance=_prov(analysis, tok.sent))


def _according_to(analysis: Analysis, tok: Token) -> Source | None:
    if tok.lower_ != "according" or tok.i + 1 >= len(tok.doc) or tok.doc[tok.i + 1].lower_ != "to":
        return None
    to = tok.doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    ent = next(
        (
            e
            for e in tok.doc.ents
            if e.label_ in ORG_LABELS and e.start >= to.i and e.end <= to.right_edge.i + 1
        ),
        None,
    )
    kind = MEDIA_NOUNS.get(pobj.lemma_.lower(), "report")
    by = ent.text if ent is not None else " ".join(t.text for t in pobj.subtree if not t.is_punct)
    return Source(kind=kind, by=by, confidence=0.6, provenance=_prov(analysis, tok.sent))


def _interventions(analysis: Analysis, tok: Token) -> list[Intervention]:
    """Third parties that issue statements, condemn, urge or call on the authorities."""
    kind = INTERVENTION_VERBS.get(tok.lemma_.lower())
    if kind is None or tok.pos_ != "VERB":
        return []
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None and tok.dep_ == "conj":
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if subj is None or (
        subj.lemma_.lower() not in INTERVENING_HEADS and subj.ent_type_ not in ("ORG", "GPE")
    ):
        return []
    if subj.i in analysis.actor_at:  # a perpetrator speaking is not an intervention
        return []
    parties: list[str] = []
    head_text = " ".join(
        t.text for t in subj.subtree if t.dep_ not in ("prep", "pobj", "cc", "punct", "conj", "det")
    )
    of_countries = [
        e
        for e in tok.doc.ents
        if e.label_ == "GPE" and subj.left_edge.i <= e.start and e.end <= subj.right_edge.i + 1
    ]
    if subj.lemma_.lower() in ("embassy", "embassies") and of_countries:
        parties = [f"Embassy of {e.text.removeprefix('the ').strip()}" for e in of_countries]
    else:
        ent = entity_at(subj)
        parties = [ent.text if ent is not None else head_text]
    content = None
    for t in tok.subtree:
        if t.is_quote:
            continue
        if (
            t.dep_ == "pobj"
            and t.head.lower_ == "of"
            and t.head.head.lemma_.lower() in ("statement", "concern")
        ):
            content = " ".join(x.text for x in t.subtree if not x.is_punct and not x.is_quote)
            break
    if tok.dep_ == "conj" and tok.head.lemma_.lower() in INTERVENTION_VERBS:
        return []  # the first verb of "issued statements ... and called on" already counted
    return [
        Intervention(
            party=p, kind=kind, content=content, confidence=0.6, provenance=_prov(analysis, tok.sent)
        )
        for p in parties
    ]


@stage("sources")
def find_sources(analysis: Analysis) -> Analysis:
    """Fill ``analysis.sources`` and ``analysis.interventions``."""
    if analysis.doc is None:
        raise ValueError("the sources stage needs the nlp stage first")
    for tok in analysis.doc:
        for reader in (_interview, _media, _according_to):
            found = reader(analysis, tok)
            if found is not None:
                analysis.sources.append(found)
        analysis.interventions.extend(_interventions(analysis, tok))
    return analysis
