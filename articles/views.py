from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles import page_meta, previews, search, story_html
from articles.compiled import NO_ROW, CompiledQuery
from articles.forms import SearchForm
from articles.invalidation import LISTS
from articles.list_items import authors_of, item_with_count
from articles.models import TRENDING_HOURS, Article, Author, PreviewLink, Section, Tag
from articles.permissions import can_preview
from newsroom.middleware import allow_frames
from newsroom.page_cache import depends_on, tags_of
from social.platforms import registry as social_platforms

PAGE_SIZE = 20
RAIL_SIZE = 4


LATEST_ON_HOME = 9  # the lead and two rows of four at desktop width
TRENDING_SIZE = 4
READ_NEXT_SIZE = 4

# The stand-in time the pages' fixed reads are compiled with (articles/compiled.py, with its NO_ROW): a time
# before any story.
STAND_IN_TIME = datetime(1901, 1, 1, tzinfo=UTC)


class AuthorQueries(dict):
    """The authors of N stories, with the story each is of, by name: one query compiled once for each N
    (articles/compiled.py), the IN having a parameter per story."""

    def __missing__(self, count):
        stand_ins = {f"story{index}": -7_000_100 - index for index in range(count)}

        def build(**stories):
            written = Article.authors.through.objects.select_related("author")
            return written.filter(article_id__in=list(stories.values())).order_by("author__name", "pk")

        self[count] = query = CompiledQuery(build, **stand_ins)
        return query


AUTHORS = AuthorQueries()


def give_authors(stories):
    """Read the authors of `stories` in one query and give each story its own (Article.listed_authors)."""
    by_story = {story.pk: [] for story in stories}
    if not by_story:
        return
    stand_ins = {f"story{index}": pk for index, pk in enumerate(by_story)}
    for written in AUTHORS[len(by_story)].run(**stand_ins):
        by_story[written.article_id].append(written.author)
    for story in stories:
        story.listed_authors = by_story[story.pk]


def ids(stories):
    return [story.pk for story in stories]


# The page cache (newsroom/page_cache.py): what each page shows, as the tags articles/invalidation.py bumps
# (LISTS: which stories are live).


def story_tags(stories):
    """The tags of list items: each story, its section and its authors (names a list item shows)."""
    stories = list(stories)
    return [
        *tags_of("article", stories),
        *tags_of("section", {story.section_id for story in stories}),
        *tags_of("author", {pk for story in stories for pk in author_ids(story)}),
    ]


def author_ids(story):
    return story.author_ids if isinstance(story, RailStory) else [author.pk for author in authors_of(story)]


# Read next and Most talked about on a story's page, Trending on home: compact rails, whose items each story
# keeps with its own part (articles/story_html.py, Article.rail_item), read with the rails' rows in place of the
# story, its section, picture and authors. A story whose item is not kept (nobody read its page since it changed)
# is read whole, with the others of its page in one query, and its item made here and kept for the next page.
RAIL_FIELDS = ("pk", "section_id", "comment_count", "modified_at", "story_html_key", "rail_item")


@dataclass(frozen=True)
class RailStory:
    pk: int
    section_id: int
    author_ids: tuple
    item: str  # the list item's HTML, its comment count included


def rail_stories(*rails):
    """For each of `rails` (lists of rows: values of RAIL_FIELDS), the RailStory of each row, in their order.
    The items of stories that keep none are made from their rows, read in one query, and kept for the next page."""
    rows = {row["pk"]: row for rail in rails for row in rail}
    items = {pk: item for pk, row in rows.items() if (item := story_html.kept_rail_item(row)) is not None}
    if missing := [pk for pk in rows if pk not in items]:
        stories = list(Article.objects.for_listing().filter(pk__in=missing).prefetch_related(None))
        give_authors(stories)
        made = [(rows[story.pk], story_html.rail_item_of(story)) for story in stories]
        story_html.keep_rail_items(made)
        items.update((row["pk"], item) for row, item in made)
    return [[rail_story(row, items[row["pk"]]) for row in rail if row["pk"] in items] for rail in rails]


def rail_story(row, item):
    """The RailStory of `row` with its kept `item` (or made just now); a story unpublished between the two reads
    has none, and is left out."""
    head = mark_safe(item["html"])  # noqa: S308 (list_items.item_head's HTML, as it was kept)
    return RailStory(
        pk=row["pk"],
        section_id=row["section_id"],
        author_ids=tuple(item["authors"]),
        item=item_with_count(head, item["url"], row["comment_count"]),
    )


