"""The save path of an article's text: revisions, the optimistic lock, restoring, autosaves."""

import pytest
from django.contrib.auth import get_user_model

from articles import services
from articles.models import Article, ArticleRevision
from articles.tests.builders import make_article

pytestmark = pytest.mark.django_db


def make_user(username, **kwargs):
    kwargs.setdefault("is_staff", True)
    return get_user_model().objects.create_user(username, **kwargs)


def edit(article_id, **text):
    """A fresh copy of the article with `text` typed into it, as a form opened now would hold it."""
    article = Article.objects.get(pk=article_id)
    for name, value in text.items():
        setattr(article, name, value)
    return article


def test_saving_a_new_article_starts_its_history_at_version_1():
    priya = make_user("priya", first_name="Priya", last_name="Nair")
    article = Article(headline="Trailer out", body="It is here.", section=make_article().section)

    revision = services.save_article(article, actor=priya)

    article.refresh_from_db()
    assert article.version == 1
    assert (revision.kind, revision.version, revision.author, revision.headline, revision.body) == (
        "saved",
        1,
        priya,
        "Trailer out",
        "It is here.",
    )
    assert revision.changed_fields == ["headline", "standfirst", "body"]


def test_each_save_moves_the_version_on_and_records_what_changed():
    article = make_article(headline="Trailer out", body="It is here.")
    priya = make_user("priya")

    services.save_article(edit(article.pk, headline="Trailer out now"), actor=priya, version=1)
    revision = services.save_article(
        edit(article.pk, body="It is here at last."), actor=priya, version=2, changed_fields=["body", "tags"]
    )

    assert Article.objects.get(pk=article.pk).version == 3
    assert revision.version == 3
    assert revision.changed_fields == ["body", "tags"]
    assert list(article.revisions.values_list("version", "headline")) == [
        (3, "Trailer out now"),
        (2, "Trailer out now"),
        (1, "Trailer out"),
    ]


def test_a_save_from_an_older_version_is_refused_and_changes_nothing():
    article = make_article(headline="Trailer out", body="It is here.")
    priya, arjun = make_user("priya", first_name="Priya"), make_user("arjun")
    priyas_form, arjuns_form = edit(article.pk, body="It is here, finally."), edit(article.pk, body="Arjun's text.")

    services.save_article(priyas_form, actor=priya, version=1)
    with pytest.raises(services.EditConflict) as refused:
        services.save_article(arjuns_form, actor=arjun, version=1)

    stored = Article.objects.get(pk=article.pk)
    assert (stored.version, stored.body) == (2, "It is here, finally.")
    assert refused.value.latest.author == priya
    assert refused.value.started_from.body == "It is here."
    assert refused.value.version == 2
    assert refused.value.message.startswith("Priya saved this story at ")
    assert refused.value.message.endswith(" while you were editing.")
    assert article.revisions.filter(author=arjun).count() == 0


def test_two_copies_saved_one_after_the_other_from_one_version_let_exactly_one_win():
    """The lock is the UPDATE itself: both copies passed any check made before it, only one moves it."""
    article = make_article(body="Before.")
    first, second = edit(article.pk, body="First."), edit(article.pk, body="Second.")
    priya, arjun = make_user("priya"), make_user("arjun")

    services.save_article(first, actor=priya, version=first.version)
    with pytest.raises(services.EditConflict):
        services.save_article(second, actor=arjun, version=second.version)
    # Knowingly, from the version now saved: the second editor's text replaces the first's.
    services.save_article(second, actor=arjun, version=2)

    stored = Article.objects.get(pk=article.pk)
    assert (stored.version, stored.body) == (3, "Second.")
    assert list(article.revisions.values_list("body", flat=True)) == ["Second.", "First.", "Before."]


def test_restoring_a_revision_makes_its_text_the_articles_as_a_new_revision():
    article = make_article(headline="Old headline", standfirst="Old standfirst", body="Old body.")
    priya = make_user("priya")
    services.save_article(edit(article.pk, headline="New headline", body="New body."), actor=priya, version=1)
    first = article.revisions.get(version=1)

    restored = services.restore_revision(first, actor=priya)

    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.body, stored.version) == ("Old headline", "Old body.", 3)
    assert "<p>Old body.</p>" in stored.body_html
    assert (restored.kind, restored.version, restored.changed_fields) == ("restored", 3, ["headline", "body"])
    assert article.revisions.count() == 3


def test_an_autosave_is_kept_per_editor_and_replaced_never_touching_the_article():
    article = make_article(headline="Saved headline", body="Saved body.")
    priya, arjun = make_user("priya"), make_user("arjun")

    services.autosave(article, actor=priya, headline="Typing", standfirst="", body="Half a", version=1)
    services.autosave(article, actor=priya, headline="Typing more", standfirst="", body="Half a body", version=1)
    services.autosave(article, actor=arjun, headline="Arjun typing", standfirst="", body="", version=1)

    autosaves = ArticleRevision.objects.filter(kind="autosave").order_by("author__username")
    assert [(a.author.username, a.headline, a.body) for a in autosaves] == [
        ("arjun", "Arjun typing", ""),
        ("priya", "Typing more", "Half a body"),
    ]
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.body, stored.version) == ("Saved headline", "Saved body.", 1)


def test_saving_ends_the_editors_own_autosave_and_no_one_elses():
    article = make_article()
    priya, arjun = make_user("priya"), make_user("arjun")
    services.autosave(article, actor=priya, headline="Priya typing", standfirst="", body="", version=1)
    services.autosave(article, actor=arjun, headline="Arjun typing", standfirst="", body="", version=1)

    services.save_article(edit(article.pk, headline="Priya typing"), actor=priya, version=1)

    assert list(ArticleRevision.objects.filter(kind="autosave").values_list("author__username", flat=True)) == ["arjun"]


def test_an_autosave_is_offered_only_while_it_is_newer_than_the_last_save():
    article = make_article()
    priya = make_user("priya")
    autosaved = services.autosave(article, actor=priya, headline="Typing", standfirst="", body="", version=1)

    assert services.pending_autosave(Article.objects.get(pk=article.pk), actor=priya) == autosaved
    services.save_article(edit(article.pk, headline="Someone else's save"), actor=make_user("arjun"), version=1)
    assert services.pending_autosave(Article.objects.get(pk=article.pk), actor=priya) is None
