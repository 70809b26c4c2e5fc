"""
Readable Latin addresses from names and headlines in any script: docs/decisions.md, "Slugs are Latin, from
any script".

The nine Indic scripts are romanised here, because anyascii (like every table-driven transliterator) maps
each letter on its own and so drops the vowel a consonant carries: it makes "rjinikant" of ரஜினிகாந்த்
and "sahrukh'" of शाहरुख़. Everything else (Latin with accents, Korean, Cyrillic, Arabic…) goes through
anyascii. The admin's slug field asks the same function through a small view, so what the editor sees fill
in is what the server would make.
"""

import re
import unicodedata

from anyascii import anyascii
from django.utils.text import slugify

# The Indic blocks, Devanagari (U+0900) to Malayalam (U+0D7F), share one layout inherited from ISCII: the
# same letter sits at the same offset in each 128-character block, so one table by offset serves them all.
INDIC_START, INDIC_END, BLOCK = 0x0900, 0x0D7F, 0x80
# Hindi, Bengali, Punjabi and Gujarati do not say the vowel a consonant carries at the end of a word, nor in
# the middle between two sounded syllables (शाहरुख़ is "shahrukh"); the Dravidian languages say every one.
SCHWA_DELETING_BLOCKS = {0, 1, 2, 3}


def by_offset(first, letters):
    """{offset: Latin} for the space-separated `letters` at consecutive offsets from `first`."""
    return dict(enumerate(letters.split(), first))


CONSONANTS = by_offset(0x15, "k kh g gh n ch chh j jh n t th d dh n t th d dh n n p ph b bh m y r r l l l v sh sh s h")
# Consonants written with a nukta, precomposed (क़) or as the letter and the sign (क + ़): Urdu and Persian
# sounds that Hindi headlines use all the time (ख़ान, फ़िल्म, ज़िंदगी).
NUKTA_FORMS = {0x15: "q", 0x16: "kh", 0x17: "gh", 0x1C: "z", 0x21: "r", 0x22: "rh", 0x2B: "f", 0x2F: "y"}
PRECOMPOSED = {0x58: 0x15, 0x59: 0x16, 0x5A: 0x17, 0x5B: 0x1C, 0x5C: 0x21, 0x5D: 0x22, 0x5E: 0x2B, 0x5F: 0x2F}
VOWELS = by_offset(0x05, "a a i i u u ri li e e e ai o o o au")
VOWEL_SIGNS = by_offset(0x3E, "a i i u u ri ri e e e ai o o o au")
VOWEL_SIGNS.update({0x62: "li", 0x63: "li"})
NASALS = {0x01, 0x02, 0x70}  # candrabindu, anusvara, Gurmukhi tippi
VISARGA, NUKTA, VIRAMA = 0x03, 0x3C, 0x4D
# Letters that end a syllable by themselves: Bengali khanda ta, Malayalam chillu letters.
FINAL_CONSONANTS = {0x4E: "t", 0x7A: "n", 0x7B: "n", 0x7C: "r", 0x7D: "l", 0x7E: "l", 0x7F: "k"}
# Per script, where its reading of a shared offset differs: Tamil ழ is "zh" (தமிழ், Tamizh).
SCRIPT_OVERRIDES = {5: {0x34: "zh"}}
LABIALS = {"p", "ph", "b", "bh", "m"}
INHERENT = object()  # the vowel a consonant carries until a sign or the end of the word takes it away


class Syllable:
    def __init__(self, consonant, vowel, offset=None):
        self.consonant, self.vowel, self.offset = consonant, vowel, offset

    def roman(self, next_syllable):
        consonant = self.consonant
        if consonant == "n" and self.offset in NASALS and next_syllable and next_syllable.consonant in LABIALS:
            consonant = "m"  # मुंबई is "mumbai"
        vowel = "a" if self.vowel is INHERENT else self.vowel or ""
        return consonant + vowel


