from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.tests.builders import article_admin_form as article_form
from articles.tests.builders import (
    make_article,
    make_author,
    make_image,
    make_ready_article,
    make_section,
    make_tag,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(admin_client):
    return admin_client


def test_an_editor_creates_and_publishes_an_article_through_the_admin(editor, client):
    section = make_section(name="Bollywood", slug="bollywood")
    author = make_author(name="Riya Kapoor")

    response = editor.post(
        reverse("admin:articles_article_add"),
        article_form(section, authors=[author.pk], hero_image=make_image().pk, workflow="published"),
        follow=True,
    )

    assert response.status_code == 200
    article = Article.objects.get()
    assert article.status == "published"
    assert article.published_at is not None
    assert list(article.authors.all()) == [author]
    reader_page = client.get(article.get_absolute_url())
    assert reader_page.status_code == 200
    assert "Alia Bhatt announces her next film" in reader_page.content.decode()


def test_everything_typed_is_kept_when_the_form_has_an_error(editor):
    section = make_section()

    response = editor.post(
        reverse("admin:articles_article_add"), article_form(section, headline="", body="My **long** draft")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["headline"] == ["This field is required."]
    html = response.content.decode()
    assert "My **long** draft</textarea>" in html
    assert "The actor shared the news on Instagram.</textarea>" in html
    assert Article.objects.count() == 0


def test_the_article_list_shows_and_filters_articles(editor):
    make_article(headline="Published one", authors=[make_author(name="Sana")])
    make_article(headline="Draft one", status="draft", published_at=None)

    response = editor.get(reverse("admin:articles_article_changelist"), {"state": "draft", "q": "one"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Draft one" in html
    assert "Published one" not in html


def test_the_article_list_shows_each_hero_thumbnail_and_byline(editor):
    article = make_article(authors=[make_author(name="Sana Rao")], hero_image=make_image(alt_text="Red carpet"))

    html = editor.get(reverse("admin:articles_article_changelist")).content.decode()

    thumbnail = article.hero_image.renditions[0]
    assert f'<img src="{thumbnail.url}" width="80" height="45" alt="Red carpet" class="admin-thumbnail">' in html
    assert '<td class="field-byline">Sana Rao</td>' in html


@pytest.mark.parametrize("articles", [1, 30])
def test_the_article_list_runs_a_constant_number_of_queries(editor, django_assert_num_queries, articles):
    for _ in range(articles):
        make_article(authors=[make_author()], tags=[make_tag()], hero_image=make_image())
    editor.get(reverse("admin:articles_article_changelist"))  # the session's user, cached for what follows

    # session, user, the section and author filters, the filtered and the full counts, the page, its
    # authors, the date hierarchy's first and last times and its years
    with django_assert_num_queries(10):
        assert editor.get(reverse("admin:articles_article_changelist")).status_code == 200


def test_bulk_publish_and_unpublish_go_through_the_services(editor):
    draft = make_ready_article(status="draft", published_at=None)
    live = make_ready_article()
    url = reverse("admin:articles_article_changelist")

    editor.post(url, {"action": "publish", "_selected_action": [draft.pk, live.pk]}, follow=True)
    draft.refresh_from_db()
    assert draft.status == "published"

    response = editor.post(url, {"action": "unpublish", "_selected_action": [live.pk]}, follow=True)
    live.refresh_from_db()
    assert live.status == "unpublished"
    assert "1 article unpublished." in response.content.decode()


def test_the_live_preview_renders_the_body_like_a_save(editor, client):
    response = editor.post(reverse("admin:articles_article_preview"), {"body": "**Hi** <script>x</script>"})

    assert response.content.decode() == "<p><strong>Hi</strong> &lt;script&gt;x&lt;/script&gt;</p>\n"
    assert client.post(reverse("admin:articles_article_preview"), {"body": "x"}).status_code == 302


def test_autocomplete_is_offered_for_authors_tags_and_the_hero(editor):
    section = make_section()
    response = editor.get(reverse("admin:articles_article_add"))

    html = response.content.decode()
    for field in ["authors", "tags", "hero_image"]:
        assert f'name="{field}"' in html
        assert 'data-theme="admin-autocomplete"' in html
    assert section.name in html


def test_the_change_page_shows_the_saved_hero_with_its_caption_and_credit(editor):
    article = make_article(hero_image=make_image(caption="At the premiere", credit="Getty Images"))

    response = editor.get(reverse("admin:articles_article_change", args=[article.pk]))

    html = response.content.decode()
    assert 'class="admin-thumbnail"' in html
    assert "<p>At the premiere <em>Getty Images</em></p>" in html
    assert 'class="viewsitelink"' in html


def test_bulk_publish_counts_what_it_published_and_says_why_it_refused_the_rest(editor):
    draft = make_ready_article(status="draft", published_at=None)
    live = make_ready_article(headline="Already live")

    response = editor.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk, live.pk]},
        follow=True,
    )

    assert [str(message) for message in response.context["messages"]] == [
        "1 article published.",
        "Cannot publish “Already live”: it is already published.",
    ]


def change_form(article, **overrides):
    """The admin change form of `article` as the browser sends it back, with any field changed."""
    saved = {
        "headline": article.headline,
        "slug": article.slug,
        "body": article.body,
        "hero_image": article.hero_image_id or "",
    }
    return article_form(article.section, **{**saved, **overrides})


def local_fields(at):
    """The schedule field's two inputs for `at`, in the site's time zone, as the browser sends them."""
    local = timezone.localtime(at)
    return {"schedule_at_0": local.strftime("%d/%m/%Y"), "schedule_at_1": local.strftime("%H:%M:%S")}


def test_the_change_form_refuses_to_publish_an_empty_body_as_the_bulk_action_does(editor):
    draft = make_ready_article(headline="Teaser", body="", status="draft", published_at=None)

    response = editor.post(
        reverse("admin:articles_article_change", args=[draft.pk]),
        change_form(draft, workflow="published", standfirst="Typed before the refusal"),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["workflow"] == ["The story needs a body."]
    assert "Typed before the refusal</textarea>" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.standfirst) == ("draft", "")  # nothing was saved


def test_a_published_story_emptied_in_the_form_is_refused_too(editor):
    live = make_ready_article(headline="Live story")

    response = editor.post(reverse("admin:articles_article_change", args=[live.pk]), change_form(live, body=" "))

    assert response.context["adminform"].form.errors["workflow"] == ["The story needs a body."]
    live.refresh_from_db()
    assert live.body == "The first paragraph.\n\nThe second paragraph."


def test_the_change_form_publishes_schedules_and_unpublishes_through_the_services(editor):
    draft = make_ready_article(status="draft", published_at=None)
    url = reverse("admin:articles_article_change", args=[draft.pk])

    editor.post(url, change_form(draft, workflow="published"))
    draft.refresh_from_db()
    assert draft.status == "published"
    assert timezone.now() - draft.published_at < timedelta(minutes=1)  # now

    editor.post(url, change_form(draft, workflow="unpublished"))
    draft.refresh_from_db()
    assert draft.status == "unpublished"

    later = (timezone.localtime() + timedelta(days=2)).replace(second=0, microsecond=0)
    editor.post(url, change_form(draft, workflow="scheduled", **local_fields(later)))
    draft.refresh_from_db()
    assert (draft.status, draft.published_at, draft.is_published()) == ("scheduled", later, False)
    # The first save also changed the standfirst (the form's own): an edit, then the move.
    assert [event.action for event in draft.events.order_by("pk")] == [
        "edited",
        "published",
        "unpublished",
        "scheduled",
    ]
