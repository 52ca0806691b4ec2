"""The ``actors`` stage: find the people and groups a report talks about.

Three kinds of mention become :class:`~whodid.model.Actor` objects:

* named persons (spaCy PERSON entities, plus proper-name spans the model
  mislabels, recognised because they are conjoined with or share a surname
  with a PERSON), clustered so "Sekerbaeva" joins "Zhanar Sekerbaeva";
* noun phrases whose head noun is in the actor lexicon ("a police officer",
  "unidentified men", "five police officers", "another man"), with counts from
  numerals and number words, and definite references ("the officer") joined
  to the last compatible mention;
* named organisations of known type ("Luoyang police", "Boko Haram").

Roles are not decided here: the ``acts`` stage makes an actor a perpetrator or
a victim from the clause it appears in. This stage records, per token, which
actors a mention stands for (``Analysis.actor_at``), and both the type the
actor would have as a perpetrator and as a victim.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from whodid.extract.groups import known_groups, named_group_type
from whodid.extract.nlp import entity_at, text_of
from whodid.extract.phrases import (
    count_of,
    modifier_lemmas,
    number_of,
    perpetrator_type,
    phrase_tokens,
    victim_type,
)
from whodid.extract.pipeline import ActorTypes, Analysis, stage
from whodid.extract.places import gazetteer
from whodid.extract.vocab_actors import (
    GENERIC_PERSON_HEADS,
    HONORIFICS,
    MALE_HEADS,
    PERPETRATOR_HEADS,
    PERSON_TITLES,
    STATE_MODIFIERS,
    VICTIM_HEADS,
)
from whodid.model import Actor, Provenance

# "a female staff member": the modifier gives the sex that pronouns agree with
SEX_WORDS = {"female": "female", "male": "male", "woman": "female", "man": "male"}

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


class _Builder:
    """Creates actors and records their mentions, keyed so repeated mentions join one actor."""

    def __init__(self, analysis: Analysis) -> None:
        self.a = analysis
        self.doc = analysis.doc
        self.counter = 0
        self.by_key: dict[str, str] = {}

    def new_actor(self, span: Span, *, name: str | None, description: str | None, **kw: object) -> Actor:
        self.counter += 1
        actor = Actor(
            id=f"a{self.counter}",
            name=" ".join(name.split()) if name else None,  # a name can wrap across a line
            description=description,
            provenance=Provenance(self.a.document.id, span.start_char, span.end_char, span.text),
            **kw,  # type: ignore[arg-type]
        )
        self.a.actors.append(actor)
        self.a.actor_spans[actor.id] = []
        return actor

    def mention(self, actor_id: str, span: Span, head_i: int) -> None:
        self.a.actor_spans[actor_id].append(span)
        ids = self.a.actor_at.setdefault(head_i, [])
        if actor_id not in ids:
            ids.append(actor_id)


def joined(words: list[Token]) -> str:
    """Tokens as the text wrote them: "anti-government elements", not "anti - government"."""
    out = ""
    for prev, tok in zip([None, *words], words, strict=False):
        if prev is not None and (prev.whitespace_ or tok.i != prev.i + 1):
            out += " "
        out += tok.text
    return out


def _group_head(span: Span) -> str | None:
    """The actor type of a "name" that ends in a plural group noun ("Murle Tribesmen",
    "Wagner Fighters"), which the model took for a person; None for a person's name."""
    if len(span) < 2:
        return None
    last = span[-1].lower_
    if last.endswith("man"):  # "Murle Tribesman": -man nouns are never surnames in the lexicon
        return PERPETRATOR_HEADS.get(last)
    if not last.endswith("s") and not last.endswith("men"):
        return None
    singular = last[:-3] + "man" if last.endswith("men") else last[:-1]
    return PERPETRATOR_HEADS.get(singular)


