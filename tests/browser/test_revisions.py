"""No lost work in the article form, in a real Chromium under the site's strict CSP: the text typed comes
back after a lost session, and the second of two editors saving the same story is shown the first's changes."""

import re
import secrets

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from articles import services
from articles.models import Article
from articles.tests.builders import make_ready_article
from tests.browser.support import axe_violations


def log_in(new_context, watch, username, first_name):
    password = secrets.token_urlsafe(16)
    get_user_model().objects.create_superuser(username, f"{username}@example.com", password, first_name=first_name)
    page = new_context().new_page()
    watch(page)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page


@pytest.fixture
def article(db):
    return make_ready_article(headline="Trailer out", standfirst="", body="The trailer is here.")


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def test_text_typed_before_a_reload_is_offered_back_and_restored(admin_page, article):
    admin_page.goto(change_url(article))
    admin_page.get_by_label("Headline").fill("Trailer out: first look at the film")
    admin_page.get_by_role("textbox", name="Body").fill("The trailer is here, and it is long.")
    # What a lost session does to the form: the page comes back with the saved text only.
    admin_page.wait_for_timeout(600)
    admin_page.reload()
    expect(admin_page.get_by_label("Headline")).to_have_value("Trailer out")

    offer = admin_page.locator(".autosave-offer").filter(has_text="Restore what you typed on")
    expect(offer).to_be_visible()
    offer.get_by_role("button", name="Restore").click()

    expect(admin_page.get_by_label("Headline")).to_have_value("Trailer out: first look at the film")
    expect(admin_page.get_by_role("textbox", name="Body")).to_have_value("The trailer is here, and it is long.")
    expect(offer).to_have_count(0)
    admin_page.get_by_role("button", name="Save and continue editing").click()
    expect(admin_page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Article.objects.get(pk=article.pk).headline == "Trailer out: first look at the film"

    admin_page.reload()
    expect(admin_page.locator(".autosave-offer")).to_have_count(0)


def test_an_autosave_on_the_server_is_offered_when_the_editor_comes_back(admin_page, article, superuser):

    services.autosave(
        Article.objects.get(pk=article.pk),
        actor=superuser,
        headline="Trailer out",
        standfirst="",
        body="Typed on another computer.",
        version=1,
    )
    admin_page.goto(change_url(article))

    offer = admin_page.locator(".autosave-offer").filter(has_text="You have unsaved changes from")
    expect(offer).to_be_visible()
    offer.get_by_role("button", name="Restore").click()

    expect(admin_page.get_by_role("textbox", name="Body")).to_have_value("Typed on another computer.")
    assert Article.objects.get(pk=article.pk).body == "The trailer is here."


def test_the_second_of_two_editors_sees_the_first_ones_changes_and_saves_again_knowingly(new_context, watch, article):
    priya = log_in(new_context, watch, "priya", "Priya")
    arjun = log_in(new_context, watch, "arjun", "Arjun")
    priya.goto(change_url(article))
    arjun.goto(change_url(article))

    priya.get_by_role("textbox", name="Body").fill("The trailer is finally here.")
    priya.get_by_role("button", name="Save and continue editing").click()
    expect(priya.locator(".messagelist")).to_contain_text("was changed successfully")
    arjun.get_by_role("textbox", name="Body").fill("Arjun's version of the story.")
    arjun.get_by_role("button", name="Save and continue editing").click()

    conflict = arjun.locator(".errorlist.nonfield")
    expect(conflict).to_contain_text(re.compile(r"Priya saved this story at \d\d:\d\d while you were editing\."))
    expect(conflict.locator("ins")).to_have_text("finally ")
    expect(arjun.get_by_role("textbox", name="Body")).to_have_value("Arjun's version of the story.")
    assert Article.objects.get(pk=article.pk).body == "The trailer is finally here."

    arjun.get_by_role("button", name="Save and continue editing").click()
    expect(arjun.locator(".messagelist")).to_contain_text("was changed successfully")
    stored = Article.objects.get(pk=article.pk)
    assert (stored.body, stored.version) == ("Arjun's version of the story.", 3)


def test_an_editor_compares_two_revisions_and_restores_the_older_one(admin_page, article, superuser):

    story = Article.objects.get(pk=article.pk)
    services.save_article(story, actor=superuser, version=1)
    story.headline = "Trailer out: a first look"
    services.save_article(story, actor=superuser, version=2)
    admin_page.goto(change_url(article))

    admin_page.get_by_role("link", name="compare or restore").click()

    expect(admin_page.locator(".revision-compare ins")).to_have_text("out: a first look")
    admin_page.get_by_role("button", name="Restore this text").first.click()
    expect(admin_page.locator(".messagelist")).to_contain_text("is the article’s text again")
    expect(admin_page.get_by_label("Headline")).to_have_value("Trailer out")
    assert Article.objects.get(pk=article.pk).revisions.first().kind == "restored"


@pytest.mark.parametrize("context", [{"bypass_csp": True}], indirect=True)
def test_axe_finds_no_violations_in_the_history_of_the_text(page, live_server, article, superuser):

    story = Article.objects.get(pk=article.pk)
    services.save_article(story, actor=superuser, version=1)
    story.body = "The trailer is here, <b>at last</b>."
    services.save_article(story, actor=superuser, version=2)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(superuser.username)
    page.get_by_label("Password").fill(superuser.raw_password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")

    page.goto(f"/admin/articles/article/{article.pk}/revisions/")

    assert axe_violations(page) == []
