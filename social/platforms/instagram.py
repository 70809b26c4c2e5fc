"""Instagram: /p/ and /reel/ addresses, the "instagram-media" blockquote, Meta's instagram_oembed."""

import re

from social.markup import clean_text, parse_iso, post_text, squash
from social.platforms.base import NotAPost, ParsedPost, Platform

CODE = re.compile(r"[A-Za-z0-9_-]{5,40}")
BYLINE = re.compile(r"^A post shared by\s+(?P<who>.+?)\s*$", re.DOTALL)
NAME_AND_HANDLE = re.compile(r"^(?P<name>.*?)\s*\(@(?P<handle>[A-Za-z0-9_.]{1,40})\)$")
CHROME = {"View this post on Instagram"}


class Instagram(Platform):
    slug = "instagram"
    name = "Instagram"
    hosts = frozenset({"instagram.com", "www.instagram.com", "m.instagram.com"})
    link_domains = ("instagram.com",)
    embed_classes = ("instagram-media",)
    oembed_endpoint = "https://graph.facebook.com/v21.0/instagram_oembed"
    oembed_needs_meta_token = True
    oembed_html_is_embed_code = True
    frame_sources = ("https://www.instagram.com",)
    embed_box = "picture"
    mark = (
        '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">'
        '<rect x="2.5" y="2.5" width="19" height="19" rx="5.5" fill="none" stroke="#b0126b" stroke-width="2"/>'
        '<circle cx="12" cy="12" r="4.2" fill="none" stroke="#b0126b" stroke-width="2"/>'
        '<circle cx="17.4" cy="6.6" r="1.3" fill="#b0126b"/></svg>'
    )
    mention_address = "https://www.instagram.com/{handle}/"
    hashtag_address = "https://www.instagram.com/explore/tags/{tag}/"
    embed_address = "https://www.instagram.com/p/{post_id}/embed/"

    def recognise(self, host, segments, query):
        # instagram.com/p/CODE/, /reel/CODE/, /reels/CODE/, /tv/CODE/, /handle/p/CODE/, /p/CODE/embed
        for index, segment in enumerate(segments[:-1]):
            if segment in ("p", "reel", "reels", "tv"):
                code = segments[index + 1]
                if CODE.fullmatch(code):
                    # A reel's code opens under /p/ too, so both spellings are one post.
                    return self.ref(code, f"https://www.instagram.com/p/{code}/", segments[0] if index == 1 else "")
        raise NotAPost("this Instagram address is not a link to one post or reel (it should contain /p/ or /reel/)")

    def parse_blockquote(self, blockquote):
        ref = self.linked_post(blockquote, "data-instgrm-permalink")
        name = handle = ""
        caption = []
        for paragraph in blockquote.find_all("p"):
            anchor = paragraph.find("a")
            byline = BYLINE.match(squash(anchor.text())) if anchor else None
            if byline:
                who = byline["who"]
                both = NAME_AND_HANDLE.match(who)
                if both:
                    name, handle = both["name"], both["handle"]
                elif who.startswith("@"):
                    handle = who[1:]
                else:
                    name = who
            else:
                text = clean_text(post_text(paragraph, self))
                if text and text not in CHROME:
                    caption.append(text)
        time = blockquote.find("time")
        return ParsedPost(
            ref=ref,
            author_name=name,
            author_handle=handle or ref.handle,
            text="\n\n".join(caption),
            posted_at=parse_iso(time.attrs.get("datetime", "")) if time else None,
            complete=bool(name or handle or caption),
        )

    def oembed_query(self, ref):
        return {**super().oembed_query(ref), "omitscript": "true"}

    def read_oembed(self, data, ref):
        post = super().read_oembed(data, ref)
        post.author_handle = post.author_handle or post.author_name  # Instagram's author_name is the handle
        return post
