"""What a pasted web page has besides the essay: the patterns `importer.py` removes.

Kept apart from the importer so that the list of site furniture (which grows with
every new kind of page a teacher pastes) can be read and extended in one place.
Every pattern is matched against a whole line (case-insensitive, spaces
normalised) and is anchored and specific, so that no sentence of an essay can
match one: a line that could be prose is never furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What happens to a line that matches a furniture pattern.
DROP = "drop"  # the line only
WORD = "word"  # a lone button word: dropped only when its block is all furniture, never inside prose
SECTION = "section"  # the line and the short non-sentence lines after it (share buttons, related posts)
REST = "rest"  # the line and all after it (comments, comment form); a plain DROP before the essay begins
HEAD = "head"  # dropped only before the essay begins: a bare date there is the post's, later the author's
NAV = "nav"  # site navigation (skip link, menu, search, sign-in, breadcrumbs): the site header ends here
COUNT = "count"  # a lone count (likes, comments) or "See all": dropped before the essay or among other furniture

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,? )?"
DAY_DATE = (rf"{_DAY}(?:{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? \d{{4}}"
            r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})")
TIME = r"(?:,? (?:at )?\d{1,2}[:.]\d{2}(?: ?[ap]\.?m\.?)?(?: (?:bst|gmt|utc|cet|est|edt|pst))?)"
DATE = rf"{DAY_DATE}{TIME}?"
_COOKIE_WHY = r"(?:improve|give|ensure|personalise|personalize|provide|enhance|analyse|analyze|make|help|offer)"
_LABEL = r"[^.!?]{1,160}"  # a list of names after "Posted in", "Tagged", ...: never a sentence
_NAME = r"[^\s,.!?][^\s,]*(?: [^\s,]+){0,4}?"  # one to five words, no comma: a name, not a clause

# The line that says who wrote the post and when, in the words blogs and school sites use.
POSTED = (
    re.compile(rf"(?:posted|published|written|updated|last updated)(?: on)?:? (?P<date>{DAY_DATE}){TIME}?"
               rf"(?: by:? (?P<name>{_NAME}))?", re.IGNORECASE),
    re.compile(rf"(?:posted|published|written) by:? (?P<name>{_NAME})(?:,? (?:on )?(?P<date>{DAY_DATE}))?"
               rf"{TIME}?", re.IGNORECASE),
    re.compile(rf"by:? (?P<name>{_NAME})(?:,? (?:on )?(?P<date>{DAY_DATE}){TIME}?|, (?P<about>[^.!?]{{1,80}}))?",
               re.IGNORECASE),
)
# Medium's and Substack's post header: "7 min read", a lone "·", like and comment counts.
READ_TIME = re.compile(r"\d{1,3} min(?:ute)?s? read|[·∙•]|\d{1,5}|--|listen|follow", re.IGNORECASE)
# Horizontal rules: "--" (Medium), "---", "— — —", "* * *", "___", "⁂", "~~~", "• • •", "=====".
RULE = re.compile(r"(?:[-—–_*=~•·] ?){2,}|⁂|\*|§|#", re.IGNORECASE)

# Site furniture from WordPress, Blogger, Medium, Substack and school sites.
FURNITURE: tuple[tuple[str, str], ...] = (
    # Comments and the comment form: the essay is over.
    (r"leave an? (?:reply|comment)(?: to [^.!?]{1,60})?(?: cancel reply)?", REST),
    (r"(?:\d+|no|one) (?:comments?|responses?|replies)(?: so far)?:?", REST),
    (r"responses? \(\d+\)|discussion about this post|comments? restacks|top latest discussions", REST),
    (r"\d+ thoughts? on .{1,160}", REST),
    (r"fill in your details below or click an icon to log in:?(?: logo)?", REST),
    (r"your email address will not be published\.?(?: required fields are marked \*)?", REST),
    (r"post a comment", REST),
    (r"(?:newer post )?older post home|newer post home", REST),
    (r"written by [^.!?]{1,60}|more from [^.!?]{1,60}|recommended from medium", REST),
    (r"back to (?:news|all news|the blog|blog|all posts)|(?:latest|more|other|recent) (?:news|posts|stories)"
     r"|more (?:on this story|from this section)|post navigation", REST),
    (r"you are commenting using your .{0,40}account\..{0,40}", DROP),
    (r"connecting to %s", DROP),
    (r"(?:google|twitter|facebook|wordpress\.com) (?:photo|picture)", DROP),
    (r"(?:name|e-?mail|website|comment) \*", DROP),
    (r"post comment|cancel reply", DROP),
    (r"notify me of (?:new|follow-up) (?:comments|posts) (?:via|by) e-?mail\.?", DROP),
    (r"subscribe to: post comments \(atom\)", DROP),
    # Subscribe boxes, also the ones Substack puts between paragraphs.
    (r"thanks for reading [^!?]{1,80}! subscribe for free to receive new posts and support my work\.?", DROP),
    (r"subscribe (?:now|for free|to [^.!?]{1,60})|type your email(?:\.\.\.|…)?|enter your email(?: address)?:?", DROP),
    (r"copy link|discover more from [^.!?]{1,60}|over [\d,]+ subscribers|continue reading", DROP),
    (r"(?:sign up|subscribe) (?:to|for) (?:our|the|my) (?:newsletter|mailing list)[^.!?]{0,60}", DROP),
    (r"\d+ (?:likes?|restacks?|claps?|followers)|(?:\d+ )?likes? ∙ \d+ restacks?", DROP),
    (r"published in [^.!?]{1,60}", DROP),
    (rf"(?:last )?updated(?: on)?:? {DATE}", DROP),
    (r"\d{1,5}|see all", COUNT),
    # Cookie banners: only their own stock sentences.
    (rf"(?:(?:this|our) (?:web)?site uses|we use) cookies(?: and similar technologies)?(?: to {_COOKIE_WHY}"
     r"|\.)[^!?]{0,200}", HEAD),
    (r"(?:accept|reject|allow|decline) (?:all(?: cookies)?|cookies)|(?:cookie|privacy) (?:settings|preferences|policy)"
     r"|manage (?:cookies|preferences|consent)|got it!?|accept|reject|read more|i agree", DROP),
    # Sharing, likes and related posts.
    (r"share this(?: post)?:?", SECTION),
    (r"like this:?", SECTION),
    (r"related(?: posts?| topics| articles)?:?", SECTION),
    (r"(?:like )?loading(?:\.\.\.|…)?", DROP),
    (r"be the first to like this\.?", DROP),
    (r"click to (?:share|email|print)\b[^.!?]{0,80}", DROP),
    (r"share (?:on|to|via) (?:facebook|twitter|x|pinterest|linkedin|reddit|tumblr|whatsapp|e-?mail)", DROP),
    (r"email this\s*blogthis!.*", DROP),
    # Post metadata.
    (rf"posted (?:in|on|by|under) {_LABEL}", DROP),
    (rf"(?:tagged|filed under|categories|category|tags|labels|(?:related )?topics):? {_LABEL}", DROP),
    (r"read more: [^.!?]{1,120}|advertisement|hide ad|writer's picture|(?:← )?previous post|next post(?: →)?", DROP),
    (r"this entry was posted in .{1,200} bookmark the permalink\.?", DROP),
    (DATE, HEAD),
    # Site header and footer.
    (r"skip to (?:content|main content|navigation|the content)", NAV),
    (r"(?:main |primary |site )?(?:menu|navigation)|toggle (?:navigation|menu)|(?:open|close) menu", NAV),
    (r"search(?: for| this site| the site| \.\.\.| …)?:?|type and (?:hit|press) enter(?:\.\.\.|…)?", NAV),
    (r"sign (?:in|up)|log ?in|open in app|get the app|write", NAV),
    (r"you are here:? .{1,160}|home ?[»>›/|] ?[^.!?]{1,160}", NAV),
    (r"blog at wordpress\.com\.?|(?:proudly )?powered by (?:blogger|wordpress|substack)\.?", DROP),
    (r"(?:©|copyright ©?|\(c\)) ?\d{4}(?:[-–]\d{4})?[^.!?]{0,80}\.?(?: all rights reserved\.?)?", DROP),
    (r"privacy(?: policy)?(?: [∙·|] ?(?:terms|collection notice|cookie policy))*|terms(?: of use| and conditions)?"
     r"|accessibility(?: statement)?|sitemap|back to top|website (?:by|designed by) [^.!?]{1,60}", DROP),
    (r"comments?|website|print|e-?mail|reblog|subscribe|logo|like|share|tweet|twitter|facebook"
     r"|pinterest|linkedin|reddit|tumblr|whatsapp|telegram|pocket|more|follow|reply|notes|previous|next", WORD),
)
_RULES = tuple((re.compile(p, re.IGNORECASE), action) for p, action in FURNITURE)


@dataclass(frozen=True, slots=True)
class Meta:
    """Who wrote a post and when, as a header line of the page says it."""

    author: str | None = None
    date: str | None = None
    about: str | None = None


def furniture(line: str) -> str | None:
    """What to do with a line of site furniture, or None for a line that may be the essay's."""
    return next((action for pattern, action in _RULES if pattern.fullmatch(line)), None)


