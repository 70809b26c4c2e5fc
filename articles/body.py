"""
Article bodies: Markdown written by editors, rendered once at save time to sanitised HTML.

The body is read as a sequence of blocks. Most of it is Markdown; a line that stands on its own can be a
block of another kind: `![description](image:42)` places a picture from the image library as a figure.
Whatever the Markdown renderer or a block produces passes through nh3 before it is stored, so the stored
HTML is the one kind of article HTML the templates trust.
"""

import re

import nh3
from django.apps import apps
from django.utils.html import format_html
from markdown_it import MarkdownIt

IMAGE_REFERENCE = re.compile(r"image:(?P<id>\d+)")
IMAGE_LINE = re.compile(r"^!\[(?P<alt>[^\]\n]*)\]\(image:(?P<id>\d+)\)[ \t]*$", re.MULTILINE)

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "s", "a", "blockquote", "ul", "ol", "li",
    "code", "pre", "figure", "figcaption", "img", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "figure": {"class"},
}

FIGURE_SIZES = "(min-width: 48rem) 44rem, 100vw"


def markdown_renderer(images):
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
        image = images.get(int(match["id"])) if match else None
        if image is None:
            # Only pictures from our own library are shown: no request ever goes to another host.
            return format_html("{}", alt)
        return image_tag(image, alt)

    md.core.ruler.push("demote_top_headings", demote_top_headings)
    md.add_render_rule("image", render_image)
    return md


def image_tag(image, alt):
    rendition = image.default_rendition
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="lazy" decoding="async">',
        rendition.url,
        image.srcset,
        FIGURE_SIZES,
        rendition.width,
        rendition.height,
        alt or image.alt_text,
    )


def render_figure(image, alt):
    caption = " ".join(part for part in (image.caption, f"({image.credit})" if image.credit else "") if part)
    if caption:
        return format_html(
            '<figure class="body-figure">{}<figcaption>{}</figcaption></figure>', image_tag(image, alt), caption
        )
    return format_html('<figure class="body-figure">{}</figure>', image_tag(image, alt))


def split_blocks(text):
    """Yield ("markdown", text) and ("image", id, alt) blocks in the order they appear."""
    position = 0
    for match in IMAGE_LINE.finditer(text):
        yield ("markdown", text[position : match.start()])
        yield ("image", int(match["id"]), match["alt"])
        position = match.end()
    yield ("markdown", text[position:])


def render_body(text):
    text = text.replace("\r\n", "\n")
    Image = apps.get_model("articles", "Image")
    wanted = {int(match["id"]) for match in IMAGE_REFERENCE.finditer(text)}
    images = Image.objects.in_bulk(wanted) if wanted else {}
    md = markdown_renderer(images)
    parts = []
    for kind, *data in split_blocks(text):
        if kind == "markdown":
            parts.append(md.render(data[0]))
        elif kind == "image":
            image_id, alt = data
            if image_id in images:
                parts.append(render_figure(images[image_id], alt))
    return sanitise("".join(parts))


def sanitise(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