# Home's reads, compiled once: the latest stories; Trending (TRENDING, below), left out in Python; the section
# rails once per number of stories they leave out (9 to 13).
LATEST = CompiledQuery(lambda now: Article.objects.latest(LATEST_ON_HOME, now=now), now=STAND_IN_TIME)


class RailQueries(dict):
    """Article.objects.latest_per_section(RAIL_SIZE, excluding=...), compiled once per number excluded."""

    def __missing__(self, count):
        excluded = {f"excluded{index}": NO_ROW - 200 - index for index in range(count)}

        def build(now, **excluded):
            return Article.objects.latest_per_section(RAIL_SIZE, excluding=list(excluded.values()), now=now)

        self[count] = query = CompiledQuery(build, now=STAND_IN_TIME, **excluded)
        return query


RAILS = RailQueries()


def home_rails(shown, now):
    """The section rails of home, leaving out the stories `shown` above them."""
    excluded = {f"excluded{index}": pk for index, pk in enumerate(ids(shown))}
    return RAILS[len(excluded)].run(now=now, **excluded)


def home(request):
    """The front page: the lead and the latest stories, then Trending, then the section rails; no story twice."""
    now = timezone.now()
    latest = LATEST.run(now=now)
    (trending,) = rail_stories(most_talked_about(trending_now(now), shown=ids(latest)))
    in_rails = home_rails(latest + trending, now)
    give_authors(latest + in_rails)  # a page of several lists pays for its authors once
    rails = {}
    for article in in_rails:
        rails.setdefault(article.section, []).append(article)
    section_rails = sorted(rails.items(), key=lambda rail: (rail[0].position, rail[0].name))
    response = render(
        request,
        "articles/home.html",
        {
            "lead_article": latest[0] if latest else None,
            "latest": latest[1:],
            "trending": trending,
            "section_rails": section_rails,
            "page_meta": page_meta.home_meta(),
        },
    )
    return depends_on(response, LISTS, *story_tags(latest + trending + in_rails))


class ListingPaginator(Paginator):
    """Pages of the live stories of `subject` (one filter: {"section": id}, {"tags": id}, {"authors": id};
    none for every live story), read by Article.objects.listing: a page's ids first, then only those rows,
    in one query compiled once per kind of list and page (`listing_page`), their authors in one more
    (give_authors). The count is the ORM's, of the same live stories at the same moment.

    To sort a tag's or an author's stories by date, SQLite needs each story's id, status and time,
    which one index holds (Article.Meta.indexes); sorting the full rows of an author's 3,000 stories
    read their bodies too and took 15 ms at 100,000 articles, against 5 ms this way.
    """

    def __init__(self, per_page, **subject):
        self.now = timezone.now()
        # Only counted (the pages come from listing_page); ordered so that Paginator does not warn of it.
        live = Article.objects.published(now=self.now).filter(**subject).order_by("-published_at")
        super().__init__(live, per_page)
        self.subject = subject

    def page(self, number):
        number = self.validate_number(number)
        if not self.count:  # the first page of an empty list, which exists
            return self._get_page([], number, self)
        start = (number - 1) * self.per_page
        field = next(iter(self.subject), None)
        stories = listing_page(field, start, start + self.per_page).run(now=self.now, **self.subject)
        give_authors(stories)
        return self._get_page(stories, number, self)


@lru_cache(maxsize=256)
def listing_page(field, start, stop):
    """Article.objects.listing(start, stop) of the lists whose `field` is a given id (or of every live story),
    compiled once (articles/compiled.py): building and compiling its two querysets cost more than their SQL.
    One per kind of list and page number, so bounded; a list's first pages are the ones read."""

    def build(now, **subject):
        return Article.objects.listing(start, stop, now=now, **subject)

    return CompiledQuery(build, now=STAND_IN_TIME, **({field: NO_ROW} if field else {}))


def paginated(request, **subject):
    """The page of a list the address asks for (ListingPaginator's `subject`). A number that is not one of its
    pages (?page=99, -1, "abc") is a page that does not exist, 404, rather than a copy of the last or first page
    that crawlers would index again under another address."""
    try:
        return ListingPaginator(PAGE_SIZE, **subject).page(request.GET.get("page") or 1)  # ?page= is the first
    except InvalidPage:
        raise Http404("No such page of this list") from None


def latest(request):
    """Every live story, newest first, a page at a time: the path to what the front page no longer shows."""
    page = paginated(request)
    response = render(request, "articles/latest.html", {"page": page, "page_meta": page_meta.latest_meta(page)})
    return depends_on(response, LISTS, *story_tags(page))


