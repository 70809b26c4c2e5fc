import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.template.defaultfilters import date
from django.utils import timezone

from articles.list_items import article_item, article_rail, shown_time
from articles.models import Article
from articles.tests.builders import make_article, make_author, make_section


@pytest.mark.parametrize("zone", ["Asia/Kolkata", "Europe/London", "America/New_York"])
def test_the_time_shown_is_what_the_date_filter_writes_across_a_year_and_its_changes_of_clock(zone):
    moments = [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=37 * n) for n in range(0, 14_300, 7)]
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        for moment in moments:
            local = timezone.template_localtime(moment)
            assert shown_time(local) == date(local, "j M Y, H:i T")


def test_a_time_in_the_site_zone_reads_as_readers_expect():
    moment = timezone.template_localtime(datetime(2026, 12, 1, 4, 5, tzinfo=UTC))

    assert shown_time(moment) == "1 Dec 2026, 09:35 IST"


def test_no_time_is_shown_as_nothing():
    assert shown_time(None) == ""


def test_a_list_item_escapes_the_headline_and_names_its_authors_and_comments(db):
    authors = [make_author(name="Asha Rao"), make_author(name="Ben O'Neil")]
    section = make_section(slug="food", name="Food & drink")
    article = make_article(headline="Fish & <chips>", section=section, authors=authors)
    Article.objects.filter(pk=article.pk).update(comment_count=1)
    article = Article.objects.published().for_listing().get(pk=article.pk)

    html = article_item(article, heading="h3")

    url = article.get_absolute_url()
    assert html.startswith('<article class="item"><div class="item__text">')
    assert '<p class="item__section"><a href="/food/">Food &amp; drink</a></p>' in html
    assert f'<h3 class="item__headline"><a href="{url}">Fish &amp; &lt;chips&gt;</a></h3>' in html
    assert '<span class="item__byline">By Asha Rao, Ben O&#x27;Neil</span> · ' in html
    assert f'<a class="item__comments" href="{url}#comments">1 comment</a></p></div></article>' in html


def test_a_rail_is_its_items_in_a_div_of_its_kind_and_trending_a_numbered_list(db):
    first, second = make_article(headline="First"), make_article(headline="Second")
    stories = list(Article.objects.for_listing().filter(pk__in=[first.pk, second.pk]).order_by("headline"))
    items = [article_item(story, heading="h3", show_image=True, compact=True) for story in stories]

    assert article_rail(stories, kind="read-next", compact=True) == (
        f'<div class="list list--read-next">{items[0]}{items[1]}</div>'
    )
    assert article_rail(stories, kind="trending", compact=True) == (
        f'<ol class="list list--trending"><li>{items[0]}</li><li>{items[1]}</li></ol>'
    )
    assert article_rail([]) == '<div class="list list--rail"></div>'
