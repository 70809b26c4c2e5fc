"""
The platforms' official embed code, read offline into plain fields.

Embed code is hostile input: whatever an editor pastes is parsed with the standard library's HTML parser
into a small tree, the fields a card needs are read out of it (post address, author, handle, text, date,
media link), and the code itself is thrown away. Scripts, styles, event handlers and every attribute we do
not read never leave this module; links survive only as text, re-linked later by social/text.py
to the platform's own hosts.

Formats, as each platform documents them:
- X: <blockquote class="twitter-tweet" [data-theme…]><p lang dir>text <a>#tag</a></p>&mdash; Name (@handle)
  <a href="https://twitter.com/handle/status/ID?ref_src=…">Month D, YYYY</a></blockquote> <script …>
- Instagram: <blockquote class="instagram-media" data-instgrm-permalink="…/p/CODE/…" …> … <p><a>A post
  shared by Name (@handle)</a></p> … </blockquote> <script …>; the captioned variant adds the caption.
- TikTok: <blockquote class="tiktok-embed" cite="…/@handle/video/ID" data-video-id="ID"><section><a>@handle</a>
  <p>text <a>#tag</a></p><a>♬ sound</a></section></blockquote> <script …>
- YouTube: <iframe src="https://www.youtube.com/embed/ID?si=…" title="…">; Facebook: <iframe
  src="https://www.facebook.com/plugins/post.php?href=…">. Neither carries text: those are fetched later.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser

from social.addresses import (
    INSTAGRAM,
    PLATFORM_NAMES,
    TIKTOK,
    YOUTUBE,
    NotAPost,
    PostRef,
    X,
    is_platform_link,
    recognise,
)

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIPPED_TAGS = {"script", "style", "template", "noscript", "svg", "math"}
MAX_TEXT = 5000
X_BYLINE = re.compile(r"^[\s\u2014\u2013-]*(?P<name>.*?)\s*\(@(?P<handle>[A-Za-z0-9_]{1,20})\)\s*$", re.DOTALL)
INSTAGRAM_BYLINE = re.compile(r"^A post shared by\s+(?P<who>.+?)\s*$", re.DOTALL)
NAME_AND_HANDLE = re.compile(r"^(?P<name>.*?)\s*\(@(?P<handle>[A-Za-z0-9_.]{1,40})\)$")
GENERIC_IFRAME_TITLES = {"", "youtube video player", "youtube", "embedded video"}
FIRST_X_SNOWFLAKE = 29700859247  # X post numbers from late 2010 on carry their own creation time
X_EPOCH_MS = 1288834974657


class EmbedError(ValueError):
    """Embed code we cannot read; the message is written for the editor (the caller adds the line)."""


@dataclass
class ParsedPost:
    ref: PostRef
    author_name: str = ""
    author_handle: str = ""
    text: str = ""
    posted_at: datetime | None = None
    media_url: str = ""
    complete: bool = False  # True when the code carried the post itself, not only its address


class Element:
    def __init__(self, tag, attrs):
        self.tag = tag
        self.attrs = attrs
        self.children = []

    def find_all(self, tag):
        for child in self.children:
            if isinstance(child, Element):
                if child.tag == tag:
                    yield child
                yield from child.find_all(tag)

    def find(self, tag):
        return next(self.find_all(tag), None)

    def text(self):
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            else:
                parts.append("\n" if child.tag == "br" else child.text())
        return "".join(parts)

    @property
    def classes(self):
        return self.attrs.get("class", "").split()


class TreeBuilder(HTMLParser):
    """Builds a tree of elements and text; the content of scripts, styles and the like is dropped unread."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]
        self.skipping = None

    def handle_starttag(self, tag, attrs):
        if self.skipping:
            return
        if tag in SKIPPED_TAGS:
            self.skipping = tag
            return
        element = Element(tag, {})
        for name, value in attrs:
            element.attrs.setdefault(name, value or "")
        self.stack[-1].children.append(element)
        if tag not in VOID_TAGS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and not self.skipping and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if self.skipping:
            if tag == self.skipping:
                self.skipping = None
            return
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self.skipping:
            self.stack[-1].children.append(data)


