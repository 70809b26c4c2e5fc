"""
A post's text as readers see it: the one place where it becomes HTML.

The archive keeps a post's text as plain text (editors can correct it in the admin). It is turned into
HTML when the post is saved: paragraphs and line breaks, @mentions and #hashtags linked to the platform's
own pages, and addresses on the platform's own hosts linked. Addresses on any other host stay plain text
(a post's links are the platform's, never a way to smuggle a link into our pages). The result goes
through nh3 with only <p>, <br> and <a href rel> allowed.
"""

import re
from functools import cache

import nh3
from django.utils.html import escape, format_html

from social.platforms import registry

TRAILING_PUNCTUATION = ".,;:!?)]}’”'\""
LINK_REL = "nofollow ugc noopener"


@cache
def tokens(platform):
    """Addresses, @mentions (as the platform spells a handle) and #hashtags in a line of text."""
    return re.compile(
        r"(?P<url>https?://[^\s<>\"']+)"
        rf"|(?<![\w@/])@(?P<mention>{platform.mention_pattern})"
        r"|(?<![\w#&/])#(?P<hashtag>\w+)"
    )


def link_line(line, platform):
    parts = []
    position = 0
    for match in tokens(platform).finditer(line):
        parts.append(escape(line[position : match.start()]))
        position = match.end()
        if match["url"]:
            url = match["url"]
            trailing = len(url) - len(url.rstrip(TRAILING_PUNCTUATION))
            if trailing:
                url, position = url[:-trailing], position - trailing
            if platform.is_own_link(url):
                parts.append(format_html('<a href="{}">{}</a>', url, url))
            else:
                parts.append(escape(url))
        elif match["mention"]:
            handle = match["mention"]
            parts.append(format_html('<a href="{}">@{}</a>', platform.mention_url(handle), handle))
        else:
            tag = match["hashtag"]
            parts.append(format_html('<a href="{}">#{}</a>', platform.hashtag_url(tag), tag))
    parts.append(escape(line[position:]))
    return "".join(parts)


def render_text(text, platform_slug):
    """Plain post text → sanitised HTML of <p>, <br> and links to the platform only."""
    platform = registry.get(platform_slug)
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
