"""The reader's side in Chromium, under the CSP: errors come back into the form, the counter, the remembered
name and email, right-to-left comments shown right to left."""

import contextlib

import pytest
from django.db import connection, connections
from playwright.sync_api import expect

from articles.tests.builders import make_article
from comments.models import Comment
from comments.tests.builders import make_comment
from tests.browser.support import axe_violations

POST_URL = r"/comments/article/\d+/post/$"
NOT_SENT = (
    "Your comment could not be sent: our server or the connection had a problem. Your text is still here; "
    "please try again in a moment."
)


@pytest.fixture
def article(settings):
    # A person reads before writing; a test types at once, so the time trap is off unless a test sets it.
    settings.COMMENTS_MIN_SECONDS = 0
    # A long story, so that the comments are below the first screen and landing on one means scrolling.
    body = "\n\n".join(f"Paragraph {n} of the story, long enough to take a line or two." for n in range(40))
    return make_article(headline="Award night", body=body)


def open_form(page, article):
    page.goto(article.get_absolute_url())
    page.get_by_role("button", name="Share your comment").click()
    dialog = page.get_by_role("dialog", name="Share your comment")
    expect(dialog).to_be_visible()
    return dialog


def fill(dialog, text, name="Asha", email="asha@example.com"):
    dialog.get_by_label("Name").fill(name)
    dialog.get_by_role("textbox", name="Email").fill(email)
    dialog.get_by_label("Comment").fill(text)


def test_an_error_comes_back_into_the_open_dialog_and_the_next_try_lands_on_the_comment(
    reader_page, watch, article, settings
):
    watch(reader_page).expect_refusals(POST_URL)
    settings.COMMENTS_MIN_SECONDS = 60
    dialog = open_form(reader_page, article)
    fill(dialog, "Pasted at once")
    dialog.get_by_role("button", name="Post comment").click()

    summary = dialog.locator("[data-comment-errors]")
    expect(summary).to_have_text("That was quick: please check your comment and send it again.")
    expect(summary).to_be_focused()
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Comment")).to_have_value("Pasted at once")
    assert reader_page.url.endswith(article.get_absolute_url())
    assert Comment.objects.count() == 0

    settings.COMMENTS_MIN_SECONDS = 0
    dialog.get_by_role("button", name="Post comment").click()

    expect(reader_page.locator(".messages")).to_have_text(
        "Thank you: your comment is awaiting moderation. Only you can see it until then."
    )
    comment = Comment.objects.get()
    assert reader_page.url.endswith(f"{article.get_absolute_url()}#comment-{comment.pk}")
    expect(reader_page.locator(f"#comment-{comment.pk}")).to_be_in_viewport()
    expect(reader_page.locator(f"#comment-{comment.pk} .comment__text")).to_have_text("Pasted at once")


def test_a_long_paste_is_kept_whole_counted_and_refused_with_both_numbers_in_the_dialog(reader_page, watch, article):
    watch(reader_page).expect_refusals(POST_URL)
    dialog = open_form(reader_page, article)
    counter = dialog.locator(".comment-form__counter")
    expect(counter).to_have_text("3,000 characters left")
    text = "So good! " * 1111 + "x"  # 10,000 characters

    fill(dialog, text)

    expect(dialog.get_by_label("Comment")).to_have_value(text)
    expect(counter).to_have_text("7,000 characters too many")
    dialog.get_by_role("button", name="Post comment").click()
    expect(dialog.locator("#id_text_error")).to_have_text(
        "Your comment has 10,000 characters and the limit is 3,000: please shorten it by 7,000 characters. "
        "We kept all of it here."
    )
    expect(dialog.locator("[data-comment-errors]")).to_be_focused()
    expect(dialog.get_by_label("Comment")).to_have_value(text)
    # The form that came back counts too.
    expect(dialog.locator(".comment-form__counter")).to_have_text("7,000 characters too many")


def test_the_counter_counts_as_the_server_does_and_speaks_when_the_reader_pauses(reader_page, article):
    dialog = open_form(reader_page, article)
    textarea = dialog.get_by_label("Comment")

    textarea.fill("Hi 🤷🏽\u200d♂️\nok")  # 3 + an emoji of 5 code points + a line break + 2

    expect(dialog.locator(".comment-form__counter")).to_have_text("2,989 characters left")
    expect(dialog.locator("[data-comment-counter-live]")).to_have_text("2,989 characters left")
    described_by = textarea.get_attribute("aria-describedby").split()
    assert "id_text-counter" in described_by
    assert dialog.locator("[data-comment-counter-live]").get_attribute("aria-live") == "polite"


def test_a_server_error_or_a_lost_connection_keeps_the_reader_on_the_page_with_the_text(reader_page, watch, article):
    watch(reader_page).expect_refusals(POST_URL)
    dialog = open_form(reader_page, article)
    fill(dialog, "Worth keeping")
    reader_page.route("**/comments/article/*/post/", lambda route: route.fulfill(status=502, body="Bad gateway"))

    dialog.get_by_role("button", name="Post comment").click()

    summary = dialog.locator("[data-comment-errors]")
    expect(summary).to_have_text(NOT_SENT)
    expect(summary).to_be_focused()
    expect(dialog.get_by_label("Comment")).to_have_value("Worth keeping")
    expect(dialog.get_by_role("button", name="Post comment")).to_be_enabled()

    reader_page.unroute("**/comments/article/*/post/")
    reader_page.route("**/comments/article/*/post/", lambda route: route.abort("connectionreset"))
    dialog.get_by_role("button", name="Post comment").click()

    expect(summary).to_have_text(NOT_SENT)
    assert reader_page.url.endswith(article.get_absolute_url())
    assert Comment.objects.count() == 0


