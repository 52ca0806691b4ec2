"""The regular expressions of the date grammar.

Kept together because they are built from shared pieces (a month name, a clock
time, a number word). All of them match within one line (``_S``): scraped pages
put headlines, captions and datelines on lines of their own. Compiled once, they
make reading a document a few C-level scans.
"""

from __future__ import annotations

import re

_S = r"[ \t\u00a0]+"  # spaces within a line: an expression never spans a line break
_S0 = r"[ \t\u00a0]*"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_FULL_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WD_FULL = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WD_ABBR = r"(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)"
_TOD = r"(?:morning|afternoon|evening|night)"
_ORD = r"(?:st|nd|rd|th)?"
_NUM = r"(?:\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_TIME = (
    r"(?:(?:about|around|approximately|roughly|some)[ \t]+)?"
    r"(?:\d{1,2}(?:[:.]\d{2})?[ \t]*(?:[ap]\.?[ \t]?m\.?)(?![a-z])"
    r"|\d{1,2}[:.]\d{2}(?![\d.])|midnight|noon|dawn)"
)

ABSOLUTE = re.compile(
    rf"(?:(?:the{_S})?(?i:(?P<tod0>{_TOD})){_S}of{_S})?"
    rf"(?:(?P<wd>{_WD_FULL}|{_WD_ABBR})\.?(?:{_S0},{_S0}|{_S}|{_S0}\({_S0}))?"
    rf"(?:(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?![\d:-])"
    rf"|(?P<d1>[0-3]?\d){_ORD}(?:{_S0}(?:-|–|to|and){_S0}(?P<d1e>[0-3]?\d){_ORD})?{_S}(?:of{_S})?"
    rf"(?P<m1>{_MONTH})\b\.?(?:,?{_S}(?P<y1>(?:19|20)\d\d)(?!\d|,\d))?"
    rf"|(?P<m2>{_MONTH})\b\.?{_S}(?P<d2>[0-3]?\d){_ORD}"
    rf"(?:{_S0}(?:-|–|to|through|and){_S0}(?P<d2e>[0-3]?\d){_ORD})?(?![\d:.,]\d)"
    rf"(?:,?{_S}(?P<y2>(?:19|20)\d\d)(?!\d|,\d))?"
    rf"|(?P<m3>{_MONTH})\b\.?,?{_S}(?P<y3>(?:19|20)\d\d)(?!\d|,\d))"
    rf"(?:{_S0}\))?(?:{_S}(?i:(?P<tod>{_TOD}))\b)?"
)
WEEKDAY = re.compile(
    rf"(?:(?i:(?P<mod>early|late|last|this{_S}past|past|this|next|previous)){_S}(?:on{_S})?)?"
    rf"(?:(?:the{_S})?(?i:(?P<tod0>{_TOD})){_S}of{_S})?"
    rf"(?P<wd>{_WD_FULL})(?P<poss>['’]s)?\b(?:{_S}(?i:(?P<tod>{_TOD}))\b)?"
)
RELATIVE = re.compile(
    rf"(?i:(?:(?:early|late){_S})?"
    rf"(?P<rel>yesterday|today|tonight|last{_S}night|earlier{_S}today"
    rf"|this{_S}(?:morning|afternoon|evening)"
    rf"|(?:the{_S})?(?:next|following|previous){_S}(?:day|morning|afternoon|evening|night)"
    rf"|the{_S}day{_S}(?:before|after)|the{_S}night{_S}before"
    rf"|(?P<n>{_NUM}){_S}(?P<unit>days?|weeks?){_S}(?P<dir>later|earlier|ago))\b"
    rf"(?:{_S}(?P<tod>{_TOD})\b)?)"
)
PERIOD = re.compile(
    rf"(?i:\b(?P<which>last|this|past|previous|earlier{_S}this)"
    rf"{_S}(?P<period>week|weekend|month|year)\b)"
)
YEAR = re.compile(
    rf"(?i:\b(?P<prep>in|since|during|by|until|early|late|mid-?|from|before|after|of)){_S0}"
    rf"(?P<year>(?:19|20)\d\d)(?![\d,.]\d|[\d-])"
)
BARE_MONTH = re.compile(
    rf"(?i:\b(?P<prep>in|since|during|early|late|mid-?|until|by|last|this|next)){_S0}"
    rf"(?P<m>{_FULL_MONTH})\b(?!{_S0}[\d(])"
)
ANY_YEAR = re.compile(r"(?<![\d$£€.,/#-])(?:19[5-9]\d|20[0-4]\d)(?![\d,]\d|\d|-\d|\.\d)")
TIME_BEFORE = re.compile(rf"(?i:\bat{_S}{_TIME}(?:{_S}(?:on|of))?{_S0})$")
TIME_AFTER = re.compile(rf"(?i:^(?:,?{_S}(?:at|from|around|about){_S}{_TIME}|,?{_S}{_TIME}))")
AFTER_OFFSET = re.compile(
    rf"(?i:^,?{_S}(?:some{_S}|about{_S})?(?P<n>{_NUM}){_S}(?P<unit>days?|weeks?|months?|years?){_S}after\b)"
)
RANGE_JOIN = re.compile(rf"^{_S0}(?:-|–|to|until|till|through|and){_S0}$")
RANGE_OPENER = re.compile(rf"(?i:\b(?:from|between){_S})$")
WEEK_OF = re.compile(rf"(?i:\bweek{_S}of{_S})$")
HABITUAL = re.compile(rf"(?i:\b(?:each|every|on{_S}alternate){_S})$")
NAMED_DAY = re.compile(rf"(?:Black|Good|Bloody|Holy|Cyber|Super|Easter|Palm|Ash|Maundy|Shrove|Mad){_S}$")
