"""The front page's Trending, the Latest list, and an article's Read next and Most talked about."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article, Section
from articles.tests.builders import make_article, make_author, make_section, make_tag
from articles.tests.pages import listed_headlines
from articles.views import read_next_of

pytestmark = pytest.mark.django_db


def headlines(stories):
    return [story.headline for story in stories]


def compiled_read_next(story):
    """The article page's Read next of `story` (its compiled query, which gives rows), as headlines."""
    rows = read_next_of(story, [tag.pk for tag in story.tags.all()])
    by_id = Article.objects.in_bulk([row["pk"] for row in rows])
    return [by_id[row["pk"]].headline for row in rows]


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


# Trending ---------------------------------------------------------------------------------------------


def test_trending_is_the_last_two_days_stories_with_the_most_comments_newest_first_among_equals():
    make_article(headline="Quiet", published_at=hours_ago(1), comment_count=0)
    make_article(headline="Talked about", published_at=hours_ago(3), comment_count=40)
    make_article(headline="Older tie", published_at=hours_ago(30), comment_count=12)
    make_article(headline="Newer tie", published_at=hours_ago(2), comment_count=12)
    make_article(headline="A few", published_at=hours_ago(47), comment_count=2)
    make_article(headline="Three days old", published_at=hours_ago(72), comment_count=500)

    assert headlines(Article.objects.trending(10)) == ["Talked about", "Newer tie", "Older tie", "A few"]
    assert headlines(Article.objects.trending(2)) == ["Talked about", "Newer tie"]


def test_trending_leaves_out_drafts_stories_scheduled_for_later_and_those_a_page_shows_already():
    shown = make_article(headline="Shown above", comment_count=90)
    make_article(headline="Draft", status=Article.Status.DRAFT, published_at=None, comment_count=80)
    make_article(headline="Tomorrow", published_at=timezone.now() + timedelta(hours=2), comment_count=70)
    make_article(headline="Live", comment_count=1)

    assert headlines(Article.objects.trending(4, excluding=[shown.pk])) == ["Live"]


def test_the_home_page_shows_trending_under_the_latest_and_skips_it_in_the_rails(client):
    bollywood = make_section(name="Bollywood", slug="bollywood")
    for minutes in range(9):
        make_article(section=bollywood, headline=f"Latest {minutes}", published_at=hours_ago(minutes / 60))
    make_article(section=bollywood, headline="Most commented", published_at=hours_ago(20), comment_count=220)
    make_article(section=bollywood, headline="For the rail", published_at=hours_ago(21))

    html = client.get("/").content.decode()

    trending = html[html.index('id="trending-heading"') : html.index('id="rail-bollywood"')]
    assert re.findall(r'class="item__headline"><a href="[^"]+">([^<]+)</a>', trending) == ["Most commented"]
    assert '#comments">220 comments</a>' in trending
    rail = html[html.index('id="rail-bollywood"') :]
    assert re.findall(r'class="item__headline"><a href="[^"]+">([^<]+)</a>', rail) == ["For the rail"]
    assert '<p class="more-link"><a href="/latest/">All the latest stories</a></p>' in html


def test_home_s_trending_is_the_four_most_commented_of_two_days_that_the_latest_does_not_show(client):
    news = make_section(name="News", slug="news")
    for minutes in range(9):  # the latest nine, each more commented than any other story
        make_article(section=news, headline=f"Latest {minutes}", published_at=hours_ago(minutes / 60), comment_count=99)
    for count in (50, 40, 30, 20, 10):
        make_article(section=news, headline=f"{count} comments", published_at=hours_ago(3), comment_count=count)
    make_article(section=news, headline="Three days old", published_at=hours_ago(72), comment_count=80)

    html = client.get("/").content.decode()

    trending = html[html.index('id="trending-heading"') : html.index('id="rail-news"')]
    assert re.findall(r'class="item__headline"><a href="[^"]+">([^<]+)</a>', trending) == [
        "50 comments",
        "40 comments",
        "30 comments",
        "20 comments",
    ]
    rail = html[html.index('id="rail-news"') :]
    assert re.findall(r'class="item__headline"><a href="[^"]+">([^<]+)</a>', rail) == [
        "10 comments",
        "Three days old",
    ]


def test_the_home_page_has_no_trending_when_nobody_commented(client):
    make_article()

    assert 'id="trending-heading"' not in client.get("/").content.decode()


# Latest -----------------------------------------------------------------------------------------------


