"""Every reader page runs the same number of queries whatever the number of articles, authors and tags."""

import pytest
from django.core.cache import cache

from articles import story_html
from articles.models import Article
from articles.site_settings import CACHE_KEY, update_site_settings
from articles.tests.builders import image_bytes, make_article, make_author, make_image, make_section, make_tag, upload
from articles.tests.queries import count_queries

pytestmark = pytest.mark.django_db

# Per page: the queries it runs, named so that a change in the count says what changed. The site settings
# (header, footer, app promotion) come from the cache, as on a running site (conftest.py fills it): no query.
EXPECTED = {
    # navigation sections, latest stories, trending, section rails, the authors of all of them
    "home": 5,
    # navigation, page count, the page, its authors
    "latest": 4,
    # navigation, the section, page count, the page, its authors
    "section": 5,
    "tag": 5,
    "author": 5,
    # navigation, the article with section and hero and its own part as kept (articles/story_html.py), its
    # comment policy, Read next, Most talked about (their stories' items kept with them too; the comments
    # themselves: comments/tests/test_queries.py)
    "article": 5,
}
# The article's first read, or the first after a change expired its own part, renders that part: its tags, its
# corrections and updates, its authors (its social posts, one query when its body has any: test_social_body.py),
# and keeps it for the next reader: one UPDATE, in a savepoint of its own here (SAVEPOINT, UPDATE, RELEASE),
# in a transaction of its own on a server, whose BEGIN and COMMIT are not counted.
ARTICLE_RENDERING_ITS_PART = EXPECTED["article"] + 6
# Read next's and Most talked about's stories whose items are not kept are read whole, however many: their rows
# and their authors; their items are kept in one UPDATE (in a savepoint here: three statements).
RAILS_OF_STORIES_NEVER_READ = 5


def build_site(articles_per_section):
    hero = make_image()
    sections = [make_section() for _ in range(3)]
    authors = [make_author() for _ in range(3)]
    tags = [make_tag() for _ in range(3)]
    for section in sections:
        for _ in range(articles_per_section):
            make_article(section=section, authors=authors, tags=tags, hero_image=hero)
    article = make_article(section=sections[0], authors=authors, tags=tags, hero_image=hero)
    for story in Article.objects.all():
        story_html.render_again(story.pk)  # as a save through the services does, once it commits
    # Commented stories, so that Trending and Most talked about have stories to show.
    Article.objects.exclude(pk=article.pk).filter(section=sections[1]).update(comment_count=3)
    return {
        "home": "/",
        "latest": "/latest/",
        "section": sections[0].get_absolute_url(),
        "tag": tags[0].get_absolute_url(),
        "author": authors[0].get_absolute_url(),
        "article": article.get_absolute_url(),
    }


# At least five a section, so that the home page has stories left for its rails once the latest thirteen
# are shown (it shows no story twice; with thirteen stories or fewer it has no rails and runs 4).
@pytest.mark.parametrize("articles_per_section", [5, 25])
def test_each_reader_page_runs_a_constant_number_of_queries(client, articles_per_section):
    urls = build_site(articles_per_section)

    counts = {page: count_queries(client, url) for page, url in urls.items()}

    assert counts == EXPECTED
    story_html.expire(Article.objects.all())
    assert count_queries(client, urls["article"]) == ARTICLE_RENDERING_ITS_PART + RAILS_OF_STORIES_NEVER_READ
    assert count_queries(client, urls["article"]) == EXPECTED["article"]


def test_every_story_with_a_picture_of_its_own_costs_no_query_more(client):
    """The pictures' renditions are read with their rows: a list of 25 different pictures, some of them still
    without renditions, runs the queries of a list with one."""
    section = make_section()
    author = make_author()
    tag = make_tag()
    small = image_bytes(size=(640, 360))
    for n in range(25):
        make_article(
            section=section,
            authors=[author],
            tags=[tag],
            hero_image=make_image(file=upload(content=small), renditions=n % 2 == 0),
        )
    urls = {"home": "/", "section": section.get_absolute_url(), "tag": tag.get_absolute_url()}
    urls["author"] = author.get_absolute_url()

    counts = {page: count_queries(client, url) for page, url in urls.items()}

    assert counts == {page: EXPECTED[page] for page in urls}


def test_saved_site_settings_cost_no_query_and_a_cache_that_lost_them_one_on_the_next_page(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        update_site_settings(
            logo=make_image(),
            x_url="https://x.com/newsroom",
            app_promotion_text="Get the app",
            app_store_url="https://apps.apple.com/app/id1",
            footer_links=[("About us", "/about/"), ("Lifestyle", "/lifestyle/")],
        )
    urls = build_site(articles_per_section=5)

    warm = {page: count_queries(client, url) for page, url in urls.items()}
    cold = {}
    for page, url in urls.items():
        cache.delete(CACHE_KEY)
        cold[page] = count_queries(client, url)

    assert warm == EXPECTED
    assert cold == {page: count + 1 for page, count in EXPECTED.items()}
