"""A reader comments, a moderator approves, another reader sees it and replies: in Chromium, under the CSP."""

import re

import pytest
from playwright.sync_api import expect

from articles.tests.builders import make_article
from comments.models import Comment
from comments.tests.builders import make_comment, make_moderator
from tests.browser.support import axe_violations

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


@pytest.fixture
def article(settings):
    # A person reads before writing; a test types at once, so the "too fast" rule is switched off here.
    settings.COMMENTS_MIN_SECONDS = 0
    return make_article(headline="Trailer day", comment_prompt="Let us know what you thought about the trailer")


@pytest.fixture
def moderator_page(new_context, watch):
    make_moderator(username="mod", email="mod@example.com")
    page = new_context().new_page()
    watch(page)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("mod")
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page


def open_dialog_with_keyboard(page):
    opener = page.get_by_role("button", name="Share your comment")
    opener.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Share your comment")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Name")).to_be_focused()
    return opener, dialog


def test_reader_comments_moderator_approves_second_reader_sees_it_and_replies(
    article, reader_page, moderator_page, new_context, watch
):
    reader_page.goto(article.get_absolute_url())
    expect(reader_page.locator(".comments__prompt")).to_have_text("Let us know what you thought about the trailer")

    # Escape closes the dialog and gives the focus back to the button that opened it.
    opener, dialog = open_dialog_with_keyboard(reader_page)
    reader_page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()
    # So does the × button.
    opener, dialog = open_dialog_with_keyboard(reader_page)
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()

    opener, dialog = open_dialog_with_keyboard(reader_page)
    expect(dialog.get_by_label("Leave this field empty")).to_be_hidden()
    reader_page.keyboard.type("Asha")
    dialog.get_by_role("textbox", name="Email").fill("asha@example.com")
    dialog.get_by_label("Comment").fill(f"Loved it!\n{HOSTILE}")
    dialog.get_by_role("button", name="Post comment").click()

    expect(reader_page.locator(".messages")).to_contain_text("your comment is awaiting moderation")
    mine = reader_page.locator(".comment", has_text="Loved it!")
    expect(mine.locator(".comment__awaiting")).to_have_text(
        "Awaiting moderation: only you can see this comment for now."
    )
    expect(mine.locator(".comment__text")).to_have_text(f"Loved it!{HOSTILE}")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING

    # Nobody else sees it yet.
    second_page = new_context().new_page()
    watch(second_page)
    second_page.goto(article.get_absolute_url())
    expect(second_page.locator(".comment")).to_have_count(0)

    moderator_page.goto("/admin/")
    expect(moderator_page.locator(".messagelist")).to_contain_text("1 comment awaiting moderation")
    moderator_page.get_by_role("link", name="1 comment awaiting moderation").click()
    row = moderator_page.locator("#result_list tbody tr", has_text="Loved it!")
    row.get_by_role("checkbox").check()
    moderator_page.locator("select[name=action]").select_option(label="Approve (publish) selected comments")
    moderator_page.get_by_role("button", name="Go").click()
    expect(moderator_page.locator(".messagelist")).to_contain_text("1 comment approved.")

    second_page.reload()
    published = second_page.locator(f"#comment-{comment.pk}")
    expect(published.locator(".comment__name")).to_have_text("Asha")
    expect(published.locator(".comment__text")).to_have_text(f"Loved it!{HOSTILE}")
    expect(published.locator(".comment__awaiting")).to_have_count(0)
    expect(second_page.locator(".comments__count")).to_have_text("(1)")
    assert published.locator(".comment__text script, .comment__text img").count() == 0

    published.get_by_role("link", name="Reply to Asha").click()
    reply_dialog = second_page.get_by_role("dialog", name="Reply to Asha")
    expect(reply_dialog).to_be_visible()
    reply_dialog.get_by_label("Name").fill("Ravi")
    reply_dialog.get_by_role("textbox", name="Email").fill("ravi@example.com")
    reply_dialog.get_by_label("Comment").fill("Same here, I watched it twice.")
    reply_dialog.get_by_role("button", name="Post comment").click()

    nested = second_page.locator(f"#comment-{comment.pk} ~ .comment-replies .comment", has_text="Same here")
    expect(nested).to_be_visible()
    expect(nested.locator(".comment__awaiting")).to_be_visible()
    assert Comment.objects.get(name="Ravi").parent_id == comment.pk


