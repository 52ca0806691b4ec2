"""What the words around a date say: acts, statements, later steps, cues of time.

Plain word lists and patterns, so that the rules reading them stay short: the
parse (:mod:`whodid.extract.dates.governor`), the sentence index
(:mod:`whodid.extract.dates.sentences`), the placing of each date
(:mod:`whodid.extract.dates.read`) and the choice of the incident date
(:mod:`whodid.extract.dates.choose`).
"""

from __future__ import annotations

import re


def word_set(text: str) -> frozenset[str]:
    """The space-separated words of ``text``: vocabularies read as plain word lists."""
    return frozenset(text.split())


ACT_VERBS = word_set(
    "arrest detain beat kill shoot abduct kidnap attack raid seize torture assault injure wound stab "
    "rape murder execute deport expel disperse ambush punch kick harass threaten intimidate storm "
    "confiscate die hurt fight clash bomb shell interrogate handcuff manhandle grab snatch block ban "
    "jail imprison lynch behead loot burn whip flog hit strike slap disappear mistreat gun "
    "teargas tear-gas"
)
ACT_NOUNS = word_set(
    "arrest arrests detention custody attack raid assault beating killing shooting abduction "
    "kidnapping torture murder death clash clashes violence crackdown deportation expulsion ambush "
    "bombing shelling execution disappearance confrontation altercation teargas gunfire"
)
# Verbs of telling: "said Monday" dates the statement, not the act.
REPORT_VERBS = word_set(
    "say tell announce report state claim allege add explain confirm write tweet post note insist accuse"
)
# Steps that come after an act: trials, releases, appeals, reactions.
LATER_VERBS = word_set(
    "sentence convict hand charge try release free acquit fine investigate probe condemn call urge "
    "demand denounce criticise criticize pledge promise apologise apologize respond deny reject "
    "comment lodge file appeal issue publish express voice rule bail settle sue"
)
# A sentence that reports an act, read from its words alone (the parse is not needed).
ACT_WORDS = re.compile(
    r"(?i)\b(?:arrest|detain|detention|custody|beat(?:en|ing|s)?\b|kill|shot\b|shoot|gunned|abduct|"
    r"kidnap|attack|raid|seiz|tortur|assault|injur|wound|stab|rape|murder|execut|disappear|deport|"
    r"expel|expuls|dispers|tear[ -]?gas|rubber bullet|ambush|set upon|punch|kick|harass|threat|"
    r"intimidat|storm|burst into|confiscat|died|death|dead\b|hurt|clash|fought|bomb|shell|airstrike|"
    r"air strike|interrogat|handcuff|manhandl|grabb|snatch|round(?:ed|ing)? up|blocked|banned|jail|"
    r"imprison|lynch|hostage|behead|loot|whip|flog|opened fire|fired (?:on|at|upon)|picked up|"
    r"struck|slapp|mistreat|ill-treat|crackdown)"
)
# "Police have rounded up ...": a same-day story, dated by its publication.
PERFECT_ACT = re.compile(
    r"(?i)\b(?:has|have)\s+(?:been\s+)?(?:\w+ly\s+)?(?:rounded up|arrested|detained|killed|shot|"
    r"abducted|beaten|attacked|raided|seized|kidnapped|tortured|assaulted|injured|wounded|dispersed|"
    r"deported|expelled|stormed|disappeared|picked up|taken into custody|jailed|locked up)\b"
)
# Read in the words just before a date: "due to appear on", "will meet on", "until".
FUTURE_CUE = re.compile(
    r"(?i)(?:\b(?:due|scheduled|set|planned|expected|slated|pledged)\s+(?:to\s+\w+\s+)?(?:on|for)?"
    r"|\bwill\s+\w+(?:\s+\w+)?\s+(?:on|by)?|\bby|\buntil|\bbefore|\bahead\s+of)\s*$"
)
# Read in the words just before a date: "since 2012", "previously".
BACKGROUND_CUE = re.compile(r"(?i)\b(?:since|previously|in the past)\s*$")
