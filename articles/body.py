"""
Article bodies: Markdown written by editors, rendered once at save time to sanitised HTML.

The body is read as a sequence of blocks. Most of it is Markdown; a line that stands on its own can be a
block of another kind: `![description](image:42)` places a picture from the image library as a figure, and
a post's address or a platform's embed code (which may span several lines) places an embedded social post.
A social post is stored here as a placeholder, `<div data-social-post="N">` (N counts the body's posts from
0) around a plain link to the post: the card itself is drawn at request time from the archive
(`body_parts` below), because the archive changes after the save when a background fetch completes.
Whatever the Markdown renderer or a block produces passes through nh3 before it is stored, so the stored
HTML is the one kind of article HTML the templates trust.
"""

import re
from dataclasses import dataclass

import nh3
from django.apps import apps
from django.template.loader import render_to_string
from django.utils.html import format_html
from markdown_it import MarkdownIt

from articles import images
from social import paste

IMAGE_REFERENCE = re.compile(r"image:(?P<id>\d+)")
IMAGE_LINE = re.compile(r"^!\[(?P<alt>[^\]\n]*)\]\(image:(?P<id>\d+)\)[ \t]*$", re.MULTILINE)
FENCES = ("```", "~~~")

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "s", "a", "blockquote", "ul", "ol", "li",
    "code", "pre", "figure", "figcaption", "picture", "source", "img", "table", "thead", "tbody", "tr", "th",
    "td", "div",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
    "source": {"type", "srcset", "sizes"},  # a library picture's AVIF and WebP (images.picture_tag)
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "figure": {"class"},
    "div": {"data-social-post"},
}

FIGURE_SIZES = "(min-width: 48rem) 44rem, 100vw"


def markdown_renderer(library):
    """A Markdown renderer whose pictures come from `library`, the Image rows by id the body refers to."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])

    def demote_top_headings(state):
        # The article headline is the page's only h1; a "# Heading" in the body is a subheading.
        for token in state.tokens:
            if token.type in ("heading_open", "heading_close") and token.tag == "h1":
                token.tag = "h2"

    def render_image(renderer, tokens, idx, options, env):
        token = tokens[idx]
        alt = token.content
        match = IMAGE_REFERENCE.fullmatch(token.attrGet("src") or "")
        image = library.get(int(match["id"])) if match else None
        if image is None:
            # Only pictures from our own library are shown: no request ever goes to another host.
            return format_html("{}", alt)
        return image_tag(image, alt)

    md.core.ruler.push("demote_top_headings", demote_top_headings)
    md.add_render_rule("image", render_image)
    return md


def image_tag(image, alt):
    return images.picture_tag(image, sizes=FIGURE_SIZES, alt=alt or image.alt_text)


def render_figure(image, alt):
    caption = " ".join(part for part in (image.caption, f"({image.credit})" if image.credit else "") if part)
    if caption:
        return format_html(
            '<figure class="body-figure">{}<figcaption>{}</figcaption></figure>', image_tag(image, alt), caption
        )
    return format_html('<figure class="body-figure">{}</figure>', image_tag(image, alt))


# The blocks of a body, in the order they appear --------------------------------------------------


@dataclass(frozen=True)
class Markdown:
    text: str


@dataclass(frozen=True)
class Figure:
    """`![alt](image:ID)` on a line of its own: a picture from the image library."""

    image_id: int
    alt: str


@dataclass(frozen=True)
class Post:
    """A social post's address or embed code on a line of its own (social/paste.py reads it)."""

    position: int  # counts the body's posts from 0: the placeholder's number
    pasted: paste.ParsedPost
    line: int


@dataclass(frozen=True)
class Problem:
    """A pasted post that cannot be read; the message names its line and is written for the editor."""

    line: int
    message: str