def test_without_javascript_share_your_comment_opens_the_form_page_and_posting_works(new_context, article):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(article.get_absolute_url())

    expect(page.get_by_role("textbox", name="Comment")).to_have_count(0)
    page.get_by_role("link", name="Share your comment").click()
    expect(page).to_have_url(re.compile(rf"/comments/article/{article.pk}/form/$"))
    page.get_by_label("Name").fill("Meera")
    page.get_by_role("textbox", name="Email").fill("meera@example.com")
    page.get_by_role("textbox", name="Comment").fill("Works without scripts too.")
    page.get_by_role("button", name="Post comment").click()

    expect(page.locator(".comment__awaiting")).to_be_visible()
    assert Comment.objects.get().text == "Works without scripts too."


def test_axe_finds_no_violations_in_a_thread_or_the_open_dialog(new_context, article):
    top = make_comment(article=article, name="Ji-woo", text="Line one\nhttps://example.com/clip")
    make_comment(parent=top, name="Omar", text="A reply")
    page = new_context(bypass_csp=True).new_page()
    page.goto(article.get_absolute_url())

    assert axe_violations(page) == []
    page.get_by_role("button", name="Share your comment").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    assert axe_violations(page) == []


def test_show_more_loads_the_next_page_of_threads_in_place(reader_page, article, settings):
    settings.COMMENTS_PAGE_SIZE = 5
    for n in range(7):
        make_comment(article=article, text=f"Thread {n}")
    reader_page.goto(article.get_absolute_url())
    expect(reader_page.locator(".comment-thread")).to_have_count(5)

    reader_page.get_by_role("link", name="Show more comments").click()

    expect(reader_page.locator(".comment-thread")).to_have_count(7)
    expect(reader_page.get_by_role("link", name="Show more comments")).to_have_count(0)
    assert reader_page.url.endswith(article.get_absolute_url())


def test_the_shared_page_asks_for_the_form_only_when_the_reader_opens_the_dialog(reader_page, watch, article):
    watch(reader_page)
    asked = []
    reader_page.on("request", lambda request: asked.append(request.url) if "/form/" in request.url else None)
    answer = reader_page.goto(article.get_absolute_url())
    assert "set-cookie" not in answer.headers
    assert "cookie" not in answer.headers.get("vary", "").lower()
    reader_page.wait_for_load_state("load")
    assert asked == []

    reader_page.get_by_role("button", name="Share your comment").click()
    dialog = reader_page.get_by_role("dialog", name="Share your comment")
    dialog.get_by_label("Name").fill("Asha")
    dialog.get_by_role("textbox", name="Email").fill("asha@example.com")
    dialog.get_by_label("Comment").fill("Fetched when I asked for it.")
    dialog.get_by_role("button", name="Post comment").click()

    expect(reader_page.locator(".message")).to_have_text(
        "Thank you: your comment is awaiting moderation. Only you can see it until then."
    )
    mine = reader_page.locator(".comment", has_text="Fetched when I asked for it.")
    expect(mine.locator(".comment__awaiting")).to_be_visible()
    assert len(asked) == 1
    assert Comment.objects.get().text == "Fetched when I asked for it."


def test_without_javascript_a_post_refused_by_the_csrf_check_keeps_the_text(new_context, article):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/comments/article/{article.pk}/form/")
    page.get_by_label("Name").fill("Meera")
    page.get_by_role("textbox", name="Email").fill("meera@example.com")
    page.get_by_role("textbox", name="Comment").fill("Typed before my cookies were cleared.")
    context.clear_cookies()
    page.get_by_role("button", name="Post comment").click()

    expect(page.locator("[data-comment-errors]")).to_contain_text("We kept your text: please send it again.")
    expect(page.get_by_role("textbox", name="Comment")).to_have_value("Typed before my cookies were cleared.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".comment__awaiting")).to_be_visible()
    assert Comment.objects.get().text == "Typed before my cookies were cleared."
