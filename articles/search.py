"""
Readers' search: one function, search_articles(), over the index the database keeps (migration 0015):
SQLite's FTS5 by default, PostgreSQL's full-text search when DATABASE_URL points there.

The reader's words are never passed to either engine as syntax. The query is cut into words (letters,
digits and marks, so that Hindi and Korean words stay whole), each word quoted; a phrase in double quotes
stays a phrase, and every word outside one also finds the words it begins ("priyan" finds "Priyanka").
Quotes, stars, OR, NEAR(, brackets and SQL are punctuation or plain words, then.
"""

import html
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db import connection
from django.db.models import F, FloatField, Func, TextField, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article

# More words than a reader types: a longer query (a pasted paragraph) is searched for its first words.
MAX_WORDS = 12
# Words shorter than this are not searched as prefixes: "a*" would match half the archive. A Hangul or
# Devanagari syllable carries more than a Latin letter, so two of them ("방탄") are enough.
MIN_PREFIX = 3
MIN_PREFIX_NON_LATIN = 2
SNIPPET_WORDS = 30


@dataclass(frozen=True)
class Term:
    """A word, or several that must come together (a phrase); `prefix` also finds longer words."""

    words: tuple
    prefix: bool


@dataclass
class ParsedQuery:
    terms: list = field(default_factory=list)
    # The reader typed more than MAX_WORDS words: the page says which were searched.
    cut: bool = False

    def __bool__(self):
        return bool(self.terms)

    def words(self):
        return [word for term in self.terms for word in term.words]


def is_word_character(character):
    # Letters, digits and marks (Devanagari's vowel signs, virama and nukta are marks; Hangul is letters).
    return unicodedata.category(character)[0] in "LNM"


def split_words(text):
    """The words of `text` with where each starts and ends: [(start, end, word)]."""
    found, start = [], None
    for position, character in enumerate(text):
        if is_word_character(character):
            if start is None:
                start = position
        elif start is not None:
            found.append((start, position, text[start:position]))
            start = None
    if start is not None:
        found.append((start, len(text), text[start:]))
    return found


def is_searchable(word):
    # A word of marks alone (a stray accent) is no word: unaccent would leave PostgreSQL an empty lexeme.
    return any(unicodedata.category(character)[0] in "LN" for character in word)


def parse_query(text):
    """The reader's query as terms: "double-quoted" parts are phrases, every other word a term of its own."""
    text = unicodedata.normalize("NFC", text or "")
    terms, count, cut = [], 0, False
    for index, part in enumerate(text.split('"')):
        words = [word for _, _, word in split_words(part) if is_searchable(word)]
        if count + len(words) > MAX_WORDS:
            words, cut = words[: MAX_WORDS - count], True
        count += len(words)
        if not words:
            continue
        if index % 2 and len(words) > 1:  # inside quotes (an unclosed quote runs to the end)
            terms.append(Term(tuple(words), prefix=False))
        else:
            terms.extend(Term((word,), prefix=searched_as_prefix(word)) for word in words)
    return ParsedQuery(terms, cut)


def searched_as_prefix(word):
    return len(word) >= (MIN_PREFIX if word.isascii() else MIN_PREFIX_NON_LATIN)


def fts5_expression(parsed):
    """An FTS5 MATCH expression of quoted strings, all of which must match: "shah rukh" AND "priyan"*."""
    return " AND ".join('"{}"{}'.format(" ".join(term.words), "*" if term.prefix else "") for term in parsed.terms)


def tsquery_expression(parsed):
    """The to_tsquery() input, ('shah' <-> 'rukh') & 'priyan':*, as SQL that removes each word's accents and
    then quotes it: quote_literal() after unaccent(), because unaccent can write a quote itself ("ŉ" is
    "'n"). Words hold no operator (split_words keeps letters, digits and marks only)."""
    pieces = []
    for term in parsed.terms:
        pieces.append(Value(" & (" if pieces else "("))
        for position, word in enumerate(term.words):
            if position:
                pieces.append(Value(" <-> "))
            pieces.append(Func(Func(Value(word.lower()), function="unaccent"), function="quote_literal"))
        pieces.append(Value(":*)" if term.prefix else ")"))
    return Concat(*pieces, output_field=TextField())