def _swept_in(doc: Doc, start: int, end: int) -> bool:
    """A sentence-initial "-ing/-ed/-ly" word before a name already used on its own
    earlier in the report ("Lee ... Believing Lee had a weapon"): a name is
    introduced whole and shortened after, so this word is not part of it."""
    first = doc[start]
    if not first.is_sent_start or not first.lower_.endswith(("ing", "ed", "ly")):
        return False
    rest = [t.text for t in doc[start + 1 : end]]
    n = len(rest)
    return any(
        [t.text for t in doc[i : i + n]] == rest and all(t.pos_ == "PROPN" for t in doc[i : i + n])
        for i in range(0, start - n + 1)
    )


def _strip_name(span: Span) -> Span:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].lower_.rstrip(".") in HONORIFICS
        or doc[start].lower_.rstrip(".") in PERSON_TITLES
        # a sentence-initial participle or adverb the model swept in ("Believing Lee had...")
        or (end - start > 1 and _swept_in(doc, start, end))
    ):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end]


def _inside_credit(span: Span) -> bool:
    """Photo credits and bylines name people who are not part of the incident."""
    line_start = text_of(span.doc).rfind("\n", 0, span.start_char) + 1
    before = text_of(span.doc)[line_start : span.start_char]
    after = text_of(span.doc)[span.end_char : span.end_char + 3]
    # a byline opens its line ("By Ann Lee"); "confronted by Ann Lee" is an agent
    byline = re.match(r"\s*(written |reporting |text )?by\s*$", before, re.I)
    credit = re.search(r"(©|\bphoto\w*\b|\bcredit\w*\b|\bimage\b)[^.]{0,30}$", before, re.I)
    return bool(byline or credit) or after.startswith("/")


def _title_type(span: Span) -> str | None:
    """ "Deputy Ann Lee", "Senior officer Bo Chen": a rank or office before the name."""
    for i in range(span.start - 1, max(span.start - 3, -1), -1):
        word = span.doc[i].lower_.rstrip(".")
        if word in PERSON_TITLES:
            return PERSON_TITLES[word]
        tok = span.doc[i]
        if tok.is_punct and tok.text != ".":
            break  # "a data officer; Ann Lee": the title belongs to someone else
        if not tok.is_title and tok.pos_ not in ("ADJ", "PROPN", "PUNCT"):
            break
    return None


# prepositions whose object is a place: a "name" after them that the gazetteer does
# not know ("stopped at a checkpoint in Bagari") is a village, not a person.
# ("at" and "between" are left out: "fired at Ann", "a fight between Ann and Bo".)
PLACE_PREPOSITIONS = frozenset({"in", "near", "outside", "inside", "around", "across", "towards", "toward"})


def _after_place_preposition(span: Span) -> bool:
    root = span.root
    if root.dep_ == "conj":  # "in Ying Payam and Nyangore": the second follows the first
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
    return root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS


def _resident_of(ent: Span) -> bool:
    """A proper name followed by ", of <place>," or ", <age>," is a person (news style:
    "Barnes, of Pasadena,"; "Okafor, 34,"), whatever label the model gave it."""
    doc = ent.doc
    if not all(t.pos_ == "PROPN" and t.is_title for t in ent) or ent.end + 2 >= len(doc):
        return False
    comma, nxt = doc[ent.end], doc[ent.end + 1]
    if comma.text != ",":
        return False
    if nxt.lower_ == "of" and doc[ent.end + 2].ent_type_ == "GPE":
        return True
    return nxt.like_num and nxt.text.isdigit() and 10 <= int(nxt.text) <= 110 and doc[ent.end + 2].text == ","