def test_latest_lists_every_live_story_newest_first_a_page_at_a_time(client, settings):
    settings.SITE_URL = "https://news.example.com"
    for minutes in range(1, 26):
        make_article(headline=f"Story {minutes:02d} minutes old", published_at=hours_ago(minutes / 60))
    make_article(headline="Draft", status=Article.Status.DRAFT, published_at=None)

    first, second = client.get("/latest/"), client.get("/latest/", {"page": 2})

    assert listed_headlines(first) == [f"Story {m:02d} minutes old" for m in range(1, 21)]
    assert listed_headlines(second) == [f"Story {m:02d} minutes old" for m in range(21, 26)]
    html = second.content.decode()
    assert "<title>Latest stories (page 2) · Newsroom</title>" in html
    assert '<link rel="canonical" href="https://news.example.com/latest/?page=2">' in html
    assert 'type="application/rss+xml" title="Newsroom (RSS)" href="https://news.example.com/feeds/rss/"' in html
    assert 'rel="prev" href="?page=1"' in html


@pytest.mark.parametrize("number", ["99", "3", "0", "-1", "abc"])
def test_a_page_number_latest_does_not_have_is_not_found(client, number):
    for _ in range(21):
        make_article()

    assert client.get("/latest/", {"page": number}).status_code == 404
    assert [client.get("/latest/", {"page": n}).status_code for n in ["1", "2", ""]] == [200, 200, 200]


def test_no_section_can_take_the_latest_lists_address():
    with pytest.raises(ValidationError) as refused:
        Section(name="Latest", slug="latest").full_clean()

    assert refused.value.message_dict == {
        "slug": ["“latest” is used by another part of the site; choose a different slug."]
    }


# Read next --------------------------------------------------------------------------------------------


@pytest.fixture
def tags():
    return {name: make_tag(name=name) for name in ("Oscars", "John Legend", "Music")}


def test_read_next_puts_the_stories_sharing_most_tags_first_newest_first_among_equals(tags):
    music = make_section()
    story = make_article(section=music, tags=tags.values())
    other = make_section()
    make_article(section=other, headline="One tag, older", tags=[tags["Music"]], published_at=hours_ago(5))
    make_article(section=other, headline="Three tags", tags=tags.values(), published_at=hours_ago(9))
    make_article(section=other, headline="One tag, newer", tags=[tags["Oscars"]], published_at=hours_ago(2))
    make_article(section=other, headline="Two tags", tags=[tags["Oscars"], tags["Music"]], published_at=hours_ago(8))
    make_article(section=other, headline="No tag in common", tags=[make_tag()], published_at=hours_ago(0.5))

    assert headlines(Article.objects.read_next(story, 4)) == [
        "Three tags",
        "Two tags",
        "One tag, newer",
        "One tag, older",
    ]
    assert compiled_read_next(story) == headlines(Article.objects.read_next(story, 4))
    assert headlines(Article.objects.read_next(story, 2)) == ["Three tags", "Two tags"]


def test_read_next_fills_up_with_the_sections_newest_never_the_story_itself_nor_a_story_twice(tags):
    music = make_section()
    story = make_article(section=music, headline="The story", tags=[tags["Music"]], published_at=hours_ago(3))
    make_article(section=music, headline="Same section, shares a tag", tags=[tags["Music"]], published_at=hours_ago(1))
    make_article(section=music, headline="Same section, newest", published_at=hours_ago(0.5))
    make_article(section=music, headline="Same section, older", published_at=hours_ago(4))
    make_article(section=make_section(), headline="Another section", published_at=hours_ago(0.1))

    assert headlines(Article.objects.read_next(story, 4)) == [
        "Same section, shares a tag",
        "Same section, newest",
        "Same section, older",
    ]
    assert compiled_read_next(story) == headlines(Article.objects.read_next(story, 4))


def test_read_next_never_offers_a_draft_nor_a_story_scheduled_for_later(tags):
    story = make_article(tags=[tags["Oscars"]])
    make_article(section=story.section, tags=[tags["Oscars"]], status=Article.Status.DRAFT, published_at=None)
    make_article(section=story.section, tags=[tags["Oscars"]], published_at=timezone.now() + timedelta(hours=1))
    make_article(section=story.section, tags=[tags["Oscars"]], status=Article.Status.UNPUBLISHED)
    make_article(section=story.section, headline="Live", published_at=hours_ago(2))

    assert headlines(Article.objects.read_next(story, 4)) == ["Live"]
    assert compiled_read_next(story) == ["Live"]


def test_an_unsaved_article_reads_next_its_sections_newest():
    section = make_section()
    make_article(section=section, headline="Older", published_at=hours_ago(2))
    make_article(section=section, headline="Newer", published_at=hours_ago(1))

    unsaved = Article(section=section, headline="Not saved yet")

    assert headlines(Article.objects.read_next(unsaved, 4)) == ["Newer", "Older"]


