"""
Bluesky: bsky.app post addresses, the "bluesky-embed" blockquote, and embed.bsky.app's public oEmbed.

A post lives at bsky.app/profile/<handle or DID>/post/<record key>; its embed code names it by AT-URI
(at://<DID>/app.bsky.feed.post/<record key>). Handles change and an address may carry either, so a post is
known by its record key alone: a timestamp identifier (TID) unique in practice, which also carries the
time the post was written.
"""

import re
from datetime import UTC, datetime
from urllib.parse import quote

from social.markup import clean_text, post_text, squash
from social.platforms.base import NotAPost, ParsedPost, Platform

ACTOR = re.compile(r"(?:did:[a-z]+:[A-Za-z0-9._:%-]{1,200}|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)")
RECORD_KEY = re.compile(r"[A-Za-z0-9._~:-]{1,512}")
AT_URI = re.compile(r"^at://(?P<actor>[^/]+)/app\.bsky\.feed\.post/(?P<rkey>[^/?#]+)$")
TID = re.compile(r"[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}")
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
BYLINE = re.compile(r"^[\s\u2014\u2013-]*(?P<name>.*?)\s*\(\s*\)?\s*$", re.DOTALL)
CHROME = {"[image or embed]"}


class Bluesky(Platform):
    slug = "bluesky"
    name = "Bluesky"
    hosts = frozenset({"bsky.app", "www.bsky.app", "go.bsky.app"})
    link_domains = ("bsky.app",)
    embed_classes = ("bluesky-embed",)
    oembed_endpoint = "https://embed.bsky.app/oembed"
    oembed_html_is_embed_code = True
    frame_sources = ("https://embed.bsky.app",)
    embed_box = "post"
    mention_pattern = r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?"  # handles are domain names
    mark = (
        '<svg viewBox="0 0 24 24" width="20" height="20" fill="#0a66d8" aria-hidden="true" focusable="false">'
        '<path d="M5.8 3.6C8.4 5.5 11.1 9.5 12 11.5c.9-2 3.6-6 6.2-7.9 1.9-1.4 4.9-2.4 4.9 1 0 .7-.4 5.7-.6 6.5'
        "-.8 2.9-3.8 3.7-6.5 3.2 4.7.8 5.9 3.5 3.3 6.1-4.9 5-7-1.3-7.6-2.9l-.3-.7-.3.7c-.6 1.6-2.7 7.9-7.6 2.9"
        '-2.6-2.6-1.4-5.3 3.3-6.1-2.7.5-5.7-.3-6.5-3.2C1.3 10.3.9 5.3.9 4.6c0-3.4 3-2.4 4.9-1z"/></svg>'
    )
    mention_address = "https://bsky.app/profile/{handle}"
    hashtag_address = "https://bsky.app/hashtag/{tag}"

    def recognise(self, host, segments, query):
        if host == "go.bsky.app":
            raise NotAPost(
                "go.bsky.app short links can only be read by visiting them: paste the post’s bsky.app address"
            )
        # bsky.app/profile/<handle or DID>/post/<record key>
        if len(segments) >= 4 and segments[0] == "profile" and segments[2] == "post":
            actor, rkey = segments[1], segments[3]
            if ACTOR.fullmatch(actor) and RECORD_KEY.fullmatch(rkey):
                return self.post(actor, rkey)
        raise NotAPost("this Bluesky address is not a link to one post (it should contain /profile/…/post/…)")

    def post(self, actor, rkey):
        handle = "" if actor.startswith("did:") else actor.lower()
        return self.ref(rkey, f"https://bsky.app/profile/{handle or actor}/post/{rkey}", handle)

    def parse_blockquote(self, blockquote):
        # The AT-URI names the post by its author's DID, which never changes; else the links to it do.
        uri = AT_URI.match(blockquote.attrs.get("data-bluesky-uri", "").strip())
        if uri and ACTOR.fullmatch(uri["actor"]) and RECORD_KEY.fullmatch(uri["rkey"]):
            ref = self.post(uri["actor"], uri["rkey"])
        else:
            ref = self.linked_post(blockquote)
        paragraphs = []
        for paragraph in blockquote.find_all("p"):
            for anchor in list(paragraph.find_all("a")):
                if squash(anchor.text()) in CHROME:
                    anchor.children.clear()
            paragraphs.append(clean_text(post_text(paragraph, self)))
        # "— Name (<a>@handle</a>) <a>date</a>": the name is the blockquote's own text, the handle a link.
        handle = next(
            (
                squash(anchor.text())[1:]
                for anchor in blockquote.children
                if not isinstance(anchor, str) and anchor.tag == "a" and squash(anchor.text()).startswith("@")
            ),
            ref.handle,
        )
        byline = BYLINE.match(squash(blockquote.own_text()))
        return ParsedPost(
            ref=ref,
            author_name=byline["name"] if byline else "",
            author_handle=handle,
            text="\n\n".join(paragraph for paragraph in paragraphs if paragraph),
            posted_at=posted_at(ref.post_id),
            complete=True,
        )

    def original_url(self, post):
        if post.author_handle:
            return f"https://bsky.app/profile/{quote(post.author_handle)}/post/{quote(post.post_id)}"
        return post.permalink

    def embed_url(self, post):
        actor = post.permalink.split("/profile/", 1)[-1].split("/", 1)[0]
        return f"https://embed.bsky.app/embed/{actor}/app.bsky.feed.post/{quote(post.post_id)}"


def posted_at(rkey):
    """The time inside a record key that is a TID: microseconds since 1970 above ten bits of clock id."""
    if not TID.fullmatch(rkey):
        return None
    value = 0
    for character in rkey:
        value = value * 32 + TID_ALPHABET.index(character)
    try:
        return datetime.fromtimestamp((value >> 10) / 1_000_000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
