"""
Reading the platforms' embed code: a small tree of elements, and the text a reader reads in it.

Embed code is hostile input. The standard library's HTML parser builds a tree of elements and text; the
content of scripts, styles, SVG and the like is dropped unread, and attributes are only ever read, never
kept. Platform modules read the fields a card needs out of the tree (social/platforms/); nothing of the
markup itself survives.
"""

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIPPED_TAGS = {"script", "style", "template", "noscript", "svg", "math"}


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

    def own_text(self):
        """The text directly inside this element, not inside its children (a byline between links)."""
        return "".join(child for child in self.children if isinstance(child, str))

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
    if platform.is_own_link(candidate) and "…" not in candidate:
        return candidate
    if platform.is_own_link(href):
        return href
    return text


def clean_text(text):
    """Plain text as a card shows it: spaces squashed, at most one blank line in a row."""
    lines = [squash(line) for line in text.replace("\xa0", " ").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


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