def is_rule(line: str) -> bool:
    """A horizontal rule drawn with characters ("— — —", "* * *", "___")."""
    return RULE.fullmatch(line) is not None


def posted(line: str) -> Meta | None:
    """The author and date of a "Posted on … by …", "Published: …" or "By NAME" line."""
    if line.rstrip("\"'”’)]»")[-1:] in ".!?…":
        return None  # a sentence ("Posted by hand, the letter arrived."), never a byline
    for pattern in POSTED:
        if m := pattern.fullmatch(line):
            found = m.groupdict()
            return Meta(found.get("name"), _without_weekday(found.get("date")), found.get("about"))
    return None


def bare_date(line: str) -> str | None:
    """The date of a line that is only a date (and maybe a time), without the time."""
    if re.fullmatch(DATE, line, re.IGNORECASE):
        return _without_weekday(re.match(DAY_DATE, line, re.IGNORECASE)[0])
    return None


def _without_weekday(date: str | None) -> str | None:
    """"Saturday, 14 September 2019" is printed as "14 September 2019"."""
    return re.sub("^" + _DAY, "", date, count=1, flags=re.IGNORECASE) if date else date


# How a line reads: a sentence, a title, a list of tags, a name.
_TAG_LINE = re.compile(r"[\w'’-]+(?:[ ,|/·]+[\w'’-]+){0,7}")
_LITTLE_WORDS = frozenset(
    "a an and are as at by for from how in is it my of on or our the to was what when why with your".split())
