"""Tell page furniture from story text, one flattened line at a time.

Why rules and not trafilatura: trafilatura (and jusText, readability) decide what
is boilerplate from the HTML DOM: link density, tag names, position in the tree.
Much of what we receive was already flattened to text by a scraper, so that
structure is gone and only the line is left. What remains recognisable are the
*phrases* of page furniture ("Skip to main content", "Your tax deductible gift
can help ...", "© 2017 ... /AFP") and the shapes of navigation (breadcrumbs,
lines of share buttons, bare numbers). That is what these rules look for.

The rules are deliberately conservative: dropping a story sentence loses
evidence, keeping a stray "Follow us" costs nothing. So

* phrases that could open a real sentence ("Search ...", "Follow ...",
  "Share ...") only count on short lines that are *just* the phrase;
* phrases that never occur in reporting (tax-deductible gifts, cookie notices,
  ``©`` credits) count on any line up to caption length;
* nothing is dropped for being short alone, and bylines ("By Staff Reporter")
  stay, since the extractor may want the author.

Context rules (repeated lines, a caption followed by the same caption with its
credit, bare numbers that are really the tail of a wrapped sentence) live in
:mod:`whodid.ingest.cleaner`; this module judges a single line.
"""

from __future__ import annotations

import re


def _table(phrases: str) -> frozenset[str]:
    """A set of the comma-separated ``phrases``, so word lists stay compact and readable."""
    return frozenset(p.strip() for p in phrases.split(",") if p.strip())


SEPARATOR = "separator"
NUMBER = "number"
NAVIGATION = "navigation"
SHARE = "share"
APPEAL = "appeal"
NOTICE = "notice"
CREDIT = "credit"

# A caption or credit line is rarely longer than this; a longer line that merely
# mentions "Getty Images" is more likely a story paragraph and is kept.
_MAX_CAPTION_CHARS = 400
# "Follow us" and friends are page furniture only when they are (nearly) alone.
_MAX_NAV_CHARS = 80

_NO_LETTERS = re.compile(r"[\W\d_]+")
_HAS_DIGIT = re.compile(r"\d")

# Never part of reporting: fundraising, newsletters, cookies, copyright. Phrases
# that a quoted person could say ("support our work") only count at line start.
_APPEAL = re.compile(
    r"tax[- ]deductible|\bdonate (?:now|today)\b|^make an? (?:tax[- ]deductible )?(?:gift|donation)\b"
    r"|^support (?:our|us|this) work\b|^please donate\b|\bbecome a monthly donor\b"
    r"|^your (?:\w+ )?(?:gift|donation) (?:can|will) help\b",
    re.IGNORECASE,
)
_NOTICE = re.compile(
    r"\b(?:we|this (?:web)?site|our (?:web)?site) uses? cookies\b|\bcookie (?:policy|settings|preferences)\b"
    r"|\baccept (?:all )?cookies\b|\b(?:sign up|subscribe) (?:to|for) (?:our|the) (?:[\w-]+ ){0,2}"
    r"(?:newsletter|mailing list|updates|alerts)\b|\bget our (?:[\w-]+ )?newsletter\b"
    r"|\ball rights reserved\b|^copyright\s*(?:©|\(c\)|(?:19|20)\d\d)|^\(c\) ?(?:19|20)\d\d\b",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"©|\((?:photo(?:graph)?s?|image|picture|file photo|credit)\s*:|\bphoto(?:graph)? credits?\b"
    r"|\bvia getty images\b|\bgetty images\b|\bimage credits?\b|\b(?:afp|ap|reuters|epa)(?: photo)?/"
    r"|/(?:afp|ap|reuters|epa|getty)\b|^(?:photo(?:graph)?|image|picture|credit|file photo)\s*:",
    re.IGNORECASE,
)
# Every match of the three regexes above contains one of these (lower-cased).
_KEYS = re.compile(
    "deductible|donat|support|gift|make a"
    "|cookie|sign up|subscribe|newsletter|rights reserved|copyright|\\(c\\)"
    "|©|photo|image|picture|credit|getty|afp|ap/|/ap|reuters|epa"
)
_PHOTO_BY = re.compile(r"^(?:photo(?:graph)?|image|picture)s? (?:by|courtesy(?: of)?)\b", re.IGNORECASE)

