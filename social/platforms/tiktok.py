"""TikTok: tiktok.com/@name/video/NUMBER addresses, the "tiktok-embed" blockquote, TikTok's oEmbed."""

import re

from social.markup import clean_text, post_text, squash, time_from_seconds
from social.platforms.base import EmbedError, NotAPost, ParsedPost, Platform

HANDLE = re.compile(r"[A-Za-z0-9_.]{1,40}")
NUMBER = re.compile(r"[0-9]{1,25}")
SHORT_HOSTS = {"vm.tiktok.com", "vt.tiktok.com"}


class TikTok(Platform):
    slug = "tiktok"
    name = "TikTok"
    hosts = frozenset({"tiktok.com", "www.tiktok.com", "m.tiktok.com"} | SHORT_HOSTS)
    link_domains = ("tiktok.com",)
    embed_classes = ("tiktok-embed",)
    oembed_endpoint = "https://www.tiktok.com/oembed"
    oembed_html_is_embed_code = True
    oembed_title_is_text = True
    frame_sources = ("https://www.tiktok.com",)
    embed_box = "portrait"
    is_video = True
    mark = (
        '<svg viewBox="0 0 24 24" width="20" height="20" fill="currentColor" aria-hidden="true" focusable="false">'
        '<path d="M16.6 2c.4 2.6 2 4.3 4.6 4.5v3.2c-1.6.1-3.1-.4-4.5-1.3v6.8c0 3.8-3 6.8-6.8 6.8S3.1 19 3.1 15.2'
        "s3-6.8 6.8-6.8c.4 0 .7 0 1.1.1v3.4c-.3-.1-.7-.2-1.1-.2-1.9 0-3.4 1.6-3.4 3.5s1.5 3.4 3.4 3.4 3.4-1.5 "
        '3.4-3.4V2h3.3z"/></svg>'
    )
    mention_address = "https://www.tiktok.com/@{handle}"
    hashtag_address = "https://www.tiktok.com/tag/{tag}"
    embed_address = "https://www.tiktok.com/embed/v2/{post_id}"

    def recognise(self, host, segments, query):
        if host in SHORT_HOSTS:
            raise NotAPost(
                "TikTok short links can only be read by visiting them: open it in a browser and paste the full "
                "address (tiktok.com/@name/video/…)"
            )
        # tiktok.com/@handle/video/123 (or /photo/123 for a photo post)
        if len(segments) >= 3 and segments[0].startswith("@") and segments[1] in ("video", "photo"):
            handle, post_id = segments[0][1:], segments[2]
            if HANDLE.fullmatch(handle) and NUMBER.fullmatch(post_id):
                return self.ref(post_id, f"https://www.tiktok.com/@{handle}/video/{post_id}", handle)
        raise NotAPost("this TikTok address is not a link to one video (it should look like tiktok.com/@name/video/…)")

    def parse_blockquote(self, blockquote):
        ref = self.linked_post(blockquote, "cite", what="video")
        video_id = blockquote.attrs.get("data-video-id", "").strip()
        if video_id and video_id != ref.post_id:
            raise EmbedError("this TikTok embed code names two different videos")
        handle = ref.handle
        for anchor in blockquote.find_all("a"):
            text = squash(anchor.text())
            if text.startswith("@") and self.is_own_link(anchor.attrs.get("href", "")):
                handle = text[1:]
                break
        text = "\n\n".join(clean_text(post_text(paragraph, self)) for paragraph in blockquote.find_all("p")).strip()
        # A video's number carries its creation time in seconds in its upper 32 bits.
        seconds = int(ref.post_id) >> 32
        return ParsedPost(
            ref=ref,
            author_handle=handle,
            text=text,
            posted_at=time_from_seconds(seconds) if seconds > 1_400_000_000 else None,
            complete=bool(text),
        )

    def hashtag_url(self, tag):
        return super().hashtag_url(tag.lower())  # TikTok's tag pages are lower case