def _named_persons(b: _Builder, place_chars: list[tuple[int, int]]) -> None:
    doc = b.doc
    assert doc is not None
    person_tokens = {t.lower_ for e in doc.ents if e.label_ == "PERSON" for t in e}
    person_roots = {e.root.i for e in doc.ents if e.label_ == "PERSON"}
    candidates: list[Span] = []
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            candidates.append(ent)
        elif ent.label_ in ("ORG", "NORP", "PRODUCT") and _resident_of(ent):
            candidates.append(ent)  # "Barnes, of Pasadena": a person and where they live
        elif ent.label_ in ("FAC", "ORG", "GPE", "NORP", "WORK_OF_ART", "PRODUCT"):
            words = [t for t in ent if not t.is_punct]
            looks = 2 <= len(words) <= 4 and all(t.is_title and t.pos_ == "PROPN" for t in words)
            linked = ent.root.head.i in person_roots or any(
                c.i in person_roots for c in ent.root.children if c.dep_ == "conj"
            )
            if looks and (linked or words[-1].lower_ in person_tokens):
                candidates.append(ent)
    full: list[tuple[Span, Actor]] = []
    singles: list[Span] = []
    # the model calls some armed groups persons ("Hayat Tahrir al-Sham"): the lexicon knows better
    groups = [(s, e) for s, e, _ in known_groups(text_of(doc))]
    for raw in candidates:
        span = _strip_name(raw)
        taken = place_chars + groups
        if not len(span) or any(s <= span.start_char < e or s < span.end_char <= e for s, e in taken):
            continue
        if _inside_credit(span) or _after_place_preposition(span):
            continue
        if len(span) == 1 and gazetteer.get().is_country_name(span.text):
            continue  # "Togo clashes: police killed three": a country the model took for a person
        head = span.root.head
        if (
            span.root.dep_ == "compound"
            and head.pos_ == "NOUN"
            and head.i >= span.end
            and (head.lemma_.lower() in PERPETRATOR_HEADS or head.lemma_.lower() in VICTIM_HEADS)
        ):
            continue  # "Boko Haram militants", "Maduro government": a name qualifying a noun
        group = _group_head(span)
        if group is not None:
            # "armed Murle Tribesmen": a capitalised group noun, not a person's name
            actor = b.new_actor(span, name=span.text, description=None, is_group=True, type=group)
            b.a.actor_types[actor.id] = ActorTypes(
                group, "state_forces" if group == "state_forces" else "other"
            )
            b.mention(actor.id, span, span.root.i)
            continue
        if len(span.text.split()) == 1:
            singles.append(span)
            continue
        key = span.text.lower()
        actor_id = b.by_key.get(key)
        if actor_id is None:
            # the model's own PERSON entities are surer than names it labelled otherwise
            sure = 0.8 if raw.label_ == "PERSON" else 0.6
            actor = b.new_actor(
                span, name=span.text, description=None, is_group=False, count=1, confidence=sure
            )
            actor.type = _title_type(span)
            b.by_key[key] = actor.id
            for word in span.text.lower().split():
                b.by_key.setdefault("tok:" + word, actor.id)
            full.append((span, actor))
            actor_id = actor.id
        b.mention(actor_id, span, span.root.i)
    for span in singles:
        actor_id = b.by_key.get("tok:" + span.text.lower()) or b.by_key.get(span.text.lower())
        if actor_id is None:
            actor = b.new_actor(span, name=span.text, description=None, count=1, confidence=0.55)
            actor.type = _title_type(span)
            b.by_key[span.text.lower()] = actor.id
            b.by_key.setdefault("tok:" + span.text.lower(), actor.id)
            actor_id = actor.id
        b.mention(actor_id, span, span.root.i)
    # Surnames the model did not tag again ("Ann Lee ... police shot Lee").
    for tok in doc:
        if (
            tok.pos_ == "PROPN"
            and tok.is_title
            and tok.i not in b.a.actor_at
            and tok.ent_type_ in ("", "ORG", "NORP")
        ):
            known = b.by_key.get("tok:" + tok.lower_)
            if known is not None and tok.lower_ not in HONORIFICS and tok.lower_ not in PERSON_TITLES:
                b.mention(known, doc[tok.i : tok.i + 1], tok.i)


