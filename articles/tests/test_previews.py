"""Previews: a story not yet live at its own address, a change form's unsaved fields, and shared preview links."""

import uuid
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import previews, story_html
from articles.models import Article, ArticleSocialPost, PreviewLink, Section
from articles.tests.builders import article_admin_form, make_article, make_author, make_section, make_tag
from social.models import SocialPost

pytestmark = pytest.mark.django_db

NOINDEX = '<meta name="robots" content="noindex">'
INSTAGRAM_POST = "https://www.instagram.com/p/C1a2B3c4D5e/"


def make_staff(username, *permissions):
    user = get_user_model().objects.create_user(username, password="pw", is_staff=True)
    user.user_permissions.add(*(Permission.objects.get(codename=codename) for codename in permissions))
    return user


def ist(*args):
    return timezone.make_aware(datetime(*args), timezone.get_default_timezone())


@pytest.fixture
def viewer(client):
    """A staff member who may read articles in the admin, and so preview them, but not change them."""
    client.force_login(make_staff("viewer", "view_article"))
    return client


@pytest.fixture
def draft():
    return make_article(headline="Kareena’s new film", status=Article.Status.DRAFT, published_at=None)


def banner(html):
    start = html.index('<p class="preview-banner"')
    return html[start : html.index("</p>", start) + 4]


# Staff preview at the story's address ---------------------------------------------------------------


