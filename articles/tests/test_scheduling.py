"""A scheduled story goes live at its time by the reader queries alone: no cron, no worker, no cache to wait for."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import services
from articles.models import Article
from articles.tests.builders import make_author, make_ready_article, make_section, make_staff, make_tag
from articles.tests.clock import time_machine

pytestmark = pytest.mark.django_db

HEADLINE = "Raat Rani trailer crosses 40 million views"


@pytest.fixture
def scheduled():
    """A story an editor scheduled for an hour from now, on a section, tag and author page of its own."""
    section, tag, author = make_section(), make_tag(), make_author()
    story = make_ready_article(
        headline=HEADLINE, section=section, tags=[tag], authors=[author], status="draft", published_at=None
    )
    at = (timezone.now() + timedelta(hours=1)).replace(microsecond=0)
    services.schedule_article(story, at=at, actor=make_staff("Editor"))
    return story


def what_readers_see(client, story):
    pages = {
        "home": "/",
        "section": story.section.get_absolute_url(),
        "tag": story.tags.get().get_absolute_url(),
        "author": story.authors.get().get_absolute_url(),
    }
    seen = {name: HEADLINE in client.get(url).content.decode() for name, url in pages.items()}
    seen["detail"] = client.get(story.get_absolute_url()).status_code
    seen["count"] = Article.objects.published().count()
    return seen


def test_a_scheduled_story_is_absent_a_minute_before_its_time(client, scheduled):
    with time_machine(scheduled.published_at - timedelta(minutes=1)):
        seen = what_readers_see(client, scheduled)

    assert seen == {"home": False, "section": False, "tag": False, "author": False, "detail": 404, "count": 0}


def test_a_scheduled_story_is_live_a_minute_after_its_time_with_nothing_run_in_between(client, scheduled):
    with time_machine(scheduled.published_at + timedelta(minutes=1)):
        seen = what_readers_see(client, scheduled)

    assert seen == {"home": True, "section": True, "tag": True, "author": True, "detail": 200, "count": 1}
    assert Article.objects.get(pk=scheduled.pk).status == "scheduled"  # nothing rewrote the row


def test_the_next_scheduled_time_is_the_storys_until_it_goes_live(scheduled):
    with time_machine(scheduled.published_at - timedelta(minutes=1)):
        before = Article.objects.next_scheduled_time()
    with time_machine(scheduled.published_at + timedelta(minutes=1)):
        after = Article.objects.next_scheduled_time()

    assert (before, after) == (scheduled.published_at, None)


def test_the_reader_page_names_the_time_zone_of_its_times(client):
    story = make_ready_article(published_at=timezone.now() - timedelta(hours=1))

    html = client.get(story.get_absolute_url()).content.decode()
    local = timezone.localtime(story.published_at)

    assert f"{local:%-d %B %Y, %H:%M} IST</time>" in html