def split_blocks(text):
    """Yield the body's blocks (Markdown, Figure, Post, Problem) in the order they appear.

    A problem's address stays in the text as typed; unreadable embed code is not shown to readers.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    markdown = []
    position = 0
    fence = None
    index = 0

    def flush():
        chunk = "\n".join(markdown) + "\n"
        markdown.clear()
        return Markdown(chunk)

    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if fence or stripped.startswith(FENCES):
            # Inside a code block an address or a snippet is code to show, not a post to embed.
            fence = None if fence and stripped.startswith(fence) else (fence or stripped[:3])
            markdown.append(line)
            index += 1
            continue
        if image := IMAGE_LINE.fullmatch(line):
            yield flush()
            yield Figure(int(image["id"]), image["alt"])
            index += 1
            continue
        pasted = paste.read(lines, index)
        if pasted is not None and pasted.post is not None:
            yield flush()
            yield Post(position, pasted.post, index + 1)
            position += 1
            index = pasted.end + 1
            continue
        if pasted is not None and pasted.is_address:
            yield Problem(index + 1, f"Line {index + 1}: {pasted.problem}. It was left in the text as an address.")
        elif pasted is not None:
            yield flush()
            yield Problem(index + 1, f"Line {index + 1}: {pasted.problem}. Readers do not see it until it is fixed.")
            index = pasted.end + 1
            continue
        markdown.append(line)
        index += 1
    yield flush()


def problems(text):
    """The messages about the pasted posts of a body that cannot be read."""
    return [block.message for block in split_blocks(text) if isinstance(block, Problem)]


def social_placeholder(block):
    """Where card number `position` goes; the plain link inside is what a reader gets if there is no card."""
    ref = block.pasted.ref
    return format_html(
        '<div data-social-post="{}"><p><a href="{}">View the post on {}</a></p></div>',
        block.position,
        ref.permalink,
        paste.platform_name(ref.platform),
    )


def render_body(text):
    text = text.replace("\r\n", "\n")
    Image = apps.get_model("articles", "Image")
    wanted = {int(match["id"]) for match in IMAGE_REFERENCE.finditer(text)}
    library = Image.objects.in_bulk(wanted) if wanted else {}
    md = markdown_renderer(library)
    parts = []
    for block in split_blocks(text):
        match block:
            case Markdown(markdown):
                parts.append(md.render(markdown))
            case Figure(image_id, alt) if image_id in library:
                parts.append(render_figure(library[image_id], alt))
            case Post():
                parts.append(social_placeholder(block))
    return sanitise("".join(parts))


def sanitise(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


# At request time -----------------------------------------------------------------------------------

# Where the stored body has a post's placeholder, readers get that post's card. One regex split over
# body_html, which our own code wrote, cuts it at the placeholders; the template renders each card from
# the posts the view prefetched in one query. A placeholder without a linked post (an article saved
# outside the admin, say) keeps the plain link it holds, so a reader always gets at least a link.
PLACEHOLDER = re.compile(r'<div data-social-post="(\d+)">(.*?)</div>', re.DOTALL)
PROBLEMS_TEMPLATE = "articles/includes/body_problems.html"


@dataclass
class BodyPart:
    html: str = ""  # a piece of the sanitised body_html
    post: object = None  # a social.models.SocialPost


def body_parts(body_html, posts_by_position):
    pieces = PLACEHOLDER.split(body_html)
    parts = [BodyPart(html=pieces[0])] if pieces[0] else []
    for index in range(1, len(pieces), 3):
        position, fallback, html_after = int(pieces[index]), pieces[index + 1], pieces[index + 2]
        post = posts_by_position.get(position)
        parts.append(BodyPart(post=post) if post is not None else BodyPart(html=fallback))
        if html_after:
            parts.append(BodyPart(html=html_after))
    return parts


def article_body_parts(article, *, read_links=None):
    """The article's body cut at its posts: one query for them, none for a body that has no placeholder (most
    stories), where a prefetch would cost an ORM query (0.6 ms of CPU) to find nothing.

    `read_links(article)`: its ArticleSocialPost rows, social posts selected (the article page's compiled
    query); by default its `social_post_links`."""
    if PLACEHOLDER.search(article.body_html) is None:
        return body_parts(article.body_html, {})
    read_links = read_links or (lambda article: article.social_post_links.select_related("social_post"))
    links = read_links(article)
    return body_parts(article.body_html, {link.position: link.social_post for link in links})


def render_preview(text):
    """The body as readers will see it, cards included, for the editor's live preview (nothing is saved)."""
    blocks = list(split_blocks(text))
    posts = {block.position: paste.preview_post(block.pasted) for block in blocks if isinstance(block, Post)}
    parts = body_parts(render_body(text), posts)
    html = "".join(part.html if part.post is None else paste.render_card(part.post, show_state=True) for part in parts)
    if found := [block.message for block in blocks if isinstance(block, Problem)]:
        html = render_to_string(PROBLEMS_TEMPLATE, {"problems": found}) + html
    return html