def section(request, slug):
    section = get_object_or_404(Section, slug=slug)
    page = paginated(request, section=section.pk)
    response = render(
        request,
        "articles/section_detail.html",
        {
            "section": section,
            "page": page,
            "current_section_slug": section.slug,
            "page_meta": page_meta.section_meta(section, page),
        },
    )
    return depends_on(response, f"section:{section.pk}", *story_tags(page))


def tag(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page = paginated(request, tags=tag.pk)
    response = render(
        request, "articles/tag_detail.html", {"tag": tag, "page": page, "page_meta": page_meta.tag_meta(tag, page)}
    )
    return depends_on(response, f"tag:{tag.pk}", *story_tags(page))


def author(request, slug):
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    page = paginated(request, authors=author.pk)
    response = render(
        request,
        "articles/author_detail.html",
        {"author": author, "page": page, "page_meta": page_meta.author_meta(author, page)},
    )
    return depends_on(response, f"author:{author.pk}", *story_tags(page))


# Trending on home and Most talked about on a story's page are one list but for the stories the page shows
# already (home's latest; the story and its Read next): one query of the same SQL for every page, enough to
# leave those out, rather than a query per page that excludes them (docs/caching.md, "Uncached speed").
TRENDING_READ = TRENDING_SIZE + max(LATEST_ON_HOME, 1 + READ_NEXT_SIZE)


def trending_window(now):
    """The values of TRENDING: `now`, and the start of trending()'s window, which it works out from `now` and
    which is therefore a value of the compiled query too."""
    return {"now": now, "since": now - timedelta(hours=TRENDING_HOURS)}


# Compiled once (articles/compiled.py), with times before any story standing in: the rows of rail_stories.
TRENDING = CompiledQuery(
    lambda now, since: Article.objects.trending(TRENDING_READ, now=now).values(*RAIL_FIELDS),
    **trending_window(STAND_IN_TIME),
)


def trending_now(now=None):
    """The most commented stories now, as Article.objects.trending(TRENDING_READ) gives them (RAIL_FIELDS)."""
    return TRENDING.run(**trending_window(timezone.now() if now is None else now))


class ReadNextQueries(dict):
    """Article.objects.read_next(article, READ_NEXT_SIZE, tags=...) of a saved story, compiled once for each
    number of tags (its SQL has a parameter per tag), with ids no row has standing in for the story's."""

    def __missing__(self, tag_count):
        tags = {f"tag{index}": NO_ROW - 10 - index for index in range(tag_count)}

        def build(now, article, section, **tags):
            story = Article(pk=article, section_id=section)
            tags = [Tag(pk=pk) for pk in tags.values()]
            return Article.objects.read_next(story, READ_NEXT_SIZE, tags=tags, now=now).values(*RAIL_FIELDS)

        self[tag_count] = query = CompiledQuery(build, now=STAND_IN_TIME, article=NO_ROW, section=NO_ROW - 1, **tags)
        return query


READ_NEXT = ReadNextQueries()


def read_next_of(article, tag_ids):
    """Read next for the saved `article` with the tags `tag_ids`, as Article.objects.read_next gives it
    (RAIL_FIELDS)."""
    return READ_NEXT[len(tag_ids)].run(
        now=timezone.now(),
        article=article.pk,
        section=article.section_id,
        **{f"tag{index}": tag_id for index, tag_id in enumerate(tag_ids)},
    )


def most_talked_about(trending, *, shown):
    """The first TRENDING_SIZE of `trending` (rows, most first) that the page does not show already."""
    shown = set(shown)
    return [row for row in trending if row["pk"] not in shown][:TRENDING_SIZE]


def article_detail(request, section, slug, pk):
    found = story_html.ARTICLE.run(pk=pk)
    if not found:
        raise Http404("No article found matching the query")
    article = found[0]
    if not article.is_published():
        if not can_preview(request.user, article):
            raise Http404("No article found matching the query")
        story = story_html.of_saved(article, is_preview=True)
        return render_article(request, article, story, previews.staff_banner(article))
    if (section, slug) != (article.section.slug, article.slug):
        # Slugs and sections change after publication; the number in the address does not.
        return redirect(article, permanent=True)
    return render_article(request, article, story_html.current(article))


def render_article(request, article, story, banner=None):
    """The reader's page of `article`, its own part `story` (articles/story_html.py: kept with a published
    story, rendered for a preview); with a `banner`, a preview of it that is never cached nor indexed.

    The rest is read for each page: Read next (of the story's tags), Most talked about and the comments.
    """
    if article.pk:
        read_next = read_next_of(article, story.tag_ids)
    else:  # the admin's preview of a form, whose tags are not saved
        tags = [Tag(pk=pk) for pk in story.tag_ids]
        read_next = list(
            Article.objects.read_next(article, READ_NEXT_SIZE, tags=tags).prefetch_related(None).values(*RAIL_FIELDS)
        )
    talked_about = most_talked_about(trending_now(), shown=[article.pk, *(row["pk"] for row in read_next)])
    read_next, talked_about = rail_stories(read_next, talked_about)
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "story": story,
            "read_next": read_next,
            "talked_about": talked_about,
            "is_preview": banner is not None,
            "preview_banner": banner,
            "current_section_slug": article.section.slug,
        },
    )
    # The frames of "Load original post" may load from the platforms of this story's posts, on this page only.
    allow_frames(response, social_platforms.frame_sources(story.platforms))
    if banner is not None:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response
    return depends_on(
        response,
        *tags_of("article", [article]),
        *tags_of("section", [article.section_id]),
        *tags_of("author", story.author_ids),
        *tags_of("tag", story.tag_ids),
        *tags_of("social-post", story.post_ids),
        *story_tags(read_next + talked_about),
    )