def read_syllables(word):
    """`word`, a run of letters of one Indic script, as a list of consonant + vowel syllables."""
    syllables = []
    for char in word:
        block, offset = divmod(ord(char) - INDIC_START, BLOCK)
        offset = PRECOMPOSED.get(offset, offset)
        last = syllables[-1] if syllables else None
        if offset in CONSONANTS:
            letter = SCRIPT_OVERRIDES.get(block, {}).get(offset, CONSONANTS[offset])
            nukta_form = NUKTA_FORMS.get(offset) if ord(char) % BLOCK in PRECOMPOSED else None
            syllables.append(Syllable(nukta_form or letter, INHERENT, offset))
        elif offset == NUKTA and last and last.offset in NUKTA_FORMS:
            last.consonant = NUKTA_FORMS[last.offset]
        elif offset in VOWEL_SIGNS and last and last.vowel is INHERENT:
            last.vowel = VOWEL_SIGNS[offset]
        elif offset == VIRAMA and last and last.vowel is INHERENT:
            last.vowel = None
        elif offset in VOWELS:
            syllables.append(Syllable("", VOWELS[offset]))
        elif offset in NASALS:
            syllables.append(Syllable("n", None, offset))
        elif offset == VISARGA:
            syllables.append(Syllable("h", None, offset))
        elif offset in FINAL_CONSONANTS:
            syllables.append(Syllable(FINAL_CONSONANTS[offset], None, offset))
        elif 0x66 <= offset <= 0x6F:
            syllables.append(Syllable(str(offset - 0x66), None, offset))
    return syllables


def delete_schwas(syllables):
    """Drop the unspoken inherent vowels, by Ohala's rule for Hindi: at the end of a word, and between a
    vowel and a consonant that has one of its own (VC_CV), from the end of the word to its start."""
    if len(syllables) > 1 and syllables[-1].consonant and syllables[-1].vowel is INHERENT:
        syllables[-1].vowel = None
    for i in range(len(syllables) - 2, 0, -1):
        syllable, before, after = syllables[i], syllables[i - 1], syllables[i + 1]
        if (
            syllable.vowel is INHERENT
            and syllable.consonant
            and before.vowel is not None
            and after.consonant
            and after.vowel is not None
        ):
            syllable.vowel = None


def romanise_indic(word):
    block = (ord(word[0]) - INDIC_START) // BLOCK
    syllables = read_syllables(word)
    if block in SCHWA_DELETING_BLOCKS:
        delete_schwas(syllables)
    return "".join(s.roman(syllables[i + 1] if i + 1 < len(syllables) else None) for i, s in enumerate(syllables))


INDIC_WORD = re.compile(f"[{chr(INDIC_START)}-{chr(INDIC_END)}]+")


def to_latin(text):
    """`text` in plain Latin letters: Indic words romanised, pictographs dropped, the rest by anyascii."""
    # Joiners only shape Indic letters; pictographs (emoji, ™) would become words like "tada".
    text = "".join(c for c in text if c not in "\u200c\u200d" and unicodedata.category(c) != "So")
    # Each run of one Indic block is a word of one script; a word mixing blocks is split at the change.
    text = INDIC_WORD.sub(lambda match: " ".join(romanise_indic(run) for run in split_blocks(match.group())), text)
    return anyascii(text)


def split_blocks(run):
    runs = []
    for char in run:
        block = (ord(char) - INDIC_START) // BLOCK
        if runs and (ord(runs[-1][0]) - INDIC_START) // BLOCK == block:
            runs[-1] += char
        else:
            runs.append(char)
    return runs


def slug_for(text, max_length=None):
    """The address slug of `text`, e.g. "shahrukh-khan-ki-nai-film" for "शाहरुख़ ख़ान की नई फ़िल्म".

    Empty when `text` has no letters or digits (only emoji, say). Longer than `max_length`, it is cut at
    the last whole word that fits.
    """
    slug = slugify(to_latin(text))
    if max_length and len(slug) > max_length:
        slug = slug[: max_length + 1].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug[:max_length]
    return slug.strip("-")
