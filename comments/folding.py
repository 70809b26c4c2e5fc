"""
Text folded for the word rules and the duplicate check: one spelling for what reads as one word.

A comment is folded once (`fold`), and every word rule the same way once per set of rules (`Rules`):

- compatibility forms become plain letters (NFKD: fullwidth ｉｄｉｏｔ, mathematical 𝐢𝐝𝐢𝐨𝐭, circled,
  ligatures), and capitals become small letters (case folding, so "ß" is "ss");
- combining marks on Latin letters are dropped ("ïdíöt", or an accent piled on each letter); marks on
  other scripts' letters are kept, since in Devanagari or Arabic they are part of how a word is spelled;
- letters that look like Latin ones become those letters, from Unicode's confusables table (TR39, as
  `confusable_homoglyphs` ships it): Cyrillic "іdіоt", Greek "ιdιοt". Only letters are mapped: digits of
  other scripts (०, ٥) stay digits, or a price in Arabic digits would read as Latin letters;
- invisible characters (joiners, variation selectors) are left out;
- runs of single letters with a separator between each (`i d i o t`, `i.d.i.o.t`, `i-d-i-o-t`) are joined,
  only the run: "a 1 in 10 chance" keeps "in", "10" and "chance" as they are. Since each letter of a run
  stood alone, a rule may match any letters inside it ("you are a i d i o t" joins "aidiot"), never
  across its ends.

Leetspeak (`1d10t`, `@ss`, `$hit`) is read by the rules' pattern rather than rewritten in the text: "1" can
be an "i" or an "l", and "5 stars" must stay a number. Each letter of a rule matches itself or its
look-alike digits and signs, and a rule still matches whole words only, so "Scunthorpe", "classic" and
"assessment" pass.

Every folded character remembers where it came from in the text as written, so the moderator is shown
the word as the reader wrote it beside the rule it matched.
"""

import functools
import hashlib
import re
from dataclasses import dataclass

import unicodedata2
from confusable_homoglyphs.utils import load as load_confusables_data

from comments.text import is_invisible

# The digits and signs that stand for a letter. A rule's letter matches any of them in a comment.
LEET = {
    "a": "@4",
    "b": "8",
    "e": "3€",
    "g": "9",
    "i": "1!|",
    "l": "1|",
    "o": "0",
    "s": "$5",
    "t": "7+",
    "z": "2",
}
# The same signs read back into letters, for a rule written in leetspeak itself ("1d10t").
LEET_LETTERS = {"@": "a", "4": "a", "8": "b", "3": "e", "9": "g", "1": "i", "!": "i", "0": "o", "$": "s", "5": "s"}
LEET_LETTERS |= {"7": "t", "2": "z"}


def _mark_class():
    """A regular-expression class of every combining mark: Python's \\w leaves them out, but in Devanagari,
    Tamil or Arabic a mark is part of the word (the vowel sign in "पिक्चर"), never a separator."""
    # Marks live in the first two planes and among the variation selectors of plane 14.
    candidates = [*range(0x300, 0x20000), *range(0xE0100, 0xE01F0)]
    codes = [c for c in candidates if unicodedata2.category(chr(c)).startswith("M")]
    ranges, start = [], codes[0]
    for previous, code in zip(codes, codes[1:] + [None], strict=True):
        if code != previous + 1:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(previous))}")
            start = code
    return "".join(ranges)


@functools.cache
def patterns():
    """The regular expressions of folding, built on first use: listing the marks takes a tenth of a second."""
    marks = _mark_class()
    # A "word character" as the rules see it: a letter, a digit or a combining mark (the underscore is a
    # separator here).
    word = rf"(?:[^\W_]|[{marks}])"
    not_word = rf"(?:(?![{marks}])[^\w]|_)"
    # Spaced-out letters: single letters or digits (or the signs @ and $, which stand for letters) with one
    # to three separators between each, never a line break. Each must stand alone: in "i d idiot" only
    # "i d" is a run.
    single = r"(?:[^\W_]|[@$])"
    separator = rf"(?:(?![@$\n]){not_word}){{1,3}}"
    return Patterns(
        not_word_before=rf"(?<![^\W_])(?<![{marks}])",
        not_word_after=rf"(?!{word})",
        spaced_run=re.compile(rf"(?<![^\W_@$])(?<![{marks}]){single}(?:{separator}{single})+(?![@$]|{word})"),
        separators=re.compile(rf"(?:(?![@$]){not_word})+"),
    )


@dataclass(frozen=True)
class Patterns:
    not_word_before: str
    not_word_after: str
    spaced_run: re.Pattern
    separators: re.Pattern  # between the words of a phrase


# The most of the text as written that a moderator is shown for one match.
WRITTEN_MAX = 60


@functools.cache
def confusable_letters():
    """{letter: Latin letters} for every letter of another script (or a Latin variant) that looks like Latin.

    From the confusables data: a character with a single entry maps to its prototype, followed to the
    end of a chain (ᴛ → T); only letters whose prototype folds to plain a–z are kept.
    """
    data = load_confusables_data("confusables.json")
    table = {}
    for source, entries in data.items():
        if len(source) != 1 or source.isascii() or not unicodedata2.category(source).startswith("L"):
            continue
        if len(entries) != 1:
            continue  # a prototype itself: its entries are the characters that look like it
        target, seen = entries[0]["c"], {source}
        while not target.isascii() and target not in seen and len(data.get(target, [])) == 1:
            seen.add(target)
            target = data[target][0]["c"]
        folded = _strip_latin_marks(unicodedata2.normalize("NFKD", target)).casefold()
        if folded.isascii() and folded.isalpha() and len(folded) <= 2:
            table[source] = folded
    return table