def preview_link(request, token):
    """A story shown to whoever has the link an editor shared, until it expires or is revoked."""
    key = previews.key_from_token(token)
    link = PreviewLink.objects.select_related("created_by").filter(key=key).first() if key else None
    if link is None:
        return preview_link_refused(request, "unknown", status=404)
    if link.is_revoked():
        return preview_link_refused(request, "revoked", status=410)
    if link.is_expired():
        return preview_link_refused(request, "expired", status=410)
    (article,) = story_html.ARTICLE.run(pk=link.article_id)  # the link's story: the foreign key says it is there
    if article.is_published():
        return redirect(article)
    story = story_html.of_saved(article, is_preview=True)
    return render_article(request, article, story, previews.shared_banner(link))


def preview_link_refused(request, reason, *, status):
    response = render(request, "articles/preview_link_refused.html", {"reason": reason}, status=status)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def robots_txt(request):
    """What crawlers may read: everything but the admin, previews, comment forms and search results; and
    where the sitemaps are, on SITE_URL (docs/reader-web.md)."""
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


class SearchPaginator(Paginator):
    """Pages of search_articles(): a page's ids in rank order, then those rows for the list, bodies included,
    each with its snippet (the query's words in their passage) as `search_snippet`.

    The ids alone: ranking sorts every match, and a sort that carried the bodies too took twice as long
    (21 ms against 16 for "priyan" at 10,000 articles, docs/performance.md).
    """

    def __init__(self, object_list, per_page, *, parsed):
        super().__init__(object_list, per_page)
        self.parsed = parsed

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        # defer(None): the list's columns and the body, which the snippet is cut from, for this page only.
        rows = Article.objects.for_listing().defer(None).filter(pk__in=ids).in_bulk()
        articles = [rows[pk] for pk in ids]
        for article in articles:
            article.search_snippet = search.snippet_for(article, self.parsed) or article.standfirst
        return self._get_page(articles, number, self)


def search_results(request):
    """Search results: a page for every query, the empty, the odd and the very long ones too (articles/search.py)."""
    form = SearchForm(request.GET or None)
    parsed, page = search.ParsedQuery(), None
    if form.is_valid():
        parsed = search.parse_query(form.cleaned_data["q"])
    if parsed:
        found = search.search_articles(
            parsed,
            section=form.cleaned_data["section"],
            since=form.cleaned_data["since"],
            until=form.cleaned_data["until"],
        )
        try:
            page = SearchPaginator(found, PAGE_SIZE, parsed=parsed).page(request.GET.get("page", 1))
        except InvalidPage:
            raise Http404("No such page of results") from None
    others = request.GET.copy()
    others.pop("page", None)
    response = render(
        request,
        "articles/search_results.html",
        {
            "form": form,
            "query": parsed,
            # Typed something, but only punctuation: say what to type instead.
            "no_words": form.is_valid() and bool(form.cleaned_data["q"].strip()) and not parsed,
            "page": page,
            "query_string": others.urlencode(),
        },
    )
    return depends_on(response, LISTS, *story_tags(page or ()))
