"""
Post addresses: which URLs are posts, on which platform, and the one canonical spelling of each.

Every spelling of a post (x.com or twitter.com or mobile.twitter.com with ?s=20, youtu.be or watch?v= or
shorts/ or embed/, an Instagram p/ or reel/ address…) recognises to the same (platform, post id), which is
what makes one post one row however it was pasted. Only the address is read here: nothing is fetched.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

X = "x"
INSTAGRAM = "instagram"
YOUTUBE = "youtube"
TIKTOK = "tiktok"
FACEBOOK = "facebook"

PLATFORM_NAMES = {X: "X", INSTAGRAM: "Instagram", YOUTUBE: "YouTube", TIKTOK: "TikTok", FACEBOOK: "Facebook"}

# Hosts a post's text may link to: the platform's own, nothing else (see social/text.py).
PLATFORM_LINK_DOMAINS = {
    X: ("twitter.com", "x.com", "t.co"),
    INSTAGRAM: ("instagram.com",),
    YOUTUBE: ("youtube.com", "youtu.be"),
    TIKTOK: ("tiktok.com",),
    FACEBOOK: ("facebook.com", "fb.watch"),
}

X_HOSTS = {"twitter.com", "www.twitter.com", "mobile.twitter.com", "x.com", "www.x.com", "mobile.x.com"}
INSTAGRAM_HOSTS = {"instagram.com", "www.instagram.com", "m.instagram.com"}
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}
YOUTUBE_NOCOOKIE_HOSTS = {"youtube-nocookie.com", "www.youtube-nocookie.com"}
TIKTOK_HOSTS = {"tiktok.com", "www.tiktok.com", "m.tiktok.com"}
TIKTOK_SHORT_HOSTS = {"vm.tiktok.com", "vt.tiktok.com"}
FACEBOOK_HOSTS = {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com", "fb.com", "www.fb.com"}

X_HANDLE = re.compile(r"[A-Za-z0-9_]{1,20}")  # 15 today; some old accounts have longer ones
NUMERIC_ID = re.compile(r"[0-9]{1,25}")
INSTAGRAM_CODE = re.compile(r"[A-Za-z0-9_-]{5,40}")
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
TIKTOK_HANDLE = re.compile(r"[A-Za-z0-9_.]{1,40}")
FACEBOOK_NAME = re.compile(r"[A-Za-z0-9.\-]{1,80}")
FACEBOOK_POST_ID = re.compile(r"(?:pfbid[A-Za-z0-9]{10,80}|[0-9]{1,25})")


class NotAPost(ValueError):
    """The address is on a platform we support but does not point at one post; the message says why."""


@dataclass(frozen=True)
class PostRef:
    platform: str
    post_id: str
    permalink: str
    handle: str = ""

    @property
    def platform_name(self):
        return PLATFORM_NAMES[self.platform]


def platform_of_host(host):
    host = (host or "").lower()
    for platform, hosts in [
        (X, X_HOSTS | {"platform.twitter.com", "t.co"}),
        (INSTAGRAM, INSTAGRAM_HOSTS),
        (YOUTUBE, YOUTUBE_HOSTS | YOUTUBE_NOCOOKIE_HOSTS | {"youtu.be"}),
        (TIKTOK, TIKTOK_HOSTS | TIKTOK_SHORT_HOSTS),
        (FACEBOOK, FACEBOOK_HOSTS | {"fb.watch"}),
    ]:
        if host in hosts:
            return platform
    return None


def is_platform_link(url, platform):
    """Whether `url` is an http(s) address on the platform's own hosts (or their subdomains)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    return parts.scheme in ("http", "https") and any(
        host == domain or host.endswith("." + domain) for domain in PLATFORM_LINK_DOMAINS[platform]
    )


def recognise(url):
    """The post an address points at, or None when the address is not on a supported platform.

    Raises NotAPost for an address on a supported platform that is not one post (a profile, a short link
    that only the platform can resolve, a malformed id), so the editor can be told what to paste instead.
    """
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    query = parse_qs(parts.query)
    platform = platform_of_host(host)
    if platform is None:
        return None
    reader = {X: x_post, INSTAGRAM: instagram_post, YOUTUBE: youtube_post, TIKTOK: tiktok_post}.get(
        platform, facebook_post
    )
    return reader(host, segments, query)


def first(query, name):
    values = query.get(name) or [""]
    return values[0]


