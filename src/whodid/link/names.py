"""Names across scripts and romanisations: the keys that person linkage compares.

One person reaches the store as "Sekerbaeva", "Sekerbayeva" and "Секербаева", or
as "Muhammad", "Mohammed" and "محمد". Exact comparison sees three people; so
linkage compares *keys* instead:

- :func:`latin` puts any script into lower-case Latin letters (anyascii, whose
  tables cover Cyrillic, Arabic, Greek, CJK and the rest) and folds the spelling
  differences romanisation systems disagree on (a glide between vowels,
  ``-iy``/``-ii`` endings, ``ye-``/``e-``): what Jaro-Winkler is run on;
- :func:`skeleton` keeps only the consonants, with digraphs folded (kh/x → h,
  zh/dzh/dj → j, w → v, ph → f, q → k) and doubled letters single. Arabic script
  writes no short vowels and romanisations disagree mostly on vowels, so the
  consonant skeleton of "Mohammed", "Muhammad" and anyascii's "mhmd" is the same
  ``mhmd``; that of "Секербаева" and "Sekerbayeva" the same ``skrbv``.

These are the features :mod:`whodid.link.persons` hands to Splink; Splink weighs
how much each agreement is worth, so a key may be generous (collide more often
than a human would) without forcing a link.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

# Arabic's definite article, written joined to the next word: made a word of its own,
# as Latin spellings write it ("al-Zahra"), so both keep one "l" in the skeleton.
_ARABIC_ARTICLE = re.compile(r"(?<![\u0600-\u06ff])\u0627\u0644(?=[\u0600-\u06ff]{2})")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# waw after a letter and before a consonant is the long vowel u/o, which Latin
# spellings write as a vowel; before alif or ya it is the consonant w ("Nuwairi")
_ARABIC_LONG_U = re.compile(r"(?<=[\u0621-\u064a])\u0648(?![\u0627\u064a])")
# Latin articles and particles that romanisations attach, drop or hyphenate at will
_PARTICLES = frozenset({"al", "el", "ul", "ad", "an", "ar", "as", "at", "az", "ibn", "bin", "bint", "ben"})
_SPLIT = re.compile(r"[^a-z]+")
_MARKS = re.compile(r"['`\u2019\u02bc\u02bf\u02be]")

# Ordered: longer digraphs before their parts.
_DIGRAPHS = (
    ("shch", "sh"),
    ("sch", "sh"),
    ("tch", "sh"),
    ("ch", "sh"),  # French romanisation writes sh as ch; Cyrillic ч and ш then share it
    ("dzh", "j"),
    ("dj", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("x", "h"),
    ("w", "v"),
    ("q", "k"),
    ("g", "j"),  # jim is j, dj or (Egyptian) g; Cyrillic г then shares it: Splink weighs the cost
)
_OU = re.compile(r"^ou(?=[aeiouy])|^ou(?=[^aeiouy])|(?<=[aeiouy])ou(?=[aeiy])|ou(?=[aei])")
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLE = re.compile(r"(.)\1+")
_GLIDE = re.compile(r"(?<=[aeiou])[yj](?=[aeiou])")
_ENDING = re.compile(r"(?:iy|ii|yi|y)$")


def _ascii(name: str) -> str:
    text = _ARABIC_ARTICLE.sub("al ", unicodedata.normalize("NFC", name))
    text = _ARABIC_LONG_U.sub("u", text)
    # khah is "kh" in anyascii and folded to "h" below; Arabic gets no digraph
    # folding (its letters are single consonants: "zh" there is z + h), so map it here
    text = anyascii(text.replace("\u062e", "\u062d")).lower()
    # ayn and hamza become ` and ' (and Latin spellings write them or not): a mark
    # inside a word, not a word break ("Ka'eeb" is one word, as "Kaeeb" is)
    return _MARKS.sub("", text)


def words(name: str) -> list[str]:
    """The name's words in lower-case Latin, particles included."""
    return [w for w in _SPLIT.split(_ascii(name)) if w]


def tokens(name: str) -> list[str]:
    """The name's words in lower-case Latin, particles ("al", "bin") left out."""
    found = words(name)
    kept = [w for w in found if w not in _PARTICLES]
    return kept or found


def _fold_word(word: str) -> str:
    if word.startswith("ye") and len(word) > 3:
        word = word[1:]
    word = _GLIDE.sub("", word)
    return _ENDING.sub("i", word) if len(word) > 3 else word


def latin(name: str | None) -> str | None:
    """The name in folded lower-case Latin ("Sekerbayeva" and "Секербаева" → "sekerbaeva")."""
    if not name:
        return None
    words = [_fold_word(w) for w in tokens(name)]
    return " ".join(words) or None


def _skeleton_word(word: str, *, digraphs: bool = True) -> str:
    # French "ou" before a vowel or opening a word is the consonant w ("Oualid", "Ouafa")
    word = _OU.sub("w", word)
    for a, b in _DIGRAPHS if digraphs else _DIGRAPHS[-4:]:
        word = word.replace(a, b)
    head, rest = word[:1], word[1:]
    # a leading vowel is written in some romanisations and scripts, not in others
    # ("Omar"/"عمر"): the skeleton drops every vowel, the first included
    core = _DOUBLE.sub(r"\1", _VOWELS.sub("", head) + _VOWELS.sub("", rest))
    return _without_ta_marbuta(core)


def _without_ta_marbuta(core: str) -> str:
    """Arabic's final ta marbuta is romanised "-a" or "-ah" and transliterated "h";
    a final "sh" (shin, or a folded "ch") is a consonant of its own."""
    if len(core) > 2 and core.endswith("h") and not core.endswith("sh"):
        return core[:-1]
    return core


def _skeletons(name: str, found: list[str]) -> list[str]:
    digraphs = not _ARABIC.search(name)
    return [s for s in (_skeleton_word(w, digraphs=digraphs) for w in found) if s]


def skeleton_tokens(name: str | None) -> list[str]:
    """The consonant skeleton of each word, particles ("al", "bin") left out; a word of
    vowels only keeps its vowels. Every word counts: dropping short ones would make
    "Alba Loi" and "Cai Alba" the same words."""
    if not name:
        return []
    digraphs = not _ARABIC.search(name)
    found = []
    for word in tokens(name):
        skel = _skeleton_word(word, digraphs=digraphs)
        found.append(skel or word)
    return found


def skeleton(name: str | None) -> str | None:
    """The whole name's consonant skeleton, words joined, particles kept:
    "Abd al-Rahman", "Abdulrahman" and "عبد الرحمن" all give ``bdlrhmn``."""
    if not name:
        return None
    joined = _DOUBLE.sub(r"\1", "".join(_skeletons(name, words(name))))
    return _without_ta_marbuta(joined) or None


def sorted_skeleton(name: str | None) -> str | None:
    """The skeleton with its words in order: given and family names swap between sources."""
    parts = sorted(skeleton_tokens(name))
    return " ".join(parts) or None
