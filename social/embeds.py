"""
The platforms' official embed code, read offline into plain fields.

Embed code is hostile input: whatever an editor pastes is parsed into a small tree (social/markup.py), the
fields a card needs are read out of it by the platform's module (post address, author, handle, text, date,
media link), and the code itself is thrown away. Scripts, styles, event handlers and every attribute we do
not read never leave the parser; links survive only as text, re-linked later by social/text.py to the
platform's own hosts.

A snippet is a <blockquote> whose class names its platform (X's "twitter-tweet", Bluesky's
"bluesky-embed"…), or an <iframe> whose address is one of a platform's (YouTube, Facebook's plugin).
"""

from social.addresses import recognise
from social.markup import Element, parse_tree
from social.platforms import registry
from social.platforms.base import EmbedError, NotAPost, ParsedPost

__all__ = ["EmbedError", "ParsedPost", "parse_embed"]


def parse_embed(html):
    """The post in a platform's embed code, or EmbedError saying what is wrong with it."""
    element = next((child for child in parse_tree(html).children if isinstance(child, Element)), None)
    if element is None or element.tag not in ("blockquote", "iframe"):
        raise EmbedError("this embed code does not start with the platform’s <blockquote> or <iframe>")
    if element.tag == "iframe":
        return parse_frame(element)
    platform = registry.for_embed_classes(element.classes)
    if platform is None:
        raise EmbedError(
            "this embed code is not one we know: paste the official embed code or the post’s address from "
            + registry.names()
        )
    return platform.parse_blockquote(element)


def parse_frame(frame):
    src = frame.attrs.get("src", "").strip()
    try:
        ref = recognise(src) if src else None
    except NotAPost as error:
        raise EmbedError(str(error)) from None
    if ref is None:
        raise EmbedError("this frame does not show a post from " + registry.names())
    return registry.get(ref.platform).parse_frame(frame, ref)