def _named_groups(b: _Builder) -> None:
    doc = b.doc
    assert doc is not None
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "NORP"):
            continue
        kind = named_group_type(ent.text)
        if kind is not None and ent.root.i not in b.a.actor_at:
            _group_mention(b, ent, kind)
    # names the model did not tag as organisations ("gunmen linked to the LRA")
    for start, end, kind in known_groups(text_of(doc)):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or any(t.i in b.a.actor_at for t in span):
            continue
        head = span.root.head
        if span.root.dep_ == "compound" and (perpetrator_type(head) or victim_type(head)):
            continue  # "Taliban fighters": the noun phrase is the actor, typed by the name
        _group_mention(b, span, kind)


def _group_mention(b: _Builder, span: Span, kind: str) -> None:
    key = "org:" + span.text.lower()
    actor_id = b.by_key.get(key)
    doc = span.doc
    if actor_id is None and span.start >= 2 and doc[span.start - 1].text == "(":
        # "Hayat Tahrir al-Sham (HTS)": the acronym is the same group
        actor_id = next(iter(b.a.actor_at.get(doc[span.start - 2].i, [])), None)
        if actor_id is None and doc[span.start - 2].ent_iob_ == "I":
            before = entity_at(doc[span.start - 2])
            actor_id = next(iter(b.a.actor_at.get(before.root.i, []) if before else []), None)
    if actor_id is None:
        actor = b.new_actor(span, name=span.text, description=None, is_group=True, type=kind)
        b.a.actor_types[actor.id] = ActorTypes(kind, "state_forces" if kind == "state_forces" else "other")
        b.by_key[key] = actor_id = actor.id
    b.mention(actor_id, span, span.root.i)


def _noun_phrase_actors(b: _Builder) -> None:
    doc = b.doc
    assert doc is not None
    last_by_head: dict[tuple[str, bool], str] = {}
    for token in doc:
        if token.pos_ not in ("NOUN", "PROPN") or token.i in b.a.actor_at:
            continue
        if any(c.dep_ == "appos" and c.i in b.a.actor_at for c in token.children):
            continue  # "the journalist Ann Lee": the person is the actor, the noun gives her type
        if (token.dep_ == "compound" and not _verb_read_as_noun(token.head)) or (
            token.ent_type_ in ("PERSON", "GPE", "DATE", "TIME") and token.pos_ == "PROPN"
        ):
            continue
        lemma = token.lemma_.lower()
        ptype = perpetrator_type(token)
        vtype = victim_type(token)
        if ptype is None and (vtype is None or (lemma not in VICTIM_HEADS and not modifier_lemmas(token))):
            continue
        if ptype is None and vtype is None:
            continue
        count, high, approx = count_of(token)
        words = phrase_tokens(token)
        description = joined(words)
        proper = [t for t in words if t.pos_ == "PROPN" and t.i != token.i]
        plural = count is None or count > 1
        definite = any(c.lower_ == "the" for c in token.children if c.dep_ == "det")
        span = doc[min(t.i for t in words) : token.i + 1]
        key = f"np:{description.lower()}:{count}"
        actor_id = b.by_key.get(key)
        if actor_id is None and definite and _number_child(token) is None:
            actor_id = last_by_head.get((lemma, plural))
        if actor_id is None and _one_of(token):
            # "two workers were shot ... killed one worker at once": one of the two,
            # not a third person
            actor_id = last_by_head.get((lemma, True))
        if actor_id is None:
            actor = b.new_actor(
                span,
                name=description if proper else None,
                description=None if proper else description,
                is_group=plural,
                count=count,
                count_max=high,
                count_approximate=approx,
                confidence=0.5 if lemma in GENERIC_PERSON_HEADS else 0.7,
            )
            b.a.actor_types[actor.id] = ActorTypes(ptype or "other", vtype or "civilians")
            actor.sex = MALE_HEADS.get(lemma) or next(
                (SEX_WORDS[c.lower_] for c in token.children if c.lower_ in SEX_WORDS), None
            )
            actor_id = actor.id
            b.by_key[key] = actor_id
        last_by_head[(lemma, plural)] = actor_id
        b.mention(actor_id, span, token.i)