_SENTENCE_END = frozenset(".!?…")
_CLOSERS = "\"'”’)]»"
_SHORT = 12  # words: longer lines read as prose even without a full stop
_TITLE_WORDS = 20
NAME_LINE = re.compile(r"(?:(?:mr|mrs|ms|miss|dr|prof)\.? )?[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){1,3}", re.IGNORECASE)

# Why a line was left out, as the report says it.
HEADER_WHY = "site header"
FRONT_WHY = "front matter"
POST_HEADER_WHY = "post header"
RULE_WHY = "horizontal rule"
SITE_WHY = "site text"
SHARE_WHY = "share or related links"
COMMENTS_WHY = "comments and footer"
TAGS_END_WHY = "tags or links at the end"
BYLINE_WHY = "byline (front matter)"


@dataclass(frozen=True, slots=True)
class Removed:
    """A line of the paste left out of the essay, and why."""

    line: int
    text: str
    why: str


def ends_sentence(line: str) -> bool:
    return line.rstrip(_CLOSERS)[-1:] in _SENTENCE_END


def reads_like_sentence(line: str) -> bool:
    """Prose, not a label: ends like a sentence or is too long for a button or title."""
    return ends_sentence(line) or len(line.split()) > _SHORT


def title_like(line: str) -> bool:
    return len(line.split()) <= _TITLE_WORDS and line.rstrip(_CLOSERS)[-1:] != "."


def is_tag_line(line: str) -> bool:
    words = re.findall(r"[\w'’-]+", line)
    return (_TAG_LINE.fullmatch(line) is not None
            and all(w[0].islower() or w[1:] == w[1:].lower() for w in words)
            and not any(w.lower() in _LITTLE_WORDS for w in words))
