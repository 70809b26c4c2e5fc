"""X (Twitter): x.com and twitter.com posts, the "Embed post" blockquote, publish.twitter.com's oEmbed."""

import re
from datetime import UTC, datetime
from urllib.parse import quote

from social.markup import clean_text, post_text, squash, time_from_seconds
from social.platforms.base import EmbedError, NotAPost, ParsedPost, Platform, first

HANDLE = re.compile(r"[A-Za-z0-9_]{1,20}")  # 15 today; some old accounts have longer ones
NUMBER = re.compile(r"[0-9]{1,25}")
# "— Shah Rukh Khan (@iamsrk)": the text of the blockquote between its paragraph and its date link.
BYLINE = re.compile(r"^[\s\u2014\u2013-]*(?P<name>.*?)\s*\(@(?P<handle>[A-Za-z0-9_]{1,20})\)\s*$", re.DOTALL)
FIRST_SNOWFLAKE = 29700859247  # post numbers from late 2010 on carry their own creation time
EPOCH_MS = 1288834974657


class X(Platform):
    slug = "x"
    name = "X"
    hosts = frozenset(
        {"twitter.com", "www.twitter.com", "mobile.twitter.com", "x.com", "www.x.com", "mobile.x.com"}
        | {"platform.twitter.com", "t.co"}
    )
    link_domains = ("twitter.com", "x.com", "t.co")
    embed_classes = ("twitter-tweet", "twitter-video")
    oembed_endpoint = "https://publish.twitter.com/oembed"
    oembed_html_is_embed_code = True
    frame_sources = ("https://platform.twitter.com",)
    embed_box = "post"
    mark = (
        '<svg viewBox="0 0 24 24" width="20" height="20" fill="currentColor" aria-hidden="true" focusable="false">'
        '<path d="M18.9 2H22l-7.4 8.5L23 22h-6.8l-5.3-6.9L4.8 22H1.7l7.9-9.1L1.5 2h7l4.8 6.3L18.9 2zm-1.2 18h1.7'
        'L7.4 3.9H5.6L17.7 20z"/></svg>'
    )
    mention_address = "https://x.com/{handle}"
    hashtag_address = "https://x.com/hashtag/{tag}"
    embed_address = "https://platform.twitter.com/embed/Tweet.html?id={post_id}&dnt=true"

    def recognise(self, host, segments, query):
        if host == "platform.twitter.com":
            # The iframe address of X's own embed: platform.twitter.com/embed/Tweet.html?id=…
            post_id = first(query, "id")
            if segments[-1:] == ["Tweet.html"] and NUMBER.fullmatch(post_id):
                return self.post(post_id)
            raise NotAPost("this X embed address has no post number")
        if host == "t.co":
            raise NotAPost("t.co is X’s link shortener; paste the post’s own address (x.com/…/status/…)")
        # x.com/handle/status/123, …/status/123/photo/1, x.com/i/web/status/123, x.com/i/status/123
        for index, segment in enumerate(segments):
            if segment in ("status", "statuses") and index + 1 < len(segments):
                post_id = segments[index + 1]
                if not NUMBER.fullmatch(post_id):
                    break
                handle = segments[0] if index == 1 and segments[0] != "i" else ""
                return self.post(post_id, handle if HANDLE.fullmatch(handle) else "")
        raise NotAPost("this X address is not a link to one post (it should contain /status/ and a number)")

    def post(self, post_id, handle=""):
        # The handle is left out of the canonical address: accounts get renamed, post numbers never change.
        return self.ref(post_id, f"https://x.com/i/web/status/{post_id}", handle)

    def parse_blockquote(self, blockquote):
        for anchor in reversed(list(blockquote.find_all("a"))):
            ref = self.read_link(anchor.attrs.get("href", ""))
            if ref is not None:
                date_link = anchor
                break
        else:
            raise EmbedError("this X embed code has no post link")
        paragraphs = [clean_text(post_text(paragraph, self)) for paragraph in blockquote.find_all("p")]
        byline_text = squash(blockquote.own_text())
        byline = BYLINE.match(byline_text)
        if byline:
            name, handle = byline["name"], byline["handle"]
        else:
            name, handle = byline_text.lstrip("\u2014\u2013- "), ref.handle
        return ParsedPost(
            ref=ref,
            author_name=name,
            author_handle=handle or ref.handle,
            text="\n\n".join(paragraph for paragraph in paragraphs if paragraph),
            posted_at=posted_at(ref.post_id, date_link.text()),
            complete=True,
        )

    def oembed_query(self, ref):
        # X's endpoint documents twitter.com/<user>/status/<id> addresses; any user name finds the post.
        url = f"https://twitter.com/{ref.handle or 'i'}/status/{ref.post_id}"
        return {"url": url, "format": "json", "omit_script": "1", "dnt": "true"}

    def original_url(self, post):
        if post.author_handle:
            return f"https://x.com/{quote(post.author_handle)}/status/{post.post_id}"
        return post.permalink


def posted_at(post_id, date_text):
    if int(post_id) >= FIRST_SNOWFLAKE:
        return time_from_seconds(((int(post_id) >> 22) + EPOCH_MS) / 1000)
    try:
        return datetime.strptime(squash(date_text), "%B %d, %Y").replace(tzinfo=UTC)
    except ValueError:
        return None