@contextlib.contextmanager
def write_lock_held():
    """Another writer holding the database's write lock, as a long import or a stuck process does.

    The live server has a connection of its own (a PRAGMA on the test's would not reach it), and the
    shared in-memory database refuses its write at once ("database table is locked").
    """
    holder = connections.create_connection("default")
    holder.connect()
    holder.connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.connection.execute("ROLLBACK")
        holder.close()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's one write lock: PostgreSQL locks rows")
def test_a_comment_the_database_refuses_comes_back_into_the_dialog_with_the_text_and_the_message(
    reader_page, watch, article
):
    watch(reader_page).expect_refusals(POST_URL)
    dialog = open_form(reader_page, article)
    fill(dialog, "Said while the disk was full", name="Asha Rao")

    with write_lock_held():
        dialog.get_by_role("button", name="Post comment").click()
        expect(dialog.locator("[data-comment-errors]")).to_be_visible()

    summary = dialog.locator("[data-comment-errors]")
    expect(summary).to_have_text(
        "Your comment could not be saved: our database is not accepting new comments right now. We kept what "
        "you wrote; please try again in a minute."
    )
    expect(summary).to_be_focused()
    expect(dialog.get_by_label("Name")).to_have_value("Asha Rao")
    expect(dialog.get_by_label("Comment")).to_have_value("Said while the disk was full")
    expect(dialog.get_by_role("button", name="Post comment")).to_be_enabled()
    assert reader_page.url.endswith(article.get_absolute_url())
    assert Comment.objects.count() == 0


def test_name_and_email_are_remembered_on_this_device_only_until_not_you(reader_page, new_context, article):
    dialog = open_form(reader_page, article)
    fill(dialog, "First comment", name="Priya 🤷\u200d♀️", email="priya@example.com")
    dialog.get_by_role("button", name="Post comment").click()
    expect(reader_page.locator(".messages")).to_contain_text("awaiting moderation")

    dialog = open_form(reader_page, article)
    expect(dialog.get_by_label("Name")).to_have_value("Priya 🤷\u200d♀️")
    expect(dialog.get_by_role("textbox", name="Email")).to_have_value("priya@example.com")
    expect(dialog.locator(".comment-form__remembered")).to_have_text("Commenting as Priya 🤷\u200d♀️ Not you?")
    expect(dialog.get_by_label("Comment")).to_be_focused()
    # Never in what the server sends: the page is the same for every reader.
    assert "priya@example.com" not in reader_page.context.request.get(article.get_absolute_url()).text()
    # Another browser knows nothing of it.
    other = open_form(new_context().new_page(), article)
    expect(other.get_by_label("Name")).to_have_value("")

    dialog.get_by_role("button", name="Not you?").click()

    expect(dialog.get_by_label("Name")).to_have_value("")
    expect(dialog.get_by_role("textbox", name="Email")).to_have_value("")
    expect(dialog.get_by_label("Name")).to_be_focused()
    expect(dialog.locator(".comment-form__remembered")).to_have_count(0)
    dialog = open_form(reader_page, article)
    expect(dialog.get_by_label("Name")).to_have_value("")


def test_a_right_to_left_comment_and_name_are_shown_right_to_left(reader_page, article):
    urdu = make_comment(article=article, name="محمد", text="یہ فلم بہت اچھی تھی، میں اسے دوبارہ دیکھوں گی")
    english = make_comment(article=article, name="Asha", text="Loved it, 10/10")

    reader_page.goto(article.get_absolute_url())

    def direction(selector):
        return reader_page.locator(selector).evaluate("element => getComputedStyle(element).direction")

    assert direction(f"#comment-{urdu.pk} .comment__text") == "rtl"
    assert direction(f"#comment-{urdu.pk} .comment__name") == "rtl"
    assert direction(f"#comment-{english.pk} .comment__text") == "ltr"
    expect(reader_page.locator(f"#comment-{urdu.pk} .comment__text")).to_have_text(urdu.text)


def test_without_javascript_a_long_comment_is_not_cut_and_comes_back_on_a_page_of_its_own(new_context, article):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(article.get_absolute_url())
    page.get_by_role("link", name="Share your comment").click()
    text = "x" * 3500
    page.get_by_label("Name").fill("Meera")
    page.get_by_role("textbox", name="Email").fill("meera@example.com")
    page.get_by_role("textbox", name="Comment").fill(text)
    page.get_by_role("button", name="Post comment").click()

    expect(page.locator("#id_text_error")).to_have_text(
        "Your comment has 3,500 characters and the limit is 3,000: please shorten it by 500 characters. "
        "We kept all of it here."
    )
    expect(page.get_by_role("textbox", name="Comment")).to_have_value(text)


@pytest.mark.parametrize("context", [{"bypass_csp": True}], indirect=True)
def test_axe_finds_no_violations_in_the_form_with_its_counter_remembered_name_and_errors(page, article):
    make_comment(article=article, name="محمد", text="أداء رائع")
    page.goto(article.get_absolute_url())
    page.evaluate(
        "localStorage.setItem('newsroom.comments.reader', JSON.stringify({name: 'Asha', email: 'asha@example.com'}))"
    )
    page.reload()
    page.get_by_role("button", name="Share your comment").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.locator(".comment-form__remembered")).to_be_visible()
    assert axe_violations(page) == []

    dialog.get_by_label("Comment").fill("y" * 3001)
    dialog.get_by_role("button", name="Post comment").click()
    expect(dialog.locator("[data-comment-errors]")).to_be_focused()
    assert axe_violations(page) == []