def parse_tree(html):
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


class ElementEnd(HTMLParser):
    """Finds where the element that opens a snippet closes, so a body can tell how many lines it spans."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tag = None
        self.depth = 0
        self.closed = False

    def handle_starttag(self, tag, attrs):
        if self.tag is None:
            self.tag = tag
        if tag == self.tag and tag not in VOID_TAGS:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == self.tag and self.depth:
            self.depth -= 1
            self.closed = self.closed or self.depth == 0


def closing_line(lines, start, limit):
    """Index of the line (from `start`, before `limit`) where the element opened on `start` closes, or None."""
    finder = ElementEnd()
    for index in range(start, limit):
        finder.feed(lines[index] + "\n")
        if finder.closed:
            return index
    return None


def squash(text):
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip()


def post_text(element, platform):
    """The text of an element as a reader reads it; links become their text or their platform address."""
    parts = []
    for child in element.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag == "br":
            parts.append("\n")
        elif child.tag == "a":
            parts.append(link_text(child, platform))
        elif child.tag == "img":
            parts.append(child.attrs.get("alt", ""))  # emoji drawn as pictures carry the character as alt
        else:
            parts.append(post_text(child, platform))
    return "".join(parts)


def link_text(anchor, platform):
    text = squash(anchor.text())
    href = anchor.attrs.get("href", "").strip()
    if text.startswith(("@", "#")) or not text or " " in text or "." not in text:
        return text
    # The text is an address (often shortened for display, "pic.x.com/abc" or "site.com/story…"): keep the
    # address when it is on the platform, else the link's own target when that is (X's t.co), else the text.
    candidate = text if text.startswith(("http://", "https://")) else "https://" + text
    if is_platform_link(candidate, platform) and "…" not in candidate:
        return candidate
    if is_platform_link(href, platform):
        return href
    return text


def clean_text(text):
    lines = [squash(line) for line in text.replace("\xa0", " ").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text[:MAX_TEXT]


def recognised(url, platform):
    try:
        ref = recognise(url) if url else None
    except NotAPost:
        return None
    return ref if ref is not None and ref.platform == platform else None


def parse_iso(value):
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def time_from_seconds(seconds):
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None  # a number too large to be a real post's


def x_posted_at(post_id, date_text):
    if int(post_id) >= FIRST_X_SNOWFLAKE:
        return time_from_seconds(((int(post_id) >> 22) + X_EPOCH_MS) / 1000)
    try:
        return datetime.strptime(squash(date_text), "%B %d, %Y").replace(tzinfo=UTC)
    except ValueError:
        return None


def tiktok_posted_at(post_id):
    # A TikTok video number carries its creation time in seconds in its upper 32 bits.
    seconds = int(post_id) >> 32
    return time_from_seconds(seconds) if seconds > 1_400_000_000 else None


def parse_x(root):
    post_link = None
    for anchor in reversed(list(root.find_all("a"))):
        ref = recognised(anchor.attrs.get("href", ""), X)
        if ref is not None:
            post_link, post_ref = anchor, ref
            break
    if post_link is None:
        raise EmbedError("this X embed code has no post link")
    paragraphs = [clean_text(post_text(paragraph, X)) for paragraph in root.find_all("p")]
    byline_text = squash("".join(child for child in root.children if isinstance(child, str)))
    byline = X_BYLINE.match(byline_text)
    if byline:
        name, handle = byline["name"], byline["handle"]
    else:
        name, handle = byline_text.lstrip("\u2014\u2013- ")[:200], post_ref.handle
    return ParsedPost(
        ref=post_ref,
        author_name=name,
        author_handle=handle or post_ref.handle,
        text="\n\n".join(paragraph for paragraph in paragraphs if paragraph),
        posted_at=x_posted_at(post_ref.post_id, post_link.text()),
        complete=True,
    )


def parse_instagram(root):
    ref = recognised(root.attrs.get("data-instgrm-permalink", ""), INSTAGRAM)
    for anchor in root.find_all("a"):
        ref = ref or recognised(anchor.attrs.get("href", ""), INSTAGRAM)
    if ref is None:
        raise EmbedError("this Instagram embed code has no post link")
    name = handle = ""
    caption = []
    for paragraph in root.find_all("p"):
        anchor = paragraph.find("a")
        byline = INSTAGRAM_BYLINE.match(squash(anchor.text())) if anchor else None
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
            text = clean_text(post_text(paragraph, INSTAGRAM))
            if text and text != "View this post on Instagram":
                caption.append(text)
    time = root.find("time")
    return ParsedPost(
        ref=ref,
        author_name=name,
        author_handle=handle or ref.handle,
        text="\n\n".join(caption),
        posted_at=parse_iso(time.attrs.get("datetime", "")) if time else None,
        complete=bool(name or handle or caption),
    )


def parse_tiktok(root):
    ref = recognised(root.attrs.get("cite", ""), TIKTOK)
    video_id = root.attrs.get("data-video-id", "").strip()
    if ref is None:
        for anchor in root.find_all("a"):
            ref = ref or recognised(anchor.attrs.get("href", ""), TIKTOK)
    if ref is None:
        raise EmbedError("this TikTok embed code has no video link")
    if video_id and video_id != ref.post_id:
        raise EmbedError("this TikTok embed code names two different videos")
    handle = ref.handle
    for anchor in root.find_all("a"):
        text = squash(anchor.text())
        if text.startswith("@") and is_platform_link(anchor.attrs.get("href", ""), TIKTOK):
            handle = text[1:]
            break
    text = "\n\n".join(clean_text(post_text(paragraph, TIKTOK)) for paragraph in root.find_all("p")).strip()
    return ParsedPost(
        ref=ref,
        author_handle=handle,
        text=text,
        posted_at=tiktok_posted_at(ref.post_id),
        complete=bool(text),
    )


def parse_iframe(frame):
    src = frame.attrs.get("src", "").strip()
    try:
        ref = recognise(src) if src else None
    except NotAPost as error:
        raise EmbedError(str(error)) from None
    if ref is None:
        raise EmbedError("this frame does not show a post from " + ", ".join(PLATFORM_NAMES.values()))
    post = ParsedPost(ref=ref, author_handle=ref.handle)
    if ref.platform == YOUTUBE:
        title = squash(frame.attrs.get("title", ""))
        if title.lower() not in GENERIC_IFRAME_TITLES:
            post.text = title[:MAX_TEXT]
        post.media_url = f"https://i.ytimg.com/vi/{ref.post_id}/hqdefault.jpg"
    return post


BLOCKQUOTE_READERS = {
    "twitter-tweet": parse_x,
    "twitter-video": parse_x,
    "instagram-media": parse_instagram,
    "tiktok-embed": parse_tiktok,
}


def parse_embed(html):
    """The post in a platform's embed code, or EmbedError saying what is wrong with it."""
    root = parse_tree(html)
    element = next((child for child in root.children if isinstance(child, Element)), None)
    if element is None or element.tag not in ("blockquote", "iframe"):
        raise EmbedError("this embed code does not start with the platform’s <blockquote> or <iframe>")
    if element.tag == "iframe":
        return parse_iframe(element)
    for css_class in element.classes:
        if css_class in BLOCKQUOTE_READERS:
            return BLOCKQUOTE_READERS[css_class](element)
    raise EmbedError(
        "this embed code is not one we know: paste the official embed code or the post’s address from "
        "X, Instagram, YouTube, TikTok or Facebook"
    )
