"""YouTube: watch?v=, youtu.be, shorts/ and embed/ addresses, the "Share → Embed" iframe, YouTube's oEmbed."""

import re

from social.markup import squash
from social.platforms.base import NotAPost, ParsedPost, Platform, first

VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
GENERIC_TITLES = {"", "youtube video player", "youtube", "embedded video"}


class YouTube(Platform):
    slug = "youtube"
    name = "YouTube"
    hosts = frozenset(
        {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "youtu.be"}
        | {"youtube-nocookie.com", "www.youtube-nocookie.com"}
    )
    link_domains = ("youtube.com", "youtu.be")
    oembed_endpoint = "https://www.youtube.com/oembed"
    oembed_title_is_text = True
    frame_sources = ("https://www.youtube-nocookie.com",)
    embed_box = "video"
    is_video = True
    mark = (
        '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">'
        '<rect x="1" y="4" width="22" height="16" rx="5" fill="#c4000c"/><path d="M10 8.5v7l6-3.5z" fill="#fff"/>'
        "</svg>"
    )
    mention_address = "https://www.youtube.com/@{handle}"
    hashtag_address = "https://www.youtube.com/hashtag/{tag}"
    embed_address = "https://www.youtube-nocookie.com/embed/{post_id}"

    def recognise(self, host, segments, query):
        video_id = ""
        if host == "youtu.be":
            video_id = segments[0] if segments else ""
        elif segments[:1] == ["watch"]:
            video_id = first(query, "v")
        elif len(segments) >= 2 and segments[0] in ("shorts", "embed", "live", "v"):
            video_id = segments[1]
        if VIDEO_ID.fullmatch(video_id):
            return self.ref(video_id, f"https://www.youtube.com/watch?v={video_id}")
        raise NotAPost("this YouTube address is not a link to one video (watch?v=…, youtu.be/…, shorts/… or embed/…)")

    def parse_frame(self, frame, ref):
        # The frame carries the video's title (unless YouTube's generic one) and nothing else of the post.
        title = squash(frame.attrs.get("title", ""))
        return ParsedPost(
            ref=ref,
            text="" if title.lower() in GENERIC_TITLES else title,
            media_url=f"https://i.ytimg.com/vi/{ref.post_id}/hqdefault.jpg",
        )