def x_post(host, segments, query):
    if host == "platform.twitter.com":
        # The iframe address of X's own embed: platform.twitter.com/embed/Tweet.html?id=…
        post_id = first(query, "id")
        if segments[-1:] == ["Tweet.html"] and NUMERIC_ID.fullmatch(post_id):
            return x_ref(post_id, "")
        raise NotAPost("this X embed address has no post number")
    if host == "t.co":
        raise NotAPost("t.co is X’s link shortener; paste the post’s own address (x.com/…/status/…)")
    # x.com/handle/status/123, …/status/123/photo/1, x.com/i/web/status/123, x.com/i/status/123
    for index, segment in enumerate(segments):
        if segment in ("status", "statuses") and index + 1 < len(segments):
            post_id = segments[index + 1]
            if not NUMERIC_ID.fullmatch(post_id):
                break
            handle = segments[0] if index == 1 and segments[0] != "i" else ""
            if handle and not X_HANDLE.fullmatch(handle):
                handle = ""
            return x_ref(post_id, handle)
    raise NotAPost("this X address is not a link to one post (it should contain /status/ and a number)")


def x_ref(post_id, handle):
    # The handle is left out of the canonical address: accounts get renamed, post numbers never change.
    return PostRef(X, post_id, f"https://x.com/i/web/status/{post_id}", handle)


def instagram_post(host, segments, query):
    # instagram.com/p/CODE/, /reel/CODE/, /reels/CODE/, /tv/CODE/, /handle/p/CODE/, /p/CODE/embed
    for index, segment in enumerate(segments[:-1]):
        if segment in ("p", "reel", "reels", "tv"):
            code = segments[index + 1]
            if INSTAGRAM_CODE.fullmatch(code):
                handle = segments[0] if index == 1 else ""
                # A reel's code opens under /p/ too, so both spellings are one post.
                return PostRef(INSTAGRAM, code, f"https://www.instagram.com/p/{code}/", handle)
    raise NotAPost("this Instagram address is not a link to one post or reel (it should contain /p/ or /reel/)")


def youtube_post(host, segments, query):
    video_id = ""
    if host == "youtu.be":
        video_id = segments[0] if segments else ""
    elif segments[:1] == ["watch"]:
        video_id = first(query, "v")
    elif len(segments) >= 2 and segments[0] in ("shorts", "embed", "live", "v"):
        video_id = segments[1]
    if YOUTUBE_ID.fullmatch(video_id):
        return PostRef(YOUTUBE, video_id, f"https://www.youtube.com/watch?v={video_id}")
    raise NotAPost("this YouTube address is not a link to one video (watch?v=…, youtu.be/…, shorts/… or embed/…)")


def tiktok_post(host, segments, query):
    if host in TIKTOK_SHORT_HOSTS:
        raise NotAPost(
            "TikTok short links can only be read by visiting them: open it in a browser and paste the full "
            "address (tiktok.com/@name/video/…)"
        )
    # tiktok.com/@handle/video/123 (or /photo/123 for a photo post)
    if len(segments) >= 3 and segments[0].startswith("@") and segments[1] in ("video", "photo"):
        handle, post_id = segments[0][1:], segments[2]
        if TIKTOK_HANDLE.fullmatch(handle) and NUMERIC_ID.fullmatch(post_id):
            return PostRef(TIKTOK, post_id, f"https://www.tiktok.com/@{handle}/video/{post_id}", handle)
    raise NotAPost("this TikTok address is not a link to one video (it should look like tiktok.com/@name/video/…)")


def facebook_post(host, segments, query):
    if host == "fb.watch":
        raise NotAPost("fb.watch short links can only be read by visiting them: open it and paste the full address")
    if segments[:1] == ["plugins"]:
        # The iframe of Facebook's embedded-post plugin carries the post's address in ?href=.
        href = first(query, "href")
        inner = recognise(href) if href else None
        if inner is not None and inner.platform == FACEBOOK:
            return inner
        raise NotAPost("this Facebook embed code has no post address")
    if segments[:1] in (["permalink.php"], ["story.php"]):
        story, owner = first(query, "story_fbid"), first(query, "id")
        if FACEBOOK_POST_ID.fullmatch(story) and NUMERIC_ID.fullmatch(owner):
            return PostRef(
                FACEBOOK,
                f"{owner}_{story}",
                f"https://www.facebook.com/permalink.php?story_fbid={quote(story)}&id={quote(owner)}",
            )
    if segments[:1] == ["watch"] and NUMERIC_ID.fullmatch(first(query, "v")):
        video_id = first(query, "v")
        return PostRef(FACEBOOK, video_id, f"https://www.facebook.com/watch/?v={video_id}")
    # facebook.com/PageName/posts/ID, /PageName/videos/ID, /PageName/videos/title/ID
    if len(segments) >= 3 and segments[1] in ("posts", "videos") and FACEBOOK_NAME.fullmatch(segments[0]):
        page, kind, post_id = segments[0], segments[1], segments[-1]
        if FACEBOOK_POST_ID.fullmatch(post_id):
            handle = "" if page.isdigit() else page
            return PostRef(FACEBOOK, post_id, f"https://www.facebook.com/{page}/{kind}/{post_id}/", handle)
    raise NotAPost("this Facebook address is not a link to one post (it should contain /posts/ or /videos/)")