def _is_mark(ch):
    return unicodedata2.category(ch).startswith("M")


def _strip_latin_marks(value):
    """`value` without the combining marks that follow an ASCII letter."""
    kept = []
    for ch in value:
        if _is_mark(ch) and kept and kept[-1].isascii() and kept[-1].isalnum():
            continue
        kept.append(ch)
    return "".join(kept)


@functools.lru_cache(maxsize=8192)
def fold_character(ch):
    """One character of a comment, folded: "" for an invisible one, maybe several letters ("ß" → "ss")."""
    if is_invisible(ch):
        return ""
    if ch.isascii():
        return ch.lower()
    value = _strip_latin_marks(unicodedata2.normalize("NFKD", ch))
    value = unicodedata2.normalize("NFC", value).casefold()
    table = confusable_letters()
    return "".join(table.get(c, c) for c in value)


@dataclass(frozen=True)
class Folded:
    """Folded text, and for each of its characters the index of the character it came from as written."""

    written: str
    text: str
    origins: tuple
    # Where in `text` spaced-out letters were joined: a rule may match any letters of a run, since each
    # letter stood alone ("you are a i d i o t" holds "idiot"), but never across a run's end.
    runs: tuple = ()

    def as_written(self, start, end):
        """The text as written behind folded text[start:end], spaces tidied, shortened for a reason line."""
        if start >= end:
            return ""
        stop = self.origins[end - 1] + 1
        while stop < len(self.written) and _is_mark(self.written[stop]):
            stop += 1  # the accents on the last letter are part of how it was written
        written = " ".join(self.written[self.origins[start] : stop].split())
        return written if len(written) <= WRITTEN_MAX else written[: WRITTEN_MAX - 1] + "…"


def fold(value):
    """`value` folded for matching (see the module's docstring), with where each character came from."""
    chars, origins = [], []
    for index, ch in enumerate(value):
        if _is_mark(ch) and chars and chars[-1].isascii() and chars[-1].isalnum():
            continue  # a combining mark typed after a Latin letter
        for folded in fold_character(ch):
            chars.append(folded)
            origins.append(index)
    text = "".join(chars)
    # Join spaced-out letters: drop the separators inside each run, and remember where the runs are.
    found = list(patterns().spaced_run.finditer(text))
    if not found:
        return Folded(value, text, tuple(origins))
    joined, joined_origins, runs, position = [], [], [], 0
    for run in found:
        joined += text[position : run.start()]
        joined_origins += origins[position : run.start()]
        start = len(joined)
        for index in range(run.start(), run.end()):
            if text[index].isalnum() or text[index] in "@$":
                joined.append(text[index])
                joined_origins.append(origins[index])
        runs.append((start, len(joined)))
        position = run.end()
    joined += text[position:]
    joined_origins += origins[position:]
    return Folded(value, "".join(joined), tuple(joined_origins), tuple(runs))


def fingerprint(value):
    """What the duplicate check compares: the folded text without spacing or punctuation, hashed.

    "Loved the trailer!" and "LOVED the   trailer" have one fingerprint; so have "ｌｏｖｅｄ" and "loved".
    """
    return fingerprint_of(fold(value))


def fingerprint_of(folded):
    letters = "".join(ch for ch in folded.text if ch.isalnum())
    return hashlib.sha256(letters.encode()).hexdigest()


def rule_pattern(word):
    """The regular expression for one rule's folded word: each letter or its look-alikes, phrases across any
    separators. None for a rule that folds to nothing."""
    parts = []
    for token in patterns().separators.split(fold(word).text):
        if not token:
            continue
        if any(ch.isalpha() for ch in token):
            token = "".join(LEET_LETTERS.get(ch, ch) for ch in token)
        parts.append("".join(f"[{re.escape(ch + LEET[ch])}]" if ch in LEET else re.escape(ch) for ch in token))
    return patterns().separators.pattern.join(parts) if parts else None


@dataclass(frozen=True)
class Match:
    rule: str  # the rule's word, as the moderator wrote it
    written: str  # the words of the comment that matched it, as the reader wrote them


class Rules:
    """One kind's word rules, folded and compiled once: `search(folded)` gives the first Match or None."""

    def __init__(self, words):
        folded = [(word, rule_pattern(word)) for word in words]
        # Longest first, so that a phrase wins over a word inside it.
        self.rules = sorted(((w, p) for w, p in folded if p), key=lambda wp: len(wp[0]), reverse=True)
        self.singles = [(word, re.compile(pattern)) for word, pattern in self.rules]
        alternatives = "|".join(pattern for _, pattern in self.rules)
        bounds = patterns()
        self.regex = (
            re.compile(f"{bounds.not_word_before}(?:{alternatives}){bounds.not_word_after}") if alternatives else None
        )
        self.within_run = re.compile(f"(?:{alternatives})") if alternatives else None

    def search(self, folded):
        if self.regex is None:
            return None
        found = [self.regex.search(folded.text)]
        found += [self.within_run.search(folded.text, start, end) for start, end in folded.runs]
        found = [match for match in found if match is not None]
        if not found:
            return None
        first = min(found, key=lambda match: match.start())
        rule = next(word for word, single in self.singles if single.fullmatch(first.group(0)))
        return Match(rule=rule, written=folded.as_written(first.start(), first.end()))


@functools.lru_cache(maxsize=16)
def compiled_rules(words):
    """`Rules` for a tuple of words, kept while the rules stay the same: a moderator's edit makes a new tuple."""
    return Rules(words)