def test_the_article_page_shows_read_next_after_the_story_and_before_the_comments(client, tags):
    story = make_article(tags=[tags["Oscars"]])
    make_article(headline="Also about the Oscars", tags=[tags["Oscars"]], published_at=hours_ago(2))
    make_article(headline="The talk of the town", published_at=hours_ago(5), comment_count=220)

    html = client.get(story.get_absolute_url()).content.decode()

    read_next = html[html.index('id="read-next-heading"') : html.index('id="comments"')]
    assert re.findall(r'class="item__headline"><a href="[^"]+">([^<]+)</a>', read_next) == ["Also about the Oscars"]
    assert html.index("</article>\n") < html.index('id="read-next-heading"')
    talked_about = html[html.index('id="talked-about-heading"') :]
    assert re.findall(r'class="item__headline"><a href="[^"]+">([^<]+)</a>', talked_about) == ["The talk of the town"]
    assert "More from" not in html


def test_read_next_counts_shared_tags_among_the_newest_live_stories_only(tags, monkeypatch):
    monkeypatch.setattr("articles.models.READ_NEXT_WINDOW", 2)
    story = make_article(tags=tags.values(), published_at=hours_ago(10))
    make_article(headline="Newest, no tag in common", published_at=hours_ago(1))
    make_article(headline="Second newest, one tag", tags=[tags["Music"]], published_at=hours_ago(2))
    make_article(headline="Older, every tag", tags=tags.values(), published_at=hours_ago(3))

    assert headlines(Article.objects.read_next(story, 4)) == ["Second newest, one tag"]


def test_most_talked_about_shows_four_stories_neither_the_story_itself_nor_those_read_next_shows(client):
    sports, politics = make_section(name="Sports", slug="sports"), make_section(name="Politics", slug="politics")
    story = make_article(section=sports, headline="The story", comment_count=900)
    make_article(section=sports, headline="In Read next", comment_count=800, published_at=hours_ago(1))
    for count in (70, 60, 50, 40, 30):
        make_article(section=politics, headline=f"{count} comments", comment_count=count, published_at=hours_ago(2))

    html = client.get(story.get_absolute_url()).content.decode()

    read_next = html[html.index('id="read-next-heading"') : html.index('id="comments"')]
    assert re.findall(r'class="item__headline"><a href="[^"]+">([^<]+)</a>', read_next) == ["In Read next"]
    talked_about = html[html.index('id="talked-about-heading"') :]
    assert re.findall(r'class="item__headline"><a href="[^"]+">([^<]+)</a>', talked_about) == [
        "70 comments",
        "60 comments",
        "50 comments",
        "40 comments",
    ]


def test_most_talked_about_is_the_last_two_days_stories_with_comments_never_a_draft_nor_one_due_later(client):
    story = make_article(headline="The story")
    make_article(headline="From yesterday", comment_count=5, published_at=hours_ago(30))
    make_article(headline="Three days old", comment_count=900, published_at=hours_ago(72))
    make_article(headline="A draft", comment_count=900, status=Article.Status.DRAFT, published_at=None)
    make_article(
        headline="Due in an hour", comment_count=900, status=Article.Status.SCHEDULED, published_at=hours_ago(-1)
    )

    html = client.get(story.get_absolute_url()).content.decode()

    talked_about = html[html.index('id="talked-about-heading"') :]
    assert re.findall(r'class="item__headline"><a href="[^"]+">([^<]+)</a>', talked_about) == ["From yesterday"]


def test_the_article_page_names_each_story_s_own_authors_by_name_in_its_byline_and_its_rails(client):
    zara, asha, ben = make_author(name="Zara Ali"), make_author(name="Asha Rao"), make_author(name="Ben Ode")
    story = make_article(headline="The story", authors=[zara, asha, ben])
    make_article(section=story.section, headline="By Ben", authors=[ben], published_at=hours_ago(1))
    make_article(section=story.section, headline="By nobody", published_at=hours_ago(2))

    html = client.get(story.get_absolute_url()).content.decode()

    assert re.findall(r'<span class="story__byline">By (.*?)</span>', html) == [
        f'<a href="{asha.get_absolute_url()}">Asha Rao</a>, <a href="{ben.get_absolute_url()}">Ben Ode</a>'
        f' and <a href="{zara.get_absolute_url()}">Zara Ali</a>'
    ]
    read_next = html[html.index('id="read-next-heading"') : html.index('id="comments"')]
    assert re.findall(r'<span class="item__byline">By ([^<]+)</span>', read_next) == ["Ben Ode"]
    assert read_next.count('class="item__headline"') == 2
