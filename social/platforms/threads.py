"""
Threads: threads.com and threads.net post addresses and the "text-post-media" blockquote.

Threads' embed code carries only the post's address and its author's handle (the text is drawn by
Threads' script), so a pasted post waits for Meta's oEmbed, which needs SOCIAL_META_ACCESS_TOKEN like
Instagram's; without it the card shows what the address tells and the editor can fill in the text.
"""

import re
from urllib.parse import quote

from social.markup import squash
from social.platforms.base import NotAPost, ParsedPost, Platform

CODE = re.compile(r"[A-Za-z0-9_-]{5,40}")
HANDLE = re.compile(r"[A-Za-z0-9_.]{1,40}")
BYLINE = re.compile(r"^Post by @(?P<handle>[A-Za-z0-9_.]{1,40})$")


class Threads(Platform):
    slug = "threads"
    name = "Threads"
    hosts = frozenset({"threads.com", "www.threads.com", "threads.net", "www.threads.net"})
    link_domains = ("threads.com", "threads.net")
    embed_classes = ("text-post-media",)
    oembed_endpoint = "https://graph.threads.net/v1.0/oembed"
    oembed_needs_meta_token = True
    oembed_html_is_embed_code = True
    frame_sources = ("https://www.threads.com", "https://www.threads.net")
    embed_box = "tall"
    mark = (
        '<svg viewBox="0 0 24 24" width="20" height="20" fill="currentColor" aria-hidden="true" focusable="false">'
        '<path d="M12 2a10 10 0 1 0 5.2 18.5l-1-1.7A8 8 0 1 1 20 12v1c0 1.3-.8 2.1-1.8 2.1s-1.7-.8-1.7-2.1v-1'
        "a4.5 4.5 0 1 0-1.4 3.3 3.6 3.6 0 0 0 3.1 1.7c2.2 0 3.8-1.8 3.8-4.1v-.9A10 10 0 0 0 12 2zm0 12.7a2.7 "
        '2.7 0 1 1 0-5.4 2.7 2.7 0 0 1 0 5.4z"/></svg>'
    )
    mention_address = "https://www.threads.com/@{handle}"
    hashtag_address = "https://www.threads.com/search?q={tag}&serp_type=tags"

    def recognise(self, host, segments, query):
        # threads.com/@handle/post/CODE (/media, /embed), threads.com/t/CODE
        if len(segments) >= 3 and segments[0].startswith("@") and segments[1] == "post":
            handle, code = segments[0][1:], segments[2]
            if HANDLE.fullmatch(handle) and CODE.fullmatch(code):
                return self.post(code, handle)
        if len(segments) >= 2 and segments[0] == "t" and CODE.fullmatch(segments[1]):
            return self.post(segments[1])
        raise NotAPost("this Threads address is not a link to one post (it should contain /post/ or /t/)")

    def post(self, code, handle=""):
        # The code names the post whatever the account is called now, as Threads' own /t/ addresses do.
        return self.ref(code, f"https://www.threads.com/t/{code}", handle.lower())

    def parse_blockquote(self, blockquote):
        ref = self.linked_post(blockquote, "data-text-post-permalink")
        handle = ref.handle
        for division in blockquote.find_all("div"):
            byline = BYLINE.match(squash(division.own_text()))
            if byline:
                handle = handle or byline["handle"]
        return ParsedPost(ref=ref, author_handle=handle)  # no text: it waits for a fetch

    def oembed_query(self, ref):
        return {"url": address(ref.post_id, ref.handle) or ref.permalink, "omitscript": "true"}

    def original_url(self, post):
        return address(post.post_id, post.author_handle) or post.permalink

    def embed_url(self, post):
        return f"{self.original_url(post)}/embed/"


def address(code, handle):
    """The post's address under its author's name, the spelling Threads' own links use ("" without a name)."""
    return f"https://www.threads.com/@{quote(handle)}/post/{code}" if handle else ""
