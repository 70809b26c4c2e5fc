"""
What a platform module says about its platform, and what every platform shares.

A platform is a `Platform` subclass with class attributes for what is plain data (hosts, endpoint, frame
origins, mark) and methods for what needs reading (its addresses, its embed code, its oEmbed answer). The
defaults here are what most platforms do; a module overrides only where its platform differs.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs, quote, urlsplit

from django.utils.safestring import mark_safe

from social.markup import Element, parse_tree


class NotAPost(ValueError):
    """The address is on a supported platform but does not point at one post; the message says why."""


class EmbedError(ValueError):
    """Embed code we cannot read; the message is written for the editor (the caller adds the line)."""


@dataclass(frozen=True)
class PostRef:
    """One post, as its address tells: the platform's slug, the post's number or code, its canonical address."""

    platform: str
    post_id: str
    permalink: str
    handle: str = ""


@dataclass
class ParsedPost:
    """What a paste or a platform's answer tells about a post, before it is archived."""

    ref: PostRef
    author_name: str = ""
    author_handle: str = ""
    text: str = ""
    posted_at: datetime | None = None
    media_url: str = ""
    complete: bool = False  # True when it carried the post itself, not only its address


# The room a platform's own embed takes on the page (static/social/cards.css): a card that shows the post
# reserves it, so that loading the embed over the card moves nothing.
EMBED_BOXES = {
    "post": "a post of text, about 15rem high",
    "tall": "a post with its picture, about 18rem high",
    "picture": "a picture first: the card, which has no picture, reserves nothing",
    "portrait": "a portrait video beside its caption, 20.5rem wide and about 34rem high",
    "video": "a 16:9 player that takes the place of the card's still",
}


