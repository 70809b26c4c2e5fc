"""Word-level differences between two texts, as HTML an editor reads side by side.

The texts are split into words and the spaces between them, compared with difflib, and written back with
the removed words in <del> on the old side and the added words in <ins> on the new side. Every piece of
text goes through format_html or escape, so a revision's text can never become markup in the admin.
"""

import re
from difflib import SequenceMatcher

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

# A word, or the run of spaces and line breaks after it: both are kept, so the text reads as typed.
TOKENS = re.compile(r"\S+|\s+")


def tokens(text):
    return TOKENS.findall(text or "")


def _pieces(old, new):
    """(equal?, removed text, added text) for each stretch of the two texts, in reading order."""
    before, after = tokens(old), tokens(new)
    # autojunk off: in a long body the spaces are frequent tokens, and junking them garbles the diff.
    matcher = SequenceMatcher(a=before, b=after, autojunk=False)
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        yield operation == "equal", "".join(before[a_start:a_end]), "".join(after[b_start:b_end])


def _deleted(text):
    return format_html("<del>{}</del>", text) if text else ""


def _inserted(text):
    return format_html("<ins>{}</ins>", text) if text else ""


def side_by_side(old, new):
    """(old side, new side) as HTML: removed words in <del> on the old side, added words in <ins> on the new."""
    old_html, new_html = [], []
    for equal, removed, added in _pieces(old, new):
        old_html.append(escape(removed) if equal else _deleted(removed))
        new_html.append(escape(added) if equal else _inserted(added))
    # Safe: every piece is escaped text or format_html of escaped text.
    return mark_safe("".join(old_html)), mark_safe("".join(new_html))  # noqa: S308


def changes(old, new):
    """One HTML text showing both, in reading order: what went in <del>, what came in <ins>."""
    pieces = [
        escape(removed) if equal else _deleted(removed) + _inserted(added)
        for equal, removed, added in _pieces(old, new)
    ]
    # Safe: as in side_by_side.
    return mark_safe("".join(pieces))  # noqa: S308
