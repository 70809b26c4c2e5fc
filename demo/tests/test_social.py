import io

import pytest
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from demo import content, social
from social.models import SocialPost

pytestmark = pytest.mark.django_db

DATA = content.read("social")


def test_the_demo_roundups_load_once_with_posts_from_several_platforms(client):
    first, second = io.StringIO(), io.StringIO()

    social.load(first)
    social.load(second)

    assert first.getvalue() == "Demo social posts: 3 reactions roundups (3 new), 15 new posts."
    assert second.getvalue() == "Demo social posts: 3 reactions roundups (0 new), 0 new posts."
    assert not SocialPost.objects.filter(state__in=["pending", "failed"]).exists()
    assert list(SocialPost.objects.filter(state="gone").values_list("author_handle", flat=True)) == ["spoilersid"]
    for article in Article.objects.filter(slug__in=[story["slug"] for story in DATA["stories"]]):
        links = article.social_post_links.select_related("social_post")
        assert 4 <= len(links) <= 6
        assert len({link.social_post.platform for link in links}) >= 3
        assert "Here’s how fans reacted:" in article.body_html
        html = client.get(article.get_absolute_url()).content.decode()
        assert html.count('class="social-card ') == len(links)


def test_the_gone_demo_post_still_shows_its_archived_quote(client):
    social.load(io.StringIO())
    article = Article.objects.get(slug="dil-se-dobara-first-day-how-fans-reacted")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "This post is no longer available on X. This is our archived copy." in html
    assert "<p>I won't say who dies in the last scene but bring tissues. Lots of them." in html


def test_the_demo_never_queues_a_fetch(database_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        social.load(io.StringIO())

    # Only its stories' pictures queue work: their renditions.
    assert set(DBTaskResult.objects.values_list("task_path", flat=True)) == {"articles.tasks.write_renditions"}


def test_every_post_is_archived_with_the_fields_its_embed_code_or_its_fetch_carried():
    social.load(io.StringIO())

    for key, fields in DATA["posts"].items():
        post = SocialPost.objects.get(author_handle=fields["handle"])
        assert (post.author_name, post.text, post.posted_at) == (
            fields.get("name", ""),
            fields["text"],
            fields["posted"],
        )
        assert post.media_url == fields.get("media_url", ""), key
        if fields["pasted"] == "embed":
            # Embed code carries the post itself: nothing was asked of the platform.
            assert (post.state, post.fetched_at, post.checked_at) == ("archived", None, None), key
        elif post.platform_info.oembed_needs_meta_token:
            # The site has no Meta token, so the platform could not be asked: an editor completed it.
            assert (post.state, post.state_reason, post.fetched_at) == ("archived", "", None), key
        else:
            expected = ("gone", fields["gone"]) if "gone" in fields else ("archived", "")
            assert (post.state, post.state_reason) == expected, key
            assert post.fetched_at is not None, key
            assert post.checked_at == post.fetched_at, key


def test_the_roundups_are_published_at_the_times_the_data_gives():
    social.load(io.StringIO())
    stories = {story["slug"]: story for story in DATA["stories"]}
    roundups = Article.objects.filter(slug__in=stories)

    assert {article.status for article in roundups} == {Article.Status.PUBLISHED}
    # Each time counts back from the same moment, the load's.
    assert len({a.published_at + content.duration(stories[a.slug]["published_ago"]) for a in roundups}) == 1
