"""Readers' search, through the index the database keeps: each test runs on SQLite and, in CI's second leg,
on PostgreSQL, with the same expectations."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import search
from articles.models import Article
from articles.services import publish_article, save_article, unpublish_article
from articles.tests.builders import make_article, make_author, make_image, make_section, make_tag
from articles.tests.clock import time_machine

pytestmark = pytest.mark.django_db


def found(query, **filters):
    return [article.headline for article in search.search_articles(query, **filters)]


def page_text(response):
    assert response.status_code == 200
    return response.content.decode()


# What is found ------------------------------------------------------------------------------------


def test_a_word_finds_the_articles_that_have_it_in_their_headline_standfirst_or_body():
    make_article(headline="Alia Bhatt signs a new film")
    make_article(headline="A quiet week", standfirst="Alia Bhatt rests at home.")
    make_article(headline="Box office report", body="The first paragraph.\n\nAlia Bhatt leads the chart.")
    make_article(headline="Nothing about her")

    assert sorted(found("alia")) == ["A quiet week", "Alia Bhatt signs a new film", "Box office report"]


def test_a_word_in_the_headline_ranks_above_the_same_word_in_the_body():
    make_article(headline="Box office report", body="Deepika Padukone leads the chart this week.")
    make_article(headline="Deepika Padukone joins a thriller")

    assert found("deepika") == ["Deepika Padukone joins a thriller", "Box office report"]


def test_tags_and_authors_are_searched():
    make_article(headline="Trailer out", tags=[make_tag(name="Shah Rukh Khan")])
    make_article(headline="Weekend reading", authors=[make_author(name="Priyanka Menon")])

    assert found("khan") == ["Trailer out"]
    assert found("menon") == ["Weekend reading"]


def test_a_tag_added_renamed_or_removed_later_changes_what_is_found():
    article = make_article(headline="Trailer out")
    tag = make_tag(name="Jawan")

    article.tags.add(tag)
    assert found("jawan") == ["Trailer out"]

    tag.name = "Pathaan"
    tag.save()
    assert found("jawan") == []
    assert found("pathaan") == ["Trailer out"]

    article.tags.remove(tag)
    assert found("pathaan") == []


def test_an_author_renamed_later_is_found_by_the_new_name():
    author = make_author(name="Priya Sharma")
    make_article(headline="Weekend reading", authors=[author])

    author.name = "Priya Kapoor"
    author.save()

    assert found("kapoor") == ["Weekend reading"]
    assert found("sharma") == []


def test_an_edit_saved_through_save_article_is_found_by_its_new_words():
    article = make_article(headline="Casting news")

    article.headline = "Ranveer Singh cast as Don"
    save_article(article, actor=None)

    assert found("ranveer") == ["Ranveer Singh cast as Don"]
    assert found("casting") == []


def test_a_deleted_article_leaves_the_index():
    article = make_article(headline="Gone tomorrow")
    article_id = article.pk

    article.delete()

    assert found("gone") == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_search WHERE rowid = %s", [article_id])
        assert cursor.fetchone() == (0,)


def test_a_phrase_in_double_quotes_finds_its_words_together_only():
    make_article(headline="Shah Rukh Khan returns")
    make_article(headline="Rukh and Shah, a review")

    assert found('"shah rukh"') == ["Shah Rukh Khan returns"]
    assert sorted(found("shah rukh")) == ["Rukh and Shah, a review", "Shah Rukh Khan returns"]


def test_the_start_of_a_word_finds_the_whole_word():
    make_article(headline="Priyanka Chopra at the Met Gala")

    assert found("priyan") == ["Priyanka Chopra at the Met Gala"]


def test_a_word_without_its_accents_finds_it_with_them():
    make_article(headline="Beyoncé announces a world tour")
    make_article(headline="Café culture in Pune")

    assert found("Beyonce") == ["Beyoncé announces a world tour"]
    assert found("cafe") == ["Café culture in Pune"]
    assert found("BEYONCÉ") == ["Beyoncé announces a world tour"]


def test_hindi_and_korean_words_are_found_whole_and_by_their_start():
    make_article(headline="शाहरुख़ ख़ान की नई फ़िल्म", tags=[make_tag(name="Shah Rukh Khan")])
    make_article(headline="방탄소년단 comeback date announced")

    assert found("शाहरुख़") == ["शाहरुख़ ख़ान की नई फ़िल्म"]
    assert found("ख़ान") == ["शाहरुख़ ख़ान की नई फ़िल्म"]
    assert found("shah rukh khan") == ["शाहरुख़ ख़ान की नई फ़िल्म"]
    assert found("방탄소년단") == ["방탄소년단 comeback date announced"]
    assert found("방탄") == ["방탄소년단 comeback date announced"]


def test_only_live_articles_are_found():
    make_article(headline="Tour live story")
    make_article(headline="Tour draft story", status=Article.Status.DRAFT, published_at=None)
    make_article(headline="Tour review story", status=Article.Status.IN_REVIEW, published_at=None)
    make_article(headline="Tour scheduled story", published_at=timezone.now() + timedelta(hours=2))
    unpublish_article(make_article(headline="Tour unpublished story"), actor=None)

    assert found("tour") == ["Tour live story"]


def test_a_scheduled_story_is_found_once_its_time_comes_with_no_reindex():
    make_article(headline="Tour scheduled story", published_at=timezone.now() + timedelta(hours=2))

    with time_machine(timezone.now() + timedelta(hours=3)):
        assert found("tour") == ["Tour scheduled story"]


def test_a_story_published_through_the_services_is_found():
    article = make_article(
        headline="Kareena Kapoor on her new role",
        status=Article.Status.DRAFT,
        published_at=None,
        hero_image=make_image(),
    )
    assert found("kareena") == []

    publish_article(article, actor=None)

    assert found("kareena") == ["Kareena Kapoor on her new role"]


def test_section_and_dates_narrow_the_results():
    bollywood, hollywood = make_section(name="Bollywood"), make_section(name="Hollywood")
    at = timezone.make_aware(datetime(2026, 3, 10, 12, 0))
    make_article(headline="Premiere in Mumbai", section=bollywood, published_at=at)
    make_article(headline="Premiere in Los Angeles", section=hollywood, published_at=at)
    make_article(headline="Premiere last year", section=bollywood, published_at=at - timedelta(days=365))

    assert found("premiere", section=bollywood) == ["Premiere in Mumbai", "Premiere last year"]
    assert sorted(found("premiere", since=date(2026, 3, 10), until=date(2026, 3, 10))) == [
        "Premiere in Los Angeles",
        "Premiere in Mumbai",
    ]
    assert found("premiere", until=date(2026, 3, 9)) == ["Premiere last year"]


def test_equal_matches_come_newest_first():
    now = timezone.now()
    older = make_article(headline="Met Gala looks", published_at=now - timedelta(days=2))
    newer = make_article(headline="Met Gala looks", published_at=now - timedelta(hours=2))

    assert [article.pk for article in search.search_articles("gala")] == [newer.pk, older.pk]


@pytest.mark.parametrize(
    "query",
    ['"', "*", "OR", "AND", "NOT", "NEAR(", "NEAR(a b)", "(", ")", "^", ":", "-", "'", "''", "%", "\\", "a:*",
     "headline:x", "'; DROP TABLE articles_article; --", "1 OR 1=1", "!", "<->", "&", "|", "x" * 5000,
     "word " * 1000, "\x00", "ё", "\u0301", "\u0301 x", "ŉ", "ŉ x", "½", "℃", "\u200d"],
)  # fmt: skip
def test_odd_queries_never_raise(query):
    make_article(headline="Or and near, not a story")

    list(search.search_articles(query))


def test_syntax_words_are_searched_as_plain_words():
    make_article(headline="Near the sea or in the hills")
    make_article(headline="Hills only")

    assert found("NEAR(") == ["Near the sea or in the hills"]
    assert found("OR hills") == ["Near the sea or in the hills"]


def test_a_query_without_words_finds_nothing():
    make_article(headline="A story")

    assert found("") == []
    assert found('" * ( )') == []


def test_a_long_query_is_searched_for_its_first_words():
    parsed = search.parse_query("one two three four five six seven eight nine ten eleven twelve thirteen")

    assert len(parsed.words()) == search.MAX_WORDS
    assert parsed.cut is True


def test_the_fts5_expression_is_quoted_words_only():
    parsed = search.parse_query('"shah rukh" priyan NEAR( a')

    assert search.fts5_expression(parsed) == '"shah rukh" AND "priyan"* AND "NEAR"* AND "a"'


# Snippets -----------------------------------------------------------------------------------------


def test_a_snippet_marks_the_words_found_and_escapes_the_text_around_them():
    parsed = search.parse_query("beyonce")

    result = search.snippet("<b>Fans</b> & Beyoncé's crew", parsed)

    assert result == "&lt;b&gt;Fans&lt;/b&gt; &amp; <mark>Beyoncé</mark>&#x27;s crew"


def test_a_snippet_of_a_long_text_shows_the_passage_around_the_first_match():
    text = " ".join(f"w{n}" for n in range(100)) + " Priyanka " + " ".join(f"v{n}" for n in range(100))

    result = search.snippet(text, search.parse_query("priyan"))

    assert result == (
        "… w90 w91 w92 w93 w94 w95 w96 w97 w98 w99 <mark>Priyanka</mark> v0 v1 v2 v3 v4 v5 v6 v7 v8 v9 v10 "
        "v11 v12 v13 v14 v15 v16 v17 v18 …"
    )


def test_the_snippet_leaves_out_the_bodys_markdown_pictures_and_pasted_posts():
    body = (
        "**Alia** said [hello](https://example.com) today.\n\n![Alia on stage](image:12)\n\n"
        "https://www.instagram.com/p/abc/\n\n> A quote & more"
    )

    assert search.plain_text(body) == "Alia said hello today. A quote & more"


# The page -----------------------------------------------------------------------------------------


def test_the_results_page_lists_the_stories_with_their_snippets(client):
    article = make_article(
        headline="Priyanka Chopra at the Met Gala",
        standfirst="The actor wore <red>.",
        body="The first paragraph.\n\nPriyanka arrived at 7pm.",
    )

    html = page_text(client.get("/search/", {"q": "priyanka"}))

    assert "1 story found." in html
    assert f'<a href="{article.get_absolute_url()}">Priyanka Chopra at the Met Gala</a>' in html
    assert '<p class="item__snippet">The first paragraph. <mark>Priyanka</mark> arrived at 7pm.</p>' in html
    assert "<title>“priyanka”: search · Newsroom</title>" in html


def test_a_story_found_by_its_headline_alone_shows_its_standfirst(client):
    make_article(headline="Karan Johar's next", standfirst="A film about <families>.", body="Nothing else.")

    html = page_text(client.get("/search/", {"q": "karan"}))

    assert '<p class="item__snippet">A film about &lt;families&gt;.</p>' in html


def test_the_empty_search_page_says_how_to_search(client):
    html = page_text(client.get("/search/"))

    assert "Type a name, a film or a show." in html
    assert "story found" not in html


@pytest.mark.parametrize("query", ['"', "*", "()", "<script>"])
def test_a_query_of_punctuation_only_gets_a_helpful_page(client, query):
    html = page_text(client.get("/search/", {"q": query}))

    if query == "<script>":
        assert "No stories match “script”: check the spelling, or try fewer words." in html
    else:
        assert "has no words to look for: try a name, a film or a show" in html
    assert "<script>" not in html.split("<main", 1)[1]


def test_a_query_with_no_results_says_so(client):
    html = page_text(client.get("/search/", {"q": "zzyzx qwerty"}))

    assert "No stories match “zzyzx”, “qwerty”: check the spelling, or try fewer words." in html


def test_a_very_long_query_gets_a_page_that_says_what_was_searched(client):
    make_article(headline="Word of the day")

    html = page_text(client.get("/search/", {"q": "word " * 1000}))

    assert "That is a long search: we looked for its first 12 words." in html
    assert "1 story found." in html


def test_filters_that_exclude_everything_suggest_removing_them(client):
    section = make_section(name="Bollywood", slug="bollywood")
    make_article(headline="Tour dates", section=make_section())

    html = page_text(client.get("/search/", {"q": "tour", "section": section.slug}))

    assert "No stories match “tour” with these filters: try all sections and any date." in html


def test_dates_in_the_wrong_order_get_a_sentence(client):
    html = page_text(client.get("/search/", {"q": "tour", "since": "2026-03-10", "until": "2026-03-01"}))

    assert "The “From” date must come before the “To” date." in html
    assert "has no words" not in html
    assert "stor" not in html.split("</form>", 1)[1].split("</main>", 1)[0]


def test_results_are_paginated_and_the_links_keep_the_query(client):
    section = make_section(slug="bollywood")
    for n in range(21):
        make_article(headline=f"Tour story {n}", section=section)

    first = page_text(client.get("/search/", {"q": "tour", "section": "bollywood"}))
    second = page_text(client.get("/search/", {"q": "tour", "section": "bollywood", "page": "2"}))

    assert "21 stories found." in first
    assert '<a rel="next" href="?q=tour&amp;section=bollywood&amp;page=2">More results →</a>' in first
    assert second.count('<article class="item') == 1
    assert '<a rel="prev" href="?q=tour&amp;section=bollywood&amp;page=1">← Better matches</a>' in second


def test_an_unknown_section_gets_a_sentence_and_no_error(client):
    html = page_text(client.get("/search/", {"q": "tour", "section": "no-such-section"}))

    assert "Section: Select a valid choice. That choice is not one of the available choices." in html


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc"])
def test_a_page_number_out_of_range_is_not_found(client, page):
    make_article(headline="Tour story")

    assert client.get("/search/", {"q": "tour", "page": page}).status_code == 404


def test_every_page_has_a_search_box_in_its_header(client):
    html = page_text(client.get("/"))

    assert '<form class="site-search" action="/search/" method="get" role="search" aria-label="Site search">' in html
    assert '<input type="search" name="q" id="site-search-q" placeholder="Search">' in html


def test_search_results_are_not_indexed_by_search_engines(client):
    html = page_text(client.get("/search/", {"q": "tour"}))

    assert '<meta name="robots" content="noindex, follow">' in html


# The page's queries: navigation, the section filter's choices, the count, the page's ids and bodies in
# rank order, those stories' list rows, their authors; with a section, its lookup too.
EXPECTED_QUERIES = 6


@pytest.mark.parametrize("stories", [1, 25])
def test_the_results_page_runs_a_constant_number_of_queries(client, stories):
    hero = make_image()
    authors = [make_author() for _ in range(3)]
    section = make_section(slug="bollywood")
    for n in range(stories):
        make_article(headline=f"Tour story {n}", section=section, hero_image=hero, authors=authors)

    with CaptureQueriesContext(connection) as plain:
        assert client.get("/search/", {"q": "tour"}).status_code == 200
    with CaptureQueriesContext(connection) as filtered:
        assert client.get("/search/", {"q": "tour", "section": "bollywood", "since": "2020-01-01"}).status_code == 200

    assert (len(plain), len(filtered)) == (EXPECTED_QUERIES, EXPECTED_QUERIES + 1)