def _verb_read_as_noun(head: Token) -> bool:
    """ "A deputy shot and killed X": the tagger took "deputy shot" for a noun, so the
    sentence's root is a noun with a coordinated verb; its compound is the agent."""
    return (
        head.dep_ == "ROOT"
        and head.pos_ == "NOUN"
        and any(c.dep_ == "conj" and c.pos_ == "VERB" for c in head.children)
    )


def _one_of(token: Token) -> bool:
    """ "one worker" or "the other worker": a singular phrase that picks out a member
    of a group named before with the same noun ("another worker" is a new one)."""
    for c in token.children:
        if c.dep_ == "nummod" and c.lower_ == "one":
            return True
        if c.dep_ == "amod" and c.lower_ == "other" and any(d.lower_ == "the" for d in token.children):
            return True
    return False


def _earlier_group(analysis: Analysis, head: Token) -> str | None:
    """The latest group actor before ``head`` named by the same noun."""
    lemma = head.lemma_.lower()
    groups = {x.id for x in analysis.actors if x.is_group}
    for i in sorted((i for i in analysis.actor_at if i < head.i), reverse=True):
        if head.doc[i].lemma_.lower() == lemma:
            found = next((x for x in analysis.actor_at[i] if x in groups), None)
            if found is not None:
                return found
    return None


def _number_child(token: Token) -> int | None:
    for c in token.children:
        if c.dep_ == "nummod":
            return number_of(c)
    return None


PARTY_WORDS = re.compile(
    r"\b(party|parties|opposition|front|alliance|congress|movement for|patriots|union for)\b", re.I
)
LEADER_HEADS = frozenset(
    {"leader", "president", "chairman", "chairwoman", "chair", "secretary", "spokesman", "head"}
)
REPORTING_VERBS = frozenset(
    {"report", "write", "edit", "broadcast", "present", "anchor", "blog", "photograph"}
)


def _role_of(noun: Token) -> str | None:
    """ "leader of the Democratic Party": a party's leaders are political opposition."""
    if noun.lemma_.lower() not in LEADER_HEADS:
        return None
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            organisation = " ".join(t.text for t in prep.subtree)
            if PARTY_WORDS.search(organisation):
                return "political_opposition"
    return None


def _occupation_clause(root: Token) -> str | None:
    """ "Ann Lee, who reports for Radio X": what a relative clause says the person does."""
    for c in root.children:
        if c.dep_ == "relcl" and c.lemma_.lower() in REPORTING_VERBS:
            return "journalists"
    return None


def _person_victim_types(b: _Builder) -> None:
    """A named person's victim type from apposition or title ("Li, a lawyer"), else the text's."""
    doc = b.doc
    assert doc is not None
    text_types: Counter[str] = Counter()
    for token in doc:
        if token.pos_ == "NOUN" and token.lemma_.lower() in VICTIM_HEADS:
            text_types[VICTIM_HEADS[token.lemma_.lower()]] += 1
    fallback = text_types.most_common(1)[0][0] if text_types else "civilians"
    for actor in b.a.actors:
        if actor.is_group or actor.id in b.a.actor_types:
            continue
        found: str | None = None
        for span in b.a.actor_spans.get(actor.id, []):
            root = span.root
            near = [c for c in root.children if c.dep_ in ("appos", "compound", "amod")]
            if root.dep_ == "appos":
                near.append(root.head)
            if root.dep_ == "conj":
                near.extend(c for c in root.head.children if c.dep_ == "appos")
            for n in near:
                found = victim_type(n) or _role_of(n) or found
                if found:
                    break
            found = found or _occupation_clause(root)
            if found:
                break
        for span in b.a.actor_spans.get(actor.id, []):
            # "Officers Ann Lee and Bo Chen", "Deputies A, B and C": a listed name shares
            # the rank of the name it is listed with
            if actor.type is None and span.root.dep_ in ("conj", "appos"):
                first = b.a.actor_at.get(span.root.head.i, [])
                lead = next((x for x in b.a.actors if first and x.id == first[0]), None)
                actor.type = lead.type if lead is not None else None
        perp = actor.type or "civilians"
        b.a.actor_types[actor.id] = ActorTypes(
            perp, found or fallback if perp != "state_forces" else "state_forces"
        )


