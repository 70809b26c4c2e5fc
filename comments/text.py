"""
What readers may write: everything people type, refusing only the few characters that do harm.

Accepted, because they are part of how people write: emoji sequences (zero-width joiners, variation
selectors, skin tones, flags and their tag characters), ZWNJ and ZWJ in Indic, Persian and Arabic script,
right-to-left text, combining marks, and the invisible left-to-right, right-to-left and Arabic letter marks
(U+200E, U+200F, U+061C): a mark only tells the neighbouring characters which way they run, the way
keyboards for Arabic, Persian and Hebrew insert it, and it cannot reorder a span of text.

Refused, with a message naming what was found: the bidirectional embedding, override and isolate
controls (U+202A–U+202E, U+2066–U+2069), which reorder everything after them and so can make text read
differently from what it is (the "Trojan Source" trick); control characters other than newline and tab;
private-use characters (they show differently on every device, or not at all); unassigned code points;
lone surrogates (half a character; the database cannot even store one).

Character data comes from `unicodedata2`, which follows the current Unicode version: Python 3.11's own
table is Unicode 14, where emoji readers type every day (🩷, 🫨, 🪿) are still unassigned.
"""

import unicodedata2

BIDI_CONTROLS = {
    "\u202a": "a left-to-right embedding",
    "\u202b": "a right-to-left embedding",
    "\u202c": "a pop directional formatting character",
    "\u202d": "a left-to-right override",
    "\u202e": "a right-to-left override",
    "\u2066": "a left-to-right isolate",
    "\u2067": "a right-to-left isolate",
    "\u2068": "a first-strong isolate",
    "\u2069": "a pop directional isolate",
}
NEWLINE_AND_TAB = frozenset("\n\t")

# Invisible characters that can be put inside a word without changing how it looks: left out when word
# rules look for a word, so "id\u200diot" is still "idiot". Format characters (Cf) are found by category.
VARIATION_SELECTORS = {chr(c) for c in [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]}
GRAPHEME_JOINER = "\u034f"
# Letters that draw nothing, used to make a name look blank.
BLANK_LETTERS = set("\u115f\u1160\u3164\uffa0\u2800")


def normalize(value):
    """The text as stored: line breaks as \\n and NFC, so one text has one spelling whatever the keyboard."""
    return unicodedata2.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))


def harmful_character(value, *, label, allowed=NEWLINE_AND_TAB):
    """A sentence naming the first harmful character of `value` and where it is, or None when there is none.

    `label` says whose it is: "Your comment contains a right-to-left override (U+202E) just after “see”,
    an invisible character that can disguise text."
    """
    for index, ch in enumerate(value):
        found = describe(ch, allowed)
        if found:
            what, why = found
            before = " ".join(value[:index].split()[-3:])[-30:]
            where = f"just after “{before}”" if before else "at the start"
            return f"{label} contains {what} {where}, {why}."
    return None


def describe(ch, allowed):
    """(what the character is, why it is refused), or None for a character readers may write."""
    code = f"U+{ord(ch):04X}"
    if ch in BIDI_CONTROLS:
        return f"{BIDI_CONTROLS[ch]} ({code})", "an invisible character that can disguise text"
    category = unicodedata2.category(ch)
    if category == "Cc" and ch not in allowed:
        return f"a control character ({code})", "an invisible character we cannot show"
    if category == "Co":
        return f"a private-use character ({code})", "which shows differently on every device, or not at all"
    if category == "Cn":
        return f"an unassigned code point ({code})", "which no device can show"
    if category == "Cs":
        return f"a lone surrogate ({code})", "half of a character that lost its other half"
    return None


def is_invisible(ch):
    """Whether the character `ch` changes nothing a reader sees (a variation selector, a joiner, a format mark)."""
    return ch in VARIATION_SELECTORS or ch == GRAPHEME_JOINER or unicodedata2.category(ch) == "Cf"


def without_invisible(value):
    """`value` without the characters that change nothing a reader sees: for matching words, never for storing."""
    return "".join(ch for ch in value if not is_invisible(ch))


def is_blank(value):
    """True when nothing in `value` would show: only spaces, invisible characters and blank letters."""
    return not any(not ch.isspace() and ch not in BLANK_LETTERS for ch in without_invisible(value))