class Platform:
    slug = ""  # stored in SocialPost.platform; never change it once posts exist
    name = ""  # what readers and editors read: "X", "Instagram"
    hosts = frozenset()  # hosts whose addresses this module reads (recognise)
    link_domains = ()  # domains, and their subdomains, that a post's text may link to
    embed_classes = ()  # classes of the platform's embed-code <blockquote>
    oembed_endpoint = ""  # its public oEmbed endpoint; SOCIAL_OEMBED_<SLUG> in the environment replaces it
    oembed_needs_meta_token = False  # True: the endpoint answers only apps with SOCIAL_META_ACCESS_TOKEN
    oembed_html_is_embed_code = False  # the answer's `html` is the embed code, read like a paste
    oembed_title_is_text = False  # a video's title is the text the card shows
    frame_sources = ()  # origins its embed frame loads from (the Content-Security-Policy's frame-src)
    embed_box = "post"  # a key of EMBED_BOXES
    is_video = False  # the card shows a still with a play button
    mention_pattern = r"[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,38}[A-Za-z0-9_])?"  # what may follow @ in a post's text
    mark = ""  # an inline <svg> drawn by us, coloured by itself, aria-hidden: no request to the platform
    # Addresses on the platform, formatted with the handle, the tag or the post's number or code:
    mention_address = ""  # an account's page: "https://x.com/{handle}"
    hashtag_address = ""  # a hashtag's page: "https://x.com/hashtag/{tag}"
    embed_address = ""  # the platform's own embed of a post: "…/Tweet.html?id={post_id}"

    def __init__(self):
        if self.embed_box not in EMBED_BOXES:
            raise ValueError(f"{self.slug}: embed_box must be one of {', '.join(EMBED_BOXES)}")
        # The mark is a constant written in the platform's module, not anything a user typed.
        self.mark = mark_safe(self.mark)  # noqa: S308

    def __repr__(self):
        return f"<Platform {self.slug}>"

    # Addresses -----------------------------------------------------------------------------------

    def recognise(self, host, segments, query):
        """The post at this address (its host is one of `hosts`); raises NotAPost saying what to paste."""
        raise NotAPost(f"this {self.name} address is not a link to one post")

    def ref(self, post_id, permalink, handle=""):
        return PostRef(self.slug, post_id, permalink, handle)

    def read_address(self, url):
        """The post at `url` if it is one of this platform's; None for another host; NotAPost as recognise."""
        parts = split_address(url)
        if parts is None or parts[0] not in self.hosts:
            return None
        return self.recognise(*parts)

    def read_link(self, url):
        """The post a link in embed code points at, if it is one of this platform's posts, else None."""
        try:
            return self.read_address(url) if url else None
        except NotAPost:
            return None

    def is_own_link(self, url):
        """Whether `url` is an http(s) address on the platform's own domains (or their subdomains)."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return False
        host = (parts.hostname or "").lower()
        return parts.scheme in ("http", "https") and any(
            host == domain or host.endswith("." + domain) for domain in self.link_domains
        )

    def mention_url(self, handle):
        return self.mention_address.format(handle=quote(handle))

    def hashtag_url(self, tag):
        return self.hashtag_address.format(tag=quote(tag))

    # Embed code ----------------------------------------------------------------------------------

    def parse_blockquote(self, blockquote: Element) -> ParsedPost:
        """The post in the platform's embed-code <blockquote> (one of `embed_classes`)."""
        raise EmbedError(f"this {self.name} embed code is not one we can read")

    def linked_post(self, blockquote, attribute="", what="post"):
        """The post embed code names: in its `attribute` if given and readable, else in its first link to one.

        Raises EmbedError saying the code has no `what` link, when neither names one of this platform's.
        """
        ref = self.read_link(blockquote.attrs.get(attribute, "")) if attribute else None
        for anchor in blockquote.find_all("a"):
            ref = ref or self.read_link(anchor.attrs.get("href", ""))
        if ref is None:
            raise EmbedError(f"this {self.name} embed code has no {what} link")
        return ref

    def parse_frame(self, frame: Element, ref: PostRef) -> ParsedPost:
        """The post in an <iframe> of the platform's embed, whose address recognised as `ref`."""
        return ParsedPost(ref=ref, author_handle=ref.handle)

    def parse_embed_code(self, html):
        """The post in embed code the platform's own endpoint sent (oEmbed's `html`), or None."""
        element = next((child for child in parse_tree(html).children if isinstance(child, Element)), None)
        if element is None or element.tag != "blockquote" or not set(element.classes) & set(self.embed_classes):
            return None
        try:
            return self.parse_blockquote(element)
        except EmbedError:
            return None

    # oEmbed --------------------------------------------------------------------------------------

    def oembed_query(self, ref):
        """The query parameters of an oEmbed request about `ref` (the access token is added by the caller)."""
        return {"url": ref.permalink, "format": "json"}

    def read_oembed(self, data, ref):
        """What the platform's oEmbed answer (a dict) says about the post."""
        post = None
        html = text_field(data, "html")
        if html and self.oembed_html_is_embed_code:
            post = self.parse_embed_code(html)
        post = post or ParsedPost(ref=ref)
        post.ref = ref
        post.author_name = post.author_name or text_field(data, "author_name")
        post.author_handle = (
            post.author_handle
            or text_field(data, "author_unique_id")
            or handle_from_author_url(text_field(data, "author_url"))
        )
        if self.oembed_title_is_text and not post.text:
            post.text = text_field(data, "title")
        thumbnail = text_field(data, "thumbnail_url")
        if thumbnail.startswith("https://"):
            post.media_url = thumbnail
        post.complete = True
        return post

    # Cards ---------------------------------------------------------------------------------------

    def original_url(self, post):
        """Where "View on …" goes: the post on the platform."""
        return post.permalink

    def embed_url(self, post):
        """The platform's own embed, loaded into a frame only when a reader asks for it."""
        return self.embed_address.format(post_id=quote(post.post_id))


def split_address(url):
    """(host, path segments, query) of an http(s) address, or None for anything else."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    return (parts.hostname or "").lower(), segments, parse_qs(parts.query)


def text_field(data, key):
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def handle_from_author_url(url):
    segments = [segment for segment in urlsplit(url).path.split("/") if segment] if url else []
    handle = next((segment for segment in segments if segment.startswith("@")), segments[-1] if segments else "")
    return handle.removeprefix("@")


def first(query, name):
    """The first value of a query parameter, or ""."""
    values = query.get(name) or [""]
    return values[0]