def _register(analysis: Analysis, actor: Actor, span: Span, head_i: int, types: ActorTypes) -> str:
    """Add an actor found late (by the acts stage) as if the actors stage had found it."""
    analysis.actors.append(actor)
    analysis.actor_spans[actor.id] = [span]
    analysis.actor_at.setdefault(head_i, []).append(actor.id)
    analysis.actor_types[actor.id] = types
    return actor.id


def add_name_actor(analysis: Analysis, token: Token) -> str:
    """Make a person of a proper name the model did not tag, found as an act's patient.

    Short reports often name the victim by surname alone ("police shot Ward").
    """
    ent = entity_at(token)
    # "Poddala Jayantha" tagged as one place: the whole entity is the name
    start = ent.start if ent is not None and ent.end == token.i + 1 else token.i
    span = token.doc[start : token.i + 1]
    actor = Actor(
        id=f"a{len(analysis.actors) + 1}p{token.i}",
        name=span.text,
        count=1,
        confidence=0.5,
        provenance=Provenance(analysis.document.id, span.start_char, span.end_char, span.text),
    )
    described = [victim_type(c) for c in token.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    kind = next((k for k in described if k), "civilians")
    return _register(analysis, actor, span, token.i, ActorTypes("civilians", kind))


def add_org_actor(analysis: Analysis, token: Token) -> str:
    """Make a group of an organisation that the text says did violence ("taken by the XYZ").

    An organisation not in the lexicon that abducts, kills or beats people is an
    armed group, unless its name says it is a state force.
    """
    ent = entity_at(token) or token.doc[token.i : token.i + 1]
    if len(ent) == 1 and not ent.text.isupper():
        return add_name_actor(analysis, token)  # a lone capitalised word is more often a surname
    low = ent.text.lower()
    kind = named_group_type(ent.text) or (
        "state_forces" if set(low.split()) & STATE_MODIFIERS else "non_state_armed_group"
    )
    actor = Actor(
        id=f"a{len(analysis.actors) + 1}o{token.i}",
        name=" ".join(ent.text.split()),
        is_group=True,
        type=kind,
        confidence=0.5,
        provenance=Provenance(analysis.document.id, ent.start_char, ent.end_char, ent.text),
    )
    return _register(analysis, actor, ent, token.i, ActorTypes(kind, "other"))


def add_noun_actor(analysis: Analysis, head: Token) -> str:
    """Make an actor of a noun the lexicon does not know, found as an act's patient.

    "beat a shopkeeper": a violent act's patient is a person, whatever the noun.
    """
    if _one_of(head):
        group = _earlier_group(analysis, head)
        if group is not None:
            analysis.actor_at.setdefault(head.i, []).append(group)
            return group
    count, high, approx = count_of(head)
    words = phrase_tokens(head)
    span = head.doc[min(t.i for t in words) : head.i + 1]
    actor = Actor(
        id=f"a{len(analysis.actors) + 1}n{head.i}",
        name=None,
        description=joined(words),
        is_group=count is None or count > 1,
        count=count,
        count_max=high,
        count_approximate=approx,
        confidence=0.5,
        provenance=Provenance(analysis.document.id, span.start_char, span.end_char, span.text),
    )
    types = ActorTypes(perpetrator_type(head) or "other", victim_type(head) or "civilians")
    return _register(analysis, actor, span, head.i, types)


@stage("actors")
def find_actors(analysis: Analysis) -> Analysis:
    """Fill ``analysis.actors``, ``actor_spans``, ``actor_at`` and ``actor_types``."""
    if analysis.doc is None:
        raise ValueError("the actors stage needs the nlp stage first")
    builder = _Builder(analysis)
    place_chars = [(p.start, p.end) for p in analysis.places if p.kind != "demonym"]
    _named_persons(builder, place_chars)
    _named_groups(builder)
    _noun_phrase_actors(builder)
    _person_victim_types(builder)
    return analysis
