"""
A post's text as readers see it: the one place where it becomes HTML.

The archive keeps a post's text as plain text (editors can correct it in the admin). It is turned into
HTML when the post is saved: paragraphs and line breaks, @mentions and #hashtags linked to the platform's
own pages, and addresses on the platform's own hosts linked. Addresses on any other host stay plain text,
as the issue asks (a post's links are the platform's, never a way to smuggle a link into our pages). The
result goes through nh3 with only <p>, <br> and <a href rel> allowed.
"""

import re
from urllib.parse import quote

import nh3
from django.utils.html import escape, format_html

from social.addresses import FACEBOOK, INSTAGRAM, TIKTOK, YOUTUBE, X, is_platform_link

TOKEN = re.compile(
    r"(?P<url>https?://[^\s<>\"']+)"
    r"|(?<![\w@/])@(?P<mention>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,38}[A-Za-z0-9_])?)"
    r"|(?<![\w#&/])#(?P<hashtag>\w+)"
)
TRAILING_PUNCTUATION = ".,;:!?)]}’”'\""

MENTION_URLS = {
    X: "https://x.com/{}",
    INSTAGRAM: "https://www.instagram.com/{}/",
    TIKTOK: "https://www.tiktok.com/@{}",
    YOUTUBE: "https://www.youtube.com/@{}",
    FACEBOOK: "https://www.facebook.com/{}",
}
HASHTAG_URLS = {
    X: "https://x.com/hashtag/{}",
    INSTAGRAM: "https://www.instagram.com/explore/tags/{}/",
    TIKTOK: "https://www.tiktok.com/tag/{}",
    YOUTUBE: "https://www.youtube.com/hashtag/{}",
    FACEBOOK: "https://www.facebook.com/hashtag/{}",
}
LINK_REL = "nofollow ugc noopener"


def mention_url(platform, handle):
    return MENTION_URLS[platform].format(quote(handle))


def hashtag_url(platform, tag):
    return HASHTAG_URLS[platform].format(quote(tag.lower() if platform == TIKTOK else tag))


def link_line(line, platform):
    parts = []
    position = 0
    for match in TOKEN.finditer(line):
        parts.append(escape(line[position : match.start()]))
        position = match.end()
        if match["url"]:
            url = match["url"]
            trailing = len(url) - len(url.rstrip(TRAILING_PUNCTUATION))
            if trailing:
                url, position = url[:-trailing], position - trailing
            if is_platform_link(url, platform):
                parts.append(format_html('<a href="{}">{}</a>', url, url))
            else:
                parts.append(escape(url))
        elif match["mention"]:
            handle = match["mention"]
            parts.append(format_html('<a href="{}">@{}</a>', mention_url(platform, handle), handle))
        else:
            tag = match["hashtag"]
            parts.append(format_html('<a href="{}">#{}</a>', hashtag_url(platform, tag), tag))
    parts.append(escape(line[position:]))
    return "".join(parts)


def render_text(text, platform):
    """Plain post text → sanitised HTML of <p>, <br> and links to the platform only."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    paragraphs = [paragraph for paragraph in re.split(r"\n[ \t]*\n", text) if paragraph.strip()]
    html = "".join(
        "<p>" + "<br>".join(link_line(line, platform) for line in paragraph.strip().split("\n")) + "</p>"
        for paragraph in paragraphs
    )
    return nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
    )
