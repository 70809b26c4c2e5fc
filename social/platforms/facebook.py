"""Facebook: page posts, videos and permalink.php addresses, the Embedded Posts plugin iframe, Meta's oembed_post."""

import re
from urllib.parse import quote, urlencode

from social.platforms.base import NotAPost, Platform, first, split_address

NAME = re.compile(r"[A-Za-z0-9.\-]{1,80}")
POST_ID = re.compile(r"(?:pfbid[A-Za-z0-9]{10,80}|[0-9]{1,25})")
NUMBER = re.compile(r"[0-9]{1,25}")


class Facebook(Platform):
    slug = "facebook"
    name = "Facebook"
    hosts = frozenset(
        {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com", "fb.com", "www.fb.com", "fb.watch"}
    )
    link_domains = ("facebook.com", "fb.watch")
    oembed_endpoint = "https://graph.facebook.com/v21.0/oembed_post"
    oembed_needs_meta_token = True
    frame_sources = ("https://www.facebook.com",)
    embed_box = "tall"
    mark = (
        '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">'
        '<circle cx="12" cy="12" r="11" fill="#1259c3"/><path d="M13.4 21.9v-7.3h2.4l.4-2.9h-2.8V9.9c0-.8.3-1.4 '
        '1.4-1.4h1.5V6c-.3 0-1.2-.1-2.2-.1-2.2 0-3.6 1.3-3.6 3.7v2.1H8.1v2.9h2.4v7.3" fill="#fff"/></svg>'
    )
    mention_address = "https://www.facebook.com/{handle}"
    hashtag_address = "https://www.facebook.com/hashtag/{tag}"

    def recognise(self, host, segments, query):
        if host == "fb.watch":
            raise NotAPost("fb.watch short links can only be read by visiting them: open it and paste the full address")
        if segments[:1] == ["plugins"]:
            # The iframe of Facebook's embedded-post plugin carries the post's address in ?href=.
            href = first(query, "href")
            inner = split_address(href) if href else None
            if inner is not None and inner[0] in self.hosts and inner[1][:1] != ["plugins"]:
                return self.recognise(*inner)
            raise NotAPost("this Facebook embed code has no post address")
        if segments[:1] in (["permalink.php"], ["story.php"]):
            story, owner = first(query, "story_fbid"), first(query, "id")
            if POST_ID.fullmatch(story) and NUMBER.fullmatch(owner):
                return self.ref(
                    f"{owner}_{story}",
                    f"https://www.facebook.com/permalink.php?story_fbid={quote(story)}&id={quote(owner)}",
                )
        if segments[:1] == ["watch"] and NUMBER.fullmatch(first(query, "v")):
            video_id = first(query, "v")
            return self.ref(video_id, f"https://www.facebook.com/watch/?v={video_id}")
        # facebook.com/PageName/posts/ID, /PageName/videos/ID, /PageName/videos/title/ID
        if len(segments) >= 3 and segments[1] in ("posts", "videos") and NAME.fullmatch(segments[0]):
            page, kind, post_id = segments[0], segments[1], segments[-1]
            if POST_ID.fullmatch(post_id):
                permalink = f"https://www.facebook.com/{page}/{kind}/{post_id}/"
                return self.ref(post_id, permalink, "" if page.isdigit() else page)
        raise NotAPost("this Facebook address is not a link to one post (it should contain /posts/ or /videos/)")

    def oembed_query(self, ref):
        return {**super().oembed_query(ref), "omitscript": "true"}

    def embed_url(self, post):
        plugin = "video.php" if "/videos/" in post.permalink or "/watch/" in post.permalink else "post.php"
        return f"https://www.facebook.com/plugins/{plugin}?{urlencode({'href': post.permalink, 'show_text': 'true'})}"
