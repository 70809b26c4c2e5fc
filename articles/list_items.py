"""
One article in any list (home, sections, tags, authors, Trending, Read next, search results): the list item.

Python rather than an included template: a page renders up to 45 of them, and the template cost 0.44 ms
an item (about half of the home page), nearly all of it in the template engine's variable lookups and the
include itself; this function makes the same HTML in a fraction of that (docs/performance.md, "The list
item in Python"). Every value is escaped by `format_html` (articles/html.py: Django's, without the cost of
checking every value for a lazy string); the two that arrive as HTML are safe already
(the picture from `picture_tag`, a search snippet from articles/search.py, which escapes the text around
its <mark>s).
"""

from django.utils.dates import MONTHS_3
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from articles.html import format_html, format_html_join
from articles.images import picture_tag
from newsroom.times import machine_time

# The picture's `sizes` for each kind of item: as wide as the page for the lead, a thumbnail beside the
# headline for a compact one, a grid cell otherwise.
LEAD_SIZES = "(min-width: 64rem) 60rem, 100vw"
COMPACT_SIZES = "7rem"
CARD_SIZES = "(min-width: 48rem) 20rem, 100vw"


def article_item(article, *, heading="h2", show_image=False, lead=False, compact=False, snippet=""):
    """The <article class="item"> of one story; `heading` is "h2" or "h3" (under the page's or a rail's
    heading), `lead` the home page's top story, `compact` a small picture beside the headline, `snippet`
    a search result's passage with the query's words in <mark>."""
    head = item_head(article, heading=heading, show_image=show_image, lead=lead, compact=compact, snippet=snippet)
    return item_with_count(head, article.get_absolute_url(), getattr(article, "comment_count", 0))


def item_head(article, *, heading="h2", show_image=False, lead=False, compact=False, snippet=""):
    """The list item of article_item up to its comment count, the one part of it that changes without a save
    of the story, its section, authors or picture (a rail item is kept so: articles/story_html.py)."""
    url = article.get_absolute_url()
    classes = "item" + (" item--lead" if lead else "") + (" item--compact" if compact else "")
    heading = "h3" if heading == "h3" else "h2"
    parts = [format_html('<article class="{}">', classes)]
    if show_image and article.hero_image:
        parts.append(format_html('<div class="item__image">{}</div>', picture(article, lead=lead, compact=compact)))
    parts.append('<div class="item__text">')
    section = article.section
    parts.append(
        format_html('<p class="item__section"><a href="{}">{}</a></p>', section.get_absolute_url(), section.name)
    )
    parts.append(format_html('<{0} class="item__headline"><a href="{1}">{2}</a></{0}>', heading, url, article.headline))
    if lead and article.standfirst:
        parts.append(format_html('<p class="item__standfirst">{}</p>', article.standfirst))
    if snippet:
        parts.append(format_html('<p class="item__snippet">{}</p>', snippet))
    parts.append('<p class="item__meta">')
    if authors := authors_of(article):
        byline = format_html_join(", ", "{}", ((author.name,) for author in authors))
        parts.append(format_html('<span class="item__byline">By {}</span> · ', byline))
    published_at = template_localtime(article.published_at)
    parts.append(format_html('<time datetime="{}">{}</time>', machine_time(published_at), shown_time(published_at)))
    # Every part is a literal of this function or came through format_html above: nothing unescaped.
    return mark_safe("".join(parts))  # noqa: S308


def item_with_count(head, url, count):
    """The list item whose `item_head` is `head`: the story at `url` with `count` published comments."""
    count_link = ""
    if count:
        count_link = format_html(
            ' · <a class="item__comments" href="{}#comments">{} comment{}</a>', url, count, "" if count == 1 else "s"
        )
    return mark_safe(f"{head}{count_link}</p></div></article>")  # noqa: S308 (item_head's HTML and format_html's)


def rail_item_head(article):
    """The item_head of `article` in a compact rail: Read next and Most talked about, Trending on home."""
    return item_head(article, heading="h3", show_image=True, compact=True)


def authors_of(article):
    """The story's authors, by name: those a page read for all its stories in one query
    (articles/views.py, give_authors), or else its prefetched `authors`."""
    listed = getattr(article, "listed_authors", None)
    return article.authors.all() if listed is None else listed


def article_rail(articles, *, kind="rail", compact=False):
    """A row of `articles` under a heading of h2 (home's latest stories, Trending, section rails, Read next,
    Most talked about), each a list item with its picture and an h3. `kind` names the row's layout in
    site.css: "rail", "latest", "trending" (numbered, most first: an <ol>) or "read-next"; `compact`: each
    item a small picture beside its headline.

    Python rather than an included template, as the item is: the include and its loop cost an article page
    0.5 ms of template lookups around the items (docs/caching.md, "Uncached speed").
    """
    return rail([article_item(article, heading="h3", show_image=True, compact=compact) for article in articles], kind)


def rail(items, kind="rail"):
    """The row of article_rail around list items made already (`items`, each article_item's HTML)."""
    if kind == "trending":
        return format_html(
            '<ol class="list list--trending">{}</ol>', format_html_join("", "<li>{}</li>", ((i,) for i in items))
        )
    return format_html('<div class="list list--{}">{}</div>', kind, mark_safe("".join(items)))  # noqa: S308 (article_item's HTML, escaped there)


def picture(article, *, lead, compact):
    if lead:
        return picture_tag(article.hero_image, sizes=LEAD_SIZES, eager=True, shape="16:9")
    return picture_tag(article.hero_image, sizes=COMPACT_SIZES if compact else CARD_SIZES, shape="16:9")


def shown_time(moment):
    """`1 Dec 2026, 09:30 IST`: what `{{ moment|date:"j M Y, H:i T" }}` writes for a datetime in the site's zone,
    spelled out, as Django's `j`, `M` (the month's translated abbreviation), `Y`, `H:i` and `T` do: the
    `date` filter parses its format string again on every call, 40 µs an item."""
    if moment is None:
        return ""
    # Django writes no zone for a wall time that a change of clocks makes ambiguous or skips.
    ambiguous = moment.replace(fold=not moment.fold).utcoffset() != moment.utcoffset()
    zone = "" if ambiguous else moment.tzname() or ""
    return f"{moment.day} {MONTHS_3[moment.month].title()} {moment.year}, {moment:%H:%M} {zone}"
