"""Databases of earlier releases migrate forward with everything they hold."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles.models import Article, ArticleSocialPost, Image
from social.models import SocialPost

# The release before social posts had an app of their own.
BEFORE_SOCIAL_APP = [("articles", "0004_article_listing_index"), ("social", None)]


def migrate(targets):
    """Migrate the test database to `targets`; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state([target for target in targets if target[1] is not None]).apps


@pytest.mark.django_db(transaction=True)
def test_social_posts_their_links_and_permissions_survive_the_move_to_the_social_app():
    old = migrate(BEFORE_SOCIAL_APP)
    section = old.get_model("articles", "Section").objects.create(name="Bollywood", slug="bollywood")
    article = old.get_model("articles", "Article").objects.create(
        headline="How fans reacted", slug="how-fans-reacted", section=section, status="published",
        published_at=timezone.now(), body_html='<div data-social-post="0"><p>…</p></div>',
    )  # fmt: skip
    OldPost = old.get_model("articles", "SocialPost")
    gone = OldPost.objects.create(
        platform="x", post_id="1617786543210987520", permalink="https://x.com/i/web/status/1617786543210987520",
        author_name="Shah Rukh Khan", author_handle="iamsrk", text="What a night", text_html="<p>What a night</p>",
        state="gone", state_reason="deleted", fetched_at=timezone.now(),
    )  # fmt: skip
    waiting = OldPost.objects.create(
        platform="youtube", post_id="Kx1V3ZcmvWQ", permalink="https://www.youtube.com/watch?v=Kx1V3ZcmvWQ"
    )
    old.get_model("articles", "ArticleSocialPost").objects.create(article=article, social_post=gone, position=0)
    old.get_model("articles", "ArticleSocialPost").objects.create(article=article, social_post=waiting, position=1)
    editors = old.get_model("auth", "Group").objects.create(name="Editors")
    editors.permissions.add(old.get_model("auth", "Permission").objects.get(codename="change_socialpost"))

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    moved = SocialPost.objects.get(pk=gone.pk)
    assert (moved.platform, moved.author_handle, moved.state, moved.state_reason, moved.text_html) == (
        "x",
        "iamsrk",
        "gone",
        "deleted",
        "<p>What a night</p>",
    )
    assert SocialPost.objects.get(pk=waiting.pk).state == "pending"
    links = ArticleSocialPost.objects.filter(article_id=article.pk).order_by("position")
    assert [(link.position, link.social_post_id) for link in links] == [(0, gone.pk), (1, waiting.pk)]
    assert Article.objects.get(pk=article.pk).social_post_links.count() == 2
    permission = Permission.objects.get(codename="change_socialpost")
    assert permission.content_type.app_label == "social"
    assert list(Group.objects.get(name="Editors").permissions.all()) == [permission]
    # New posts take ids after the copied ones.
    new = SocialPost.objects.create(platform="x", post_id="1", permalink="https://x.com/i/web/status/1")
    assert new.pk > waiting.pk


@pytest.mark.django_db(transaction=True)
def test_pictures_uploaded_before_renditions_were_a_task_keep_the_renditions_they_have():
    old = migrate([("articles", "0007_status_help_text")])
    OldImage = old.get_model("articles", "Image")
    wide = OldImage.objects.create(file="originals/2026/11/red-carpet.jpg", width=2000, height=1000, alt_text="Wide")
    small = OldImage.objects.create(file="originals/2026/11/portrait.png", width=600, height=800, alt_text="Small")

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert Image.objects.get(pk=wide.pk).stored_renditions == [
        {"name": "renditions/2026/11/red-carpet-480w.webp", "width": 480, "height": 240},
        {"name": "renditions/2026/11/red-carpet-800w.webp", "width": 800, "height": 400},
        {"name": "renditions/2026/11/red-carpet-1200w.webp", "width": 1200, "height": 600},
        {"name": "renditions/2026/11/red-carpet-1600w.webp", "width": 1600, "height": 800},
    ]
    migrated = Image.objects.get(pk=small.pk)
    assert (migrated.renditions_status, migrated.renditions[-1].url) == (
        "ready",
        "/media/renditions/2026/11/portrait-600w.webp",
    )
    assert [(r.width, r.height) for r in migrated.renditions] == [(480, 640), (600, 800)]


@pytest.mark.django_db(transaction=True)
def test_stories_published_for_a_time_to_come_become_scheduled_and_the_rest_keep_their_status():
    old = migrate([("articles", "0008_image_stored_renditions")])
    section = old.get_model("articles", "Section").objects.create(name="Bollywood", slug="bollywood")
    OldArticle = old.get_model("articles", "Article")
    now = timezone.now()
    stories = {
        "live": ("published", now - timedelta(days=1)),
        "future": ("published", now + timedelta(days=1)),
        "draft": ("draft", None),
        "draft with a time": ("draft", now + timedelta(days=2)),
    }
    ids = {
        slug: OldArticle.objects.create(
            headline=slug, slug=slug.replace(" ", "-"), section=section, status=status, published_at=at
        ).pk
        for slug, (status, at) in stories.items()
    }

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    statuses = dict(Article.objects.values_list("pk", "status"))
    assert {slug: statuses[pk] for slug, pk in ids.items()} == {
        "live": "published",
        "future": "scheduled",
        "draft": "draft",
        "draft with a time": "draft",
    }
    assert Article.objects.get(pk=ids["future"]).sent_back_note == ""


@pytest.mark.django_db(transaction=True)
def test_every_article_of_the_release_before_revisions_starts_its_history_with_its_text():
    old = migrate([("articles", "0008_image_stored_renditions")])
    section = old.get_model("articles", "Section").objects.create(name="Bollywood", slug="bollywood")
    article = old.get_model("articles", "Article").objects.create(
        headline="Trailer out", slug="trailer-out", standfirst="First look.", body="It is here.", section=section
    )

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    stored = Article.objects.get(pk=article.pk)
    assert stored.version == 1
    assert list(stored.revisions.values_list("kind", "version", "headline", "standfirst", "body", "author")) == [
        ("saved", 1, "Trailer out", "First look.", "It is here.", None)
    ]


@pytest.mark.django_db(transaction=True)
def test_articles_written_before_the_search_index_are_found_with_their_tags_and_authors():
    from articles.search import search_articles

    old = migrate([("articles", "0016_site_settings")])
    section = old.get_model("articles", "Section").objects.create(name="Bollywood", slug="bollywood")
    story = old.get_model("articles", "Article").objects.create(
        headline="Trailer out today",
        slug="trailer-out-today",
        section=section,
        status="published",
        published_at=timezone.now() - timedelta(hours=1),
    )
    story.tags.add(old.get_model("articles", "Tag").objects.create(name="Shah Rukh Khan", slug="srk"))
    story.authors.add(old.get_model("articles", "Author").objects.create(name="Priya Menon", slug="priya"))

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert [article.pk for article in search_articles('"shah rukh" menon trailer')] == [story.pk]