class TsRank(Func):
    function = "ts_rank"
    output_field = FloatField()


class TsQuery(Func):
    """The query as the Matches lookup builds it (articles/models.py), for ranking."""

    template = "to_tsquery('simple', %(expressions)s)"


def search_articles(query, *, section=None, since=None, until=None):
    """Live articles matching `query` (a string, or parse_query's result), best first, newest first among
    equals, each with its `relevance`; an empty queryset for a query with no words.

    `section` (a Section) and the dates `since` and `until` (inclusive, in the site's time zone) narrow it.
    Live means `published()` as the search runs: a scheduled story is found once its time has come.
    """
    parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
    found = Article.objects.published()
    if not parsed:
        return found.none()
    if section is not None:
        found = found.filter(section=section)
    if since is not None:
        found = found.filter(published_at__gte=timezone.make_aware(datetime.combine(since, time.min)))
    if until is not None:
        found = found.filter(
            published_at__lt=timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min))
        )
    if connection.vendor == "postgresql":
        expression = tsquery_expression(parsed)
        found = found.filter(search_entry__document__matches=expression).annotate(
            relevance=TsRank(F("search_entry__document"), TsQuery(expression))
        )
        return found.order_by("-relevance", "-published_at", "-id")
    found = found.filter(search_entry__document__matches=fts5_expression(parsed))
    # bm25 is lower for a better match.
    return found.annotate(relevance=F("search_entry__rank")).order_by("relevance", "-published_at", "-id")


# Snippets -----------------------------------------------------------------------------------------

MARKUP = [
    (re.compile(r"!\[([^\]\n]*)\]\(image:\d+\)"), " "),  # a picture: its description is not the story's text
    (re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),  # a link: its text
    (re.compile(r"^\s*(?:https?://|<)\S*.*$", re.MULTILINE), " "),  # a pasted post's address or embed code
    (re.compile(r"<[^>\n]*>"), " "),
    (re.compile(r"[*_#>`~|]+|^\s*[-+]\s+", re.MULTILINE), " "),
    (re.compile(r"\s+"), " "),
]


def plain_text(body):
    """What a reader reads of a body, without its Markdown, pictures and pasted posts."""
    for pattern, replacement in MARKUP:
        body = pattern.sub(replacement, body)
    return html.unescape(body).strip()


def fold(word):
    """A word as the index compares it: case and Latin accents ignored ("Beyoncé" is "beyonce")."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not "\u0300" <= c <= "\u036f"))


def snippet(text, parsed, *, length=SNIPPET_WORDS):
    """`length` words of `text` around the first words of the query, HTML-escaped, the query's words in
    <mark>; None when none of them is in `text`."""
    wanted = [(fold(word), term.prefix and word == term.words[-1]) for term in parsed.terms for word in term.words]

    def matches(word):
        folded = fold(word)
        return any(folded == want or (prefix and folded.startswith(want)) for want, prefix in wanted)

    words = split_words(text)
    hits = [index for index, (_, _, word) in enumerate(words) if matches(word)]
    if not hits:
        return None
    first = max(0, min(hits[0] - length // 3, len(words) - length))
    shown = words[first : first + length]
    # The text's own start and end when they are shown, punctuation included.
    start = 0 if first == 0 else shown[0][0]
    end = len(text) if first + length >= len(words) else shown[-1][1]
    pieces = ["… " if first > 0 else ""]
    position = start
    for word_start, word_end, word in shown:
        if matches(word):
            pieces += [escape(text[position:word_start]), "<mark>", escape(word), "</mark>"]
            position = word_end
    pieces.append(escape(text[position:end]))
    pieces.append(" …" if first + length < len(words) else "")
    # Every piece of the reader's and the editor's text above went through escape(); the only markup is
    # the <mark> tags written here.
    return mark_safe("".join(pieces))


def snippet_for(article, parsed):
    """The passage of the standfirst or else the body that shows the query's words; None when the words
    are only in the headline, the tags or the authors (the list item shows the standfirst then)."""
    return snippet(article.standfirst, parsed) or snippet(plain_text(article.body), parsed)