_NAV_START = re.compile(
    r"^(?:skip|jump) to (?:the )?(?:main )?(?:content|navigation|menu|search|article)\b",
    re.IGNORECASE,
)
_NAV_SHORT = re.compile(
    r"^(?:search\s*(?::|…|\.\.\.)|search (?:this|the|our) (?:site|website)\b|follow us\b"
    r"|share (?:this|on|via)\b|(?:read|see|view) (?:more|all|full)\b|(?:tags?|topics?|filed under|"
    r"categories|category|related)\s*:|click here\b|(?:log|sign) (?:in|up)\b|you are here\b"
    r"|\d+[- ]?min(?:ute)?s?[- ]read\b|listen to this\b|download (?:the )?(?:pdf|report)\b)",
    re.IGNORECASE,
)
_SOCIAL = _table(
    """share, tweet, print, email, e-mail, whatsapp, facebook, twitter, x, linkedin, telegram, reddit,
    pinterest, messenger, copy, link, comments, comment, sms, bluesky, mastodon, threads"""
)
_CRUMB_SEP = re.compile(r"\s+[/>»›|]\s+")
_TRIM = re.compile(r"^[\s|·•»›>:–—-]+|[\s|·•»›>:.!–—-]+$")
_WS = re.compile(r"\s+")


# Lines that are navigation when they are the whole line (compared lower-cased,
# with surrounding separators and punctuation trimmed). Section names ("World",
# "Africa") are crumbs of the site's menu, not headings of the story.
NAV_PHRASES = _table(
    """menu, main menu, navigation, toggle navigation, open menu, close, search, home, current location,
    you are here, breadcrumb, more stories, more news, top stories, latest news, latest, most read,
    most popular, trending, related, related articles, related stories, related content, recommended,
    you may also like, read more, read next, next, previous, next article, previous article,
    back to top, top, comments, comment, advertisement, sponsored, subscribe, subscribe now,
    newsletter, sign in, log in, register, sign up, donate, donate now, give now, support us, join us,
    take action, act now, follow us, share, print, email, print this page, download, download pdf,
    listen, loading, text size, font size, contact, contact us, about, about us, privacy policy,
    terms of use, sitemap, news, world, africa, asia, europe, americas, middle east, politics, opinion,
    business, sport, sports, local, national, international, features, analysis, video, videos,
    photos, multimedia, podcast, blog, region / country"""
)


def classify(line: str) -> str | None:
    """The kind of boilerplate ``line`` is (a module constant), or None for story text.

    ``line`` is stripped and non-empty. :data:`NUMBER` lines (digits without
    letters) are only a *candidate*: the caller decides from context whether they
    are page furniture or the tail of a wrapped sentence.
    """
    if _NO_LETTERS.fullmatch(line):
        return NUMBER if _HAS_DIGIT.search(line) else SEPARATOR
    if _NAV_START.match(line):
        return NAVIGATION
    # One scan for the words the phrase regexes need comes first: the regexes are
    # slow on long lines, and this runs on every line of millions of documents.
    if len(line) <= _MAX_CAPTION_CHARS and _KEYS.search(line.lower()):
        if _APPEAL.search(line):
            return APPEAL
        if _NOTICE.search(line):
            return NOTICE
        if _CREDIT.search(line):
            return CREDIT
    if len(line) > _MAX_NAV_CHARS:
        return None
    return _short_line_kind(line)


def _short_line_kind(line: str) -> str | None:
    norm = _WS.sub(" ", _TRIM.sub("", line)).lower()
    if norm in NAV_PHRASES:
        return NAVIGATION
    if _NAV_SHORT.match(line):
        return NAVIGATION
    if _PHOTO_BY.match(line) and len(line.split()) <= 12:
        return CREDIT
    words = [w for w in re.split(r"[\s|·•,/]+", norm) if w]
    if words and all(w in _SOCIAL for w in words) and ("share" in words or len(words) >= 2):
        return SHARE
    return NAVIGATION if _is_breadcrumb(line) else None


def _is_breadcrumb(line: str) -> bool:
    """``Home › World › Africa`` or ``Region / Country``: short parts joined by separators."""
    parts = _CRUMB_SEP.split(line)
    if len(parts) < 2 or line.endswith((".", "?", "!")):
        return False
    sizes = [len(p.split()) for p in parts]
    if len(parts) == 2:
        # One separator is also how headlines are written ("Russia | Activist held"),
        # so only single words either side, or a site name repeated, count.
        return max(sizes) == 1 or parts[0].strip().lower() == parts[1].strip().lower()
    return max(sizes) <= 4
