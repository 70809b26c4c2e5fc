"""Liking without a reload, the reader's own likes pressed on the next visit, and a remembered order."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.tests.builders import make_article
from comments.models import Comment, CommentLike
from comments.services import like_comment
from comments.tests.builders import make_comment
from tests.browser.support import axe_violations


@pytest.fixture
def article():
    """Three threads an hour apart, liked by other readers: Ji-woo's most, Omar's not at all."""
    article = make_article(headline="Met Gala looks")
    now = timezone.now()
    for hours_ago, name, likes in [(3, "Meera", 4), (2, "Ji-woo", 7), (1, "Omar", 0)]:
        comment = make_comment(
            article=article, name=name, text=f"{name}'s take", created_at=now - timedelta(hours=hours_ago)
        )
        for n in range(likes):
            like_comment(comment, reader=f"another reader {n}")
    return article


def thread_names(page):
    return page.locator(".comment-list > .comment-thread > .comment .comment__name").all_text_contents()


def test_a_reader_likes_takes_back_and_sees_their_like_pressed_on_the_next_visit(reader_page, article):
    reader_page.goto(article.get_absolute_url())
    omar = reader_page.locator(".comment", has_text="Omar's take")
    button = omar.get_by_role("button", name="Like the comment by Omar")
    expect(button).to_have_attribute("aria-pressed", "false")
    url = reader_page.url

    button.click()

    expect(button).to_have_attribute("aria-pressed", "true")
    expect(omar.locator(".comment-like__count")).to_have_text("1 like")
    assert reader_page.url == url  # no reload
    assert CommentLike.objects.filter(comment__name="Omar", withdrawn_at__isnull=True).count() == 1

    reader_page.reload()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(omar.locator(".comment-like__count")).to_have_text("1 like")
    # Another reader's like is not theirs.
    expect(reader_page.get_by_role("button", name="Like the comment by Ji-woo")).to_have_attribute(
        "aria-pressed", "false"
    )

    button.click()

    expect(button).to_have_attribute("aria-pressed", "false")
    expect(omar.locator(".comment-like__count")).to_have_text("")
    assert Comment.objects.get(name="Omar").like_count == 0


def test_the_chosen_order_is_followed_and_remembered_for_the_next_visit(reader_page, article):
    reader_page.goto(article.get_absolute_url())
    assert thread_names(reader_page) == ["Omar", "Ji-woo", "Meera"]

    reader_page.get_by_role("navigation", name="Sort comments").get_by_role("link", name="Most liked").click()

    reader_page.wait_for_url("**?sort=liked#comments")
    assert thread_names(reader_page) == ["Ji-woo", "Meera", "Omar"]
    expect(reader_page.get_by_role("link", name="Most liked")).to_have_attribute("aria-current", "true")

    # A plain visit to the story gets the reader's order, from the same crawlable list, in place.
    reader_page.goto(article.get_absolute_url())
    expect(reader_page.get_by_role("link", name="Most liked")).to_have_attribute("aria-current", "true")
    assert thread_names(reader_page) == ["Ji-woo", "Meera", "Omar"]
    # Its like buttons work like the page's own.
    meera = reader_page.locator(".comment", has_text="Meera's take")
    meera.get_by_role("button", name="Like the comment by Meera").click()
    expect(meera.locator(".comment-like__count")).to_have_text("5 likes")

    # A link that names an order is followed as it is.
    reader_page.goto(article.get_absolute_url() + "?sort=oldest")
    assert thread_names(reader_page) == ["Meera", "Ji-woo", "Omar"]


def test_without_javascript_a_like_is_confirmed_once_and_comes_back_to_the_comment(new_context, article):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(article.get_absolute_url())

    page.locator(".comment", has_text="Omar's take").get_by_role("button", name="Like the comment by Omar").click()
    # The shared page carries no CSRF token: the like is confirmed on a page with one.
    expect(page.get_by_role("heading", level=1)).to_have_text("Like this comment?")
    page.get_by_role("button", name="Like Omar’s comment").click()

    expect(page.locator(".messages")).to_have_text("You like Omar’s comment.")
    assert page.url.endswith(f"#comment-{Comment.objects.get(name='Omar').pk}")
    expect(page.locator(".comment", has_text="Omar's take").locator(".comment-like__count")).to_have_text("1 like")


def test_axe_finds_no_violations_in_liked_and_sorted_threads(new_context, article):
    page = new_context(bypass_csp=True).new_page()
    page.goto(article.get_absolute_url() + "?sort=liked")
    page.get_by_role("button", name="Like the comment by Omar").click()
    expect(page.get_by_role("button", name="Like the comment by Omar")).to_have_attribute("aria-pressed", "true")

    assert axe_violations(page) == []
