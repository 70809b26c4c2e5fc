"""Revisions through the admin: the conflict of two editors, the history, compare, restore and autosave."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from articles import services
from articles.models import Article, ArticleRevision
from articles.tests.builders import article_admin_form, make_ready_article, make_section
from articles.tests.queries import count_queries

pytestmark = pytest.mark.django_db

# Per page, the queries it runs (the admin's session and user are the first two of each).
EXPECTED = {
    # session, user, the article with its section, its revisions with their authors
    "revisions": 4,
    # session, user, the article, its autosave by this editor
    "autosave": 4,
}


def make_story(**kwargs):
    """A published article with everything a live story needs, so that its change form saves as it stands."""
    return make_ready_article(**kwargs)


def make_editor(username, first_name="", **kwargs):
    user = get_user_model().objects.create_superuser(username, f"{username}@example.com", "pw", first_name=first_name)
    client = Client(**kwargs)
    client.force_login(user)
    return user, client


@pytest.fixture
def priya():
    return make_editor("priya", "Priya")


@pytest.fixture
def arjun():
    return make_editor("arjun", "Arjun")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def opened_version(client, article):
    """The version in the change form as `client` opens it."""
    html = client.get(change_url(article)).content.decode()
    return int(re.search(r'<input type="hidden" name="version" value="(\d+)"', html)[1])


def form_for(article, version, **overrides):
    """The change form of `article` as it stands, opened on `version`, with `overrides` typed into it."""
    data = article_admin_form(
        article.section,
        headline=article.headline,
        slug=article.slug,
        standfirst=article.standfirst,
        body=article.body,
        hero_image=article.hero_image_id or "",
        version=version,
    )
    data.update(overrides)
    return data


def test_the_second_of_two_editors_saving_the_same_version_is_refused_and_keeps_their_text(priya, arjun):
    (_, priya_client), (_, arjun_client) = priya, arjun
    article = make_story(headline="Trailer out", standfirst="", body="The trailer is here.")
    priya_version, arjun_version = opened_version(priya_client, article), opened_version(arjun_client, article)

    priyas_text = form_for(article, priya_version, body="The trailer is finally here.")
    first = priya_client.post(change_url(article), priyas_text)
    second = arjun_client.post(change_url(article), form_for(article, arjun_version, body="Arjun <wrote> this."))

    assert first.status_code == 302
    assert second.status_code == 200
    errors = second.context["adminform"].form.non_field_errors()
    assert errors.as_data()[0].code == "edit_conflict"
    message = str(errors[0])
    assert re.match(r"Priya saved this story at \d\d:\d\d while you were editing\. Your text is kept below", message)
    assert message.endswith(
        'Their changes:<dl class="edit-conflict"><dt>Body</dt>'
        '<dd class="word-diff">The trailer is <ins>finally </ins>here.</dd></dl>'
    )
    html = second.content.decode()
    assert "Arjun &lt;wrote&gt; this.</textarea>" in html
    assert '<input type="hidden" name="version" value="2"' in html
    stored = Article.objects.get(pk=article.pk)
    assert (stored.body, stored.version) == ("The trailer is finally here.", 2)


def test_saving_again_after_the_refusal_replaces_the_other_text_knowingly(priya, arjun):
    (_, priya_client), (_, arjun_client) = priya, arjun
    article = make_story(headline="Trailer out", body="The trailer is here.")
    priya_client.post(change_url(article), form_for(article, 1, body="Priya's text."))
    refused = arjun_client.post(change_url(article), form_for(article, 1, body="Arjun's text."))
    assert refused.status_code == 200

    again = arjun_client.post(change_url(article), form_for(article, 2, body="Arjun's text."))

    assert again.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert (stored.body, stored.version) == ("Arjun's text.", 3)
    assert list(stored.revisions.values_list("author__username", "body")) == [
        ("arjun", "Arjun's text."),
        ("priya", "Priya's text."),
        (None, "The trailer is here."),
    ]


def test_every_save_through_the_admin_stores_a_revision_with_what_changed(priya):
    user, client = priya
    response = client.post(reverse("admin:articles_article_add"), article_admin_form(make_section()))
    assert response.status_code == 302
    article = Article.objects.get()

    client.post(change_url(article), form_for(article, 1, standfirst="A new standfirst.", comments_open=""))

    revisions = list(article.revisions.values_list("version", "author", "kind", "changed_fields"))
    assert revisions == [
        (2, user.pk, "saved", ["standfirst", "comments_open"]),
        (1, user.pk, "saved", ["headline", "slug", "standfirst", "section", "body"]),
    ]


def test_the_change_form_links_to_the_history_of_the_text(priya):
    _, client = priya
    article = make_story()

    html = client.get(change_url(article)).content.decode()

    history_url = reverse("admin:articles_article_revisions", args=[article.pk])
    assert f'History of the text: 0 revisions, <a href="{history_url}">compare or restore</a>.' in html


def test_the_history_compares_two_revisions_word_by_word_with_the_text_escaped(priya):
    user, client = priya
    article = make_story(headline="Trailer out", body="The trailer is here.")
    old = services.save_article(article, actor=user, version=1)
    article.body = "The <script>alert(1)</script> trailer is here."
    new = services.save_article(article, actor=user, version=2)

    response = client.get(reverse("admin:articles_article_revisions", args=[article.pk]))

    assert response.status_code == 200
    assert (response.context["old"], response.context["new"]) == (old, new)
    html = response.content.decode()
    assert '<div class="word-diff">The trailer is here.</div>' in html
    assert '<div class="word-diff">The<ins> &lt;script&gt;alert(1)&lt;/script&gt;</ins> trailer is here.</div>' in html
    assert "<script>alert(1)" not in html


def test_any_two_revisions_can_be_compared(priya):
    user, client = priya
    article = make_story(headline="One", body="Body.")
    first = services.save_article(article, actor=user, version=1)
    article.headline = "Two"
    services.save_article(article, actor=user, version=2)
    article.headline = "Three"
    third = services.save_article(article, actor=user, version=3)

    response = client.get(
        reverse("admin:articles_article_revisions", args=[article.pk]), {"from": first.pk, "to": third.pk}
    )

    assert response.context["compared"] == [("Headline", "<del>One</del>", "<ins>Three</ins>")]


def test_restoring_an_older_revision_saves_its_text_as_a_new_revision(priya):
    user, client = priya
    article = make_story(headline="Old headline", body="Old body.")
    old = services.save_article(article, actor=user, version=1)
    article.headline = "New headline"
    services.save_article(article, actor=user, version=2)

    response = client.post(reverse("admin:articles_article_revision_restore", args=[article.pk, old.pk]))

    assert response.status_code == 302
    assert response.url == change_url(article)
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.version) == ("Old headline", 4)
    assert stored.revisions.first().kind == "restored"


def test_restoring_needs_a_post_and_the_right_to_edit(priya):
    user, client = priya
    article = make_story(headline="Old headline")
    old = services.save_article(article, actor=user, version=1)
    restore_url = reverse("admin:articles_article_revision_restore", args=[article.pk, old.pk])
    viewer = get_user_model().objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    viewer_client = Client()
    viewer_client.force_login(viewer)

    assert client.get(restore_url).status_code == 405
    assert viewer_client.post(restore_url).status_code == 403
    assert viewer_client.get(reverse("admin:articles_article_revisions", args=[article.pk])).status_code == 200
    assert Article.objects.get(pk=article.pk).version == 2


def autosave_url(article):
    return reverse("admin:articles_article_autosave", args=[article.pk])


def test_the_autosave_endpoint_stores_and_replaces_the_editors_one_autosave(priya):
    user, client = priya
    article = make_story(headline="Saved", body="Saved body.")

    first = client.post(autosave_url(article), {"headline": "Typing", "standfirst": "", "body": "Half", "version": 1})
    second = client.post(autosave_url(article), {"headline": "Typing", "standfirst": "", "body": "Half a body"})

    assert (first.status_code, second.status_code) == (200, 200)
    assert re.fullmatch(r'\{"saved_at": "\d\d:\d\d IST"\}', second.content.decode())
    autosave = ArticleRevision.objects.get(kind="autosave")
    assert (autosave.author, autosave.body, autosave.version) == (user, "Half a body", 1)
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.body, stored.version) == ("Saved", "Saved body.", 1)


def test_the_autosave_endpoint_gives_back_the_editors_own_autosave_only(priya, arjun):
    (_, priya_client), (_, arjun_client) = priya, arjun
    article = make_story()
    priya_client.post(autosave_url(article), {"headline": "Priya typing", "standfirst": "", "body": "B"})

    mine = priya_client.get(autosave_url(article)).json()["autosave"]
    theirs = arjun_client.get(autosave_url(article)).json()

    assert (mine["headline"], mine["body"]) == ("Priya typing", "B")
    assert theirs == {"autosave": None}


def test_discarding_an_autosave_forgets_only_the_editors_own(priya, arjun):
    (_, priya_client), (_, arjun_client) = priya, arjun
    article = make_story()
    priya_client.post(autosave_url(article), {"headline": "Priya typing"})
    arjun_client.post(autosave_url(article), {"headline": "Arjun typing"})

    response = arjun_client.post(reverse("admin:articles_article_autosave_discard", args=[article.pk]))

    assert response.json() == {"discarded": True}
    assert list(ArticleRevision.objects.filter(kind="autosave").values_list("headline", flat=True)) == ["Priya typing"]


def test_the_autosave_endpoint_refuses_who_may_not_edit_and_posts_without_a_csrf_token(priya):
    article = make_story()
    viewer = get_user_model().objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    viewer_client = Client()
    viewer_client.force_login(viewer)
    reader = get_user_model().objects.create_user("reader", password="pw")
    reader_client = Client()
    reader_client.force_login(reader)
    _, checked = make_editor("sana", enforce_csrf_checks=True)
    text = {"headline": "Typing"}

    assert viewer_client.post(autosave_url(article), text).status_code == 403
    assert viewer_client.get(autosave_url(article)).status_code == 403
    assert reader_client.post(autosave_url(article), text).status_code == 302  # to the admin's login
    assert checked.post(autosave_url(article), text).status_code == 403
    assert Client().post(autosave_url(article), text).status_code == 302
    assert ArticleRevision.objects.filter(kind="autosave").count() == 0


def test_an_autosave_with_no_text_is_refused(priya):
    _, client = priya
    response = client.post(autosave_url(make_story()), {"version": "1"})

    assert response.status_code == 400
    assert response.content.decode() == "Nothing to keep: send the headline, the standfirst or the body."


@pytest.mark.parametrize("saves", [1, 20])
def test_the_revision_pages_run_a_constant_number_of_queries(priya, saves):
    user, client = priya
    article = make_story()
    for version in range(1, saves + 1):
        article.body = f"Version {version}."
        services.save_article(article, actor=user, version=version)
    services.autosave(article, actor=user, headline="Typing", standfirst="", body="", version=saves + 1)

    counts = {
        "revisions": count_queries(client, reverse("admin:articles_article_revisions", args=[article.pk])),
        "autosave": count_queries(client, autosave_url(article)),
    }

    assert counts == EXPECTED


def test_the_change_form_runs_as_many_queries_with_twenty_revisions_as_with_one(priya):
    """The history line counts the revisions in one query, whatever their number."""
    user, client = priya
    few, many = make_story(), make_story()
    services.save_article(few, actor=user, version=1)
    for version in range(1, 21):
        many.body = f"Version {version}."
        services.save_article(many, actor=user, version=version)

    assert count_queries(client, change_url(few)) == count_queries(client, change_url(many))
