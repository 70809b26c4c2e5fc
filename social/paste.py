"""
The one door into this app for whatever shows posts in its own text (article bodies today; a live blog or
comments could use it the same way): find the posts pasted in a text, archive them, draw their cards.

The rest of the app (platforms, parsing, fetching) is its own business; articles/ uses only this module,
the SocialPost model (to link its rows to posts) and the admin (to extend it).
"""

from dataclasses import dataclass

from social.addresses import NotAPost, recognise
from social.cards import render_card
from social.embeds import EmbedError, ParsedPost, parse_embed
from social.markup import closing_line
from social.platforms import registry
from social.services import archive_social_posts, preview_post

__all__ = [
    "Pasted",
    "ParsedPost",
    "archive_social_posts",
    "platform_name",
    "platform_names",
    "preview_post",
    "read",
    "render_card",
]

EMBED_CODE_STARTS = ("<blockquote", "<iframe")


@dataclass(frozen=True)
class Pasted:
    """What a pasted line (and the lines its embed code runs over) holds."""

    end: int  # index of its last line
    post: ParsedPost | None = None  # the post, when it could be read
    problem: str = ""  # else why not, written for the editor
    is_address: bool = False  # the paste is a bare address (it stays in the text when unreadable)


def read(lines, start):
    """The post pasted at lines[start], as a bare address or the platform's embed code; None if it is not one.

    Embed code runs until its first element closes and takes the platform's <script> line after it if
    there is one. Embed code never contains a blank line, so a snippet still open at a blank line is cut.
    """
    line = lines[start].strip()
    address = line.removeprefix("<").removesuffix(">")
    if address.startswith(("http://", "https://")) and not any(character.isspace() for character in address):
        try:
            ref = recognise(address)
        except NotAPost as error:
            return Pasted(start, problem=str(error), is_address=True)
        if ref is not None:
            return Pasted(start, post=ParsedPost(ref=ref, author_handle=ref.handle), is_address=True)
        return None
    if not line.lower().startswith(EMBED_CODE_STARTS):
        return None
    limit = next((index for index in range(start, len(lines)) if not lines[index].strip()), len(lines))
    end = closing_line(lines, start, limit)
    if end is None:
        tag = "</iframe>" if line.lower().startswith("<iframe") else "</blockquote>"
        return Pasted(limit - 1, problem=f"this embed code is cut short (its closing {tag} is missing)")
    if end + 1 < limit and lines[end + 1].strip().lower().startswith("<script"):
        end = closing_line(lines, end + 1, limit) or end
    try:
        return Pasted(end, post=parse_embed("\n".join(lines[start : end + 1])))
    except EmbedError as error:
        return Pasted(end, problem=str(error))


def platform_name(slug):
    return registry.get(slug).name


def platform_names():
    """ "X, Instagram, … or Threads": the platforms an editor can paste posts from."""
    return registry.names()