def test_a_staff_member_who_may_preview_reads_a_draft_with_the_banner_and_no_caching(viewer, draft):
    response = viewer.get(draft.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    change_url = reverse("admin:articles_article_change", args=[draft.pk])
    assert banner(html) == (
        '<p class="preview-banner" role="status">Preview: this story is a draft. Readers cannot see it yet. '
        f'<a href="{change_url}">Edit it in the admin</a></p>'
    )
    assert '<h1 class="story__headline">Kareena’s new film</h1>' in html
    assert NOINDEX in html
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"


def test_the_banner_of_a_scheduled_story_names_its_time_in_the_sites_zone(viewer, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: ist(2026, 12, 1, 18, 0))
    article = make_article(status=Article.Status.PUBLISHED, published_at=ist(2026, 12, 2, 9, 0))

    html = viewer.get(article.get_absolute_url()).content.decode()

    assert "Preview: this story is scheduled for 2 Dec 09:00 IST. Readers cannot see it yet." in banner(html)


def test_a_staff_member_without_the_right_to_preview_gets_the_readers_404(client, draft):
    client.force_login(make_staff("moderator", "view_comment"))

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()


def test_a_reader_gets_404_for_a_draft(client, draft):
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_live_story_has_no_banner_and_may_be_indexed(viewer):
    article = make_article()

    response = viewer.get(article.get_absolute_url())

    html = response.content.decode()
    assert 'class="preview-banner"' not in html
    assert NOINDEX not in html
    assert "X-Robots-Tag" not in response


def test_the_preview_of_a_draft_shows_the_comment_section_closed(viewer, draft):
    html = viewer.get(draft.get_absolute_url()).content.decode()

    assert '<p class="comments__closed">Comments open when the story is published.</p>' in html
    assert 'class="comment-form"' not in html


# Unsaved changes from the change form -----------------------------------------------------------


def preview_url(article=None):
    if article is None:
        return reverse("admin:articles_article_reader_preview_add")
    return reverse("admin:articles_article_reader_preview", args=[article.pk])


def row_counts():
    return {model.__name__: model.objects.count() for model in (Article, ArticleSocialPost, SocialPost, PreviewLink)}


def test_the_preview_of_an_edited_article_shows_the_posted_headline_and_body_and_saves_nothing(admin_client):
    article = make_article(headline="The saved headline", status=Article.Status.DRAFT, published_at=None)
    author = make_author(name="Riya Kapoor")
    tag = make_tag(name="Box office")
    data = article_admin_form(
        article.section,
        headline="The unsaved headline",
        body="An **unsaved** paragraph.",
        status="draft",
        authors=[author.pk],
        tags=[tag.pk],
    )
    before = row_counts()

    response = admin_client.post(preview_url(article), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="story__headline">The unsaved headline</h1>' in html
    assert "<p>An <strong>unsaved</strong> paragraph.</p>" in html
    assert f'By <a href="{author.get_absolute_url()}">Riya Kapoor</a>' in html
    assert f'<a href="{tag.get_absolute_url()}">Box office</a>' in html
    assert banner(html) == (
        '<p class="preview-banner" role="status">Preview of unsaved changes. Nothing is saved until you save '
        "the form; close this tab to go back.</p>"
    )
    assert response["X-Robots-Tag"] == "noindex"
    # The admin's own never_cache adds to what the preview sets.
    assert response["Cache-Control"] == "private, no-store, max-age=0, no-cache, must-revalidate"
    assert row_counts() == before
    article.refresh_from_db()
    assert (article.headline, list(article.authors.all()), list(article.tags.all())) == ("The saved headline", [], [])


def test_the_preview_of_a_new_article_renders_without_saving_a_row(admin_client):
    section = make_section(name="Bollywood", slug="bollywood")
    before = row_counts()

    response = admin_client.post(preview_url(), article_admin_form(section, headline="A story nobody saved"))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="story__headline">A story nobody saved</h1>' in html
    assert '<p class="comments__closed">Comments open when the story is published.</p>' in html
    assert 'rel="canonical"' not in html
    assert row_counts() == before


def test_the_preview_shows_an_archived_post_as_its_card_and_an_unknown_one_as_a_plain_link(admin_client):
    section = make_section()
    SocialPost.objects.create(
        platform="x",
        post_id="1234567890",
        permalink="https://x.com/iamsrk/status/1234567890",
        author_handle="iamsrk",
        author_name="Shah Rukh Khan",
        text="Shooting starts today",
        state=SocialPost.State.ARCHIVED,
    )
    body = f"First.\n\nhttps://x.com/iamsrk/status/1234567890\n\n{INSTAGRAM_POST}\n\nLast."
    before = row_counts()

    response = admin_client.post(preview_url(), article_admin_form(section, body=body, status="draft"))

    html = response.content.decode()
    assert html.count('class="social-card ') == 1
    assert "Shah Rukh Khan" in html
    assert f'<p><a href="{INSTAGRAM_POST}" rel="noopener noreferrer">View the post on Instagram</a></p>' in html
    assert row_counts() == before


def test_an_invalid_form_shows_each_problem_and_saves_nothing(admin_client):
    section = make_section()
    before = row_counts()

    response = admin_client.post(preview_url(), article_admin_form(section, headline="", slug="not a slug!"))

    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>The story cannot be previewed yet</h1>" in html
    assert "The form has 2 problems." in html
    assert (
        "<li><strong>Headline:</strong> This field is required.</li>"
        "<li><strong>Slug:</strong> Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.</li>"
    ) in html
    assert row_counts() == before


def test_a_user_who_may_not_change_the_article_is_refused_its_unsaved_preview(viewer, draft):
    response = viewer.post(preview_url(draft), article_admin_form(draft.section, headline="Forged"))

    assert response.status_code == 403


def test_a_user_who_may_not_add_articles_is_refused_the_preview_of_a_new_one(viewer):
    response = viewer.post(preview_url(), article_admin_form(make_section(), headline="Forged"))

    assert response.status_code == 403


def test_the_unsaved_preview_refuses_a_get(admin_client, draft):
    assert admin_client.get(preview_url(draft)).status_code == 405
    assert admin_client.get(preview_url()).status_code == 405


def test_the_change_form_has_the_preview_button_posting_to_a_new_tab(admin_client, draft):
    html = admin_client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()

    assert (
        f'<button type="submit" class="button reader-preview-button" formaction="{preview_url(draft)}" '
        'formtarget="_blank" formnovalidate>Preview as readers see it</button>'
    ) in html


def test_the_add_form_has_the_preview_button_posting_to_the_new_article_preview(admin_client):
    html = admin_client.get(reverse("admin:articles_article_add")).content.decode()

    assert f'formaction="{preview_url()}" formtarget="_blank"' in html
    assert "Save the story first; then you can share a preview link to it." in html


# Preview links --------------------------------------------------------------------------------------


@pytest.fixture
def editor_user():
    return get_user_model().objects.create_superuser("riya", password="pw", first_name="Riya", last_name="Kapoor")


@pytest.fixture
def link(draft, editor_user, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: ist(2026, 12, 1, 9, 0))
    return previews.create_preview_link(draft, by=editor_user, hours=48)


def link_url(link):
    return previews.link_path(link)


def test_anyone_with_a_valid_link_reads_the_draft_with_who_shared_it_and_until_when(client, link):
    response = client.get(link_url(link))

    assert response.status_code == 200
    html = response.content.decode()
    assert banner(html) == (
        '<p class="preview-banner" role="status">Preview shared by Riya Kapoor, valid until 3 Dec 09:00 IST. '
        "Readers cannot see it yet.</p>"
    )
    assert '<h1 class="story__headline">Kareena’s new film</h1>' in html
    assert NOINDEX in html
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    assert '<p class="comments__closed">Comments open when the story is published.</p>' in html


def test_the_link_works_a_minute_before_it_expires_and_not_a_minute_after(client, link, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: ist(2026, 12, 3, 8, 59))
    assert client.get(link_url(link)).status_code == 200

    monkeypatch.setattr(timezone, "now", lambda: ist(2026, 12, 3, 9, 1))
    response = client.get(link_url(link))

    assert response.status_code == 410
    assert "<h1>This preview link has expired</h1>" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_a_revoked_link_gets_a_page_saying_it_was_stopped(client, link):
    assert previews.revoke_preview_link(link) is True

    response = client.get(link_url(link))

    assert response.status_code == 410
    assert "<h1>This preview link was stopped</h1>" in response.content.decode()


def test_a_tampered_link_gets_a_404_page_in_the_sites_look(client, link):
    key, signature = previews.link_token(link).split(":")
    tampered = reverse("articles:preview-link", kwargs={"token": f"{key[:-1]}0:{signature}"})
    if tampered == link_url(link):
        tampered = reverse("articles:preview-link", kwargs={"token": f"{key[:-1]}1:{signature}"})

    response = client.get(tampered)

    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>We couldn’t find that preview link</h1>" in html
    assert 'class="site-header"' in html


def test_an_unknown_link_gets_the_same_404_page(client, link):
    unknown = PreviewLink(key=uuid.UUID("00000000-0000-4000-8000-000000000000"))

    response = client.get(link_url(unknown))

    assert response.status_code == 404
    assert "<h1>We couldn’t find that preview link</h1>" in response.content.decode()


def test_a_link_to_a_story_gone_live_redirects_to_its_address(client, link, draft):
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.PUBLISHED, published_at=ist(2026, 12, 1, 8, 0))

    response = client.get(link_url(link))

    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()


def test_an_editor_creates_a_link_from_the_change_form_with_the_lifetime_chosen(admin_client, draft):
    change_url = reverse("admin:articles_article_change", args=[draft.pk])
    create_url = reverse("admin:articles_article_preview_link_create", args=[draft.pk])

    response = admin_client.post(create_url, {"preview_link_lifetime": "24"}, follow=True)

    link = PreviewLink.objects.get()
    assert (link.article, link.expires_at - link.created_at) == (draft, timedelta(hours=24))
    assert response.redirect_chain == [(f"{change_url}#preview-links", 302)]
    html = response.content.decode()
    assert f"Preview link created, valid until {previews.local_time(link.expires_at)}" in html
    assert f"http://testserver{link_url(link)}" in html
    assert f'<a href="http://127.0.0.1:8000{link_url(link)}" target="_blank" rel="noopener">' in html


def test_a_link_lasts_48_hours_unless_the_editor_chooses_otherwise(admin_client, draft):
    admin_client.post(reverse("admin:articles_article_preview_link_create", args=[draft.pk]))

    link = PreviewLink.objects.get()
    assert link.expires_at - link.created_at == timedelta(hours=48)


def test_a_lifetime_that_is_not_offered_is_refused_with_a_message(admin_client, draft):
    create_url = reverse("admin:articles_article_preview_link_create", args=[draft.pk])

    response = admin_client.post(create_url, {"preview_link_lifetime": "9999"}, follow=True)

    assert PreviewLink.objects.count() == 0
    assert "Choose how long the preview link should work: 1 hour, 24 hours, 48 hours or 7 days." in (
        response.content.decode()
    )


def test_an_editor_revokes_a_link_from_the_change_form(admin_client, link, draft):
    revoke_url = reverse("admin:articles_article_preview_link_revoke", args=[draft.pk, link.pk])

    response = admin_client.post(revoke_url, follow=True)

    link.refresh_from_db()
    assert link.revoked_at is not None
    assert "Preview link revoked" in response.content.decode()


def test_a_staff_member_without_the_right_to_preview_can_neither_create_nor_revoke_links(client, link, draft):
    client.force_login(make_staff("moderator", "view_comment"))
    create_url = reverse("admin:articles_article_preview_link_create", args=[draft.pk])
    revoke_url = reverse("admin:articles_article_preview_link_revoke", args=[draft.pk, link.pk])

    assert (client.post(create_url).status_code, client.post(revoke_url).status_code) == (403, 403)
    link.refresh_from_db()
    assert (PreviewLink.objects.count(), link.revoked_at) == (1, None)


def test_the_link_buttons_refuse_a_get(admin_client, link, draft):
    create_url = reverse("admin:articles_article_preview_link_create", args=[draft.pk])
    revoke_url = reverse("admin:articles_article_preview_link_revoke", args=[draft.pk, link.pk])

    assert (admin_client.get(create_url).status_code, admin_client.get(revoke_url).status_code) == (405, 405)


def test_the_panel_lists_active_links_with_their_expiry_and_a_revoke_button(admin_client, draft, editor_user):
    active = previews.create_preview_link(draft, by=editor_user, hours=1)
    revoked = previews.create_preview_link(draft, by=editor_user, hours=7 * 24)
    previews.revoke_preview_link(revoked)

    html = admin_client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()

    revoke_url = reverse("admin:articles_article_preview_link_revoke", args=[draft.pk, active.pk])
    assert f"valid until {previews.local_time(active.expires_at)}, shared by Riya Kapoor" in html
    assert f'formaction="{revoke_url}" formmethod="post" formnovalidate>Revoke</button>' in html
    assert link_url(revoked) not in html
    assert '<option value="48" selected>48 hours</option>' in html


def test_no_section_can_take_the_preview_links_address():
    section = Section(name="Preview", slug="preview")

    with pytest.raises(ValidationError) as refused:
        section.full_clean()

    assert refused.value.message_dict == {
        "slug": ["“preview” is used by another part of the site; choose a different slug."]
    }


# Query counts -------------------------------------------------------------------------------------

# Per preview page: the queries it runs, named, whatever the number of authors, tags and related stories.
EXPECTED_QUERIES = {
    # session, user, the article with section and hero, its tags, its corrections, its authors (its part is
    # rendered for every preview, never kept: articles/story_html.py), navigation, its comment policy, Read next,
    # Most talked about (their items kept; a body without social posts reads none)
    "staff preview": 10,
    # the link with who shared it, the article with section and hero, its tags, its corrections, its authors,
    # navigation, its comment policy, Read next, Most talked about
    "shared link": 9,
    # session, user, the saved article, its authors and its tags (the form's initial values), the posted
    # section, authors and tags (the form's validation), the section again (the model's validation), the
    # archived posts, the saved article's corrections, navigation, comment policy, Read next, Most talked
    # about
    "unsaved changes": 15,
}


def build_story(size):
    section = make_section()
    authors = [make_author() for _ in range(size)]
    tags = [make_tag() for _ in range(size)]
    for _ in range(size):
        # Read next's stories, each with its item kept as its save through the services keeps it
        story_html.render_again(make_article(section=section, authors=authors, tags=tags).pk)
    article = make_article(section=section, authors=authors, tags=tags, status=Article.Status.DRAFT, published_at=None)
    return article, authors, tags


def count_queries(client, method, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [1, 5])
def test_each_preview_page_runs_a_constant_number_of_queries(admin_client, client, editor_user, size):
    article, authors, tags = build_story(size)
    link = previews.create_preview_link(article, by=editor_user)
    data = article_admin_form(
        article.section,
        status="draft",
        body=f"Text.\n\n{INSTAGRAM_POST}",
        authors=[author.pk for author in authors],
        tags=[tag.pk for tag in tags],
    )

    counts = {
        "staff preview": count_queries(admin_client, "get", article.get_absolute_url()),
        "shared link": count_queries(client, "get", link_url(link)),
        "unsaved changes": count_queries(admin_client, "post", preview_url(article), data),
    }

    assert counts == EXPECTED_QUERIES
