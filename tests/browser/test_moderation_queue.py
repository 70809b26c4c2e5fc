"""A moderator works through the queue in Chromium, under the CSP: with the keyboard, on a 1366×768 screen."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.tests.builders import make_article
from comments.models import Comment
from comments.tests.builders import make_comment, make_moderator

SCREEN = {"width": 1366, "height": 768}

# What fans write under a story: a sentence or two, the length of most comments in the demo.
TYPICAL = [
    "Absolutely stunning, she carried that gown like a queen. Best look of the night, nobody else came close!",
    "The embroidery took 2,000 hours? That is insane craftsmanship. Hope the designers get the credit.",
    "Can't wait for this film, SRK never disappoints. The teaser already gave me goosebumps, what a comeback.",
    "Not a fan of this look tbh, the colour washed her out under the lights. Last year's outfit was much better.",
    "Kya baat hai! Yeh gaana toh repeat pe chalega poori raat. Music director ne kamaal kar diya is baar.",
    "Finally a trailer that doesn't give away the whole plot. Booking tickets for the first day, first show.",
]


@pytest.fixture
def queue(settings):
    """Twenty comments waiting, a minute apart, the oldest first: "Comment 0" to "Comment 19"."""
    article = make_article(headline="Met Gala night")
    start = timezone.now() - timedelta(hours=2)
    return [
        make_comment(
            article=article,
            status=Comment.Status.PENDING,
            name=f"Reader {n}",
            email=f"reader{n}@example.com",
            text=f"Comment {n}: {TYPICAL[n % len(TYPICAL)]}",
            reason="pending: pre-moderation, waiting for a moderator",
            created_at=start + timedelta(minutes=n),
        )
        for n in range(20)
    ]


@pytest.fixture
def moderator_page(new_context, watch):
    make_moderator(username="mod", email="mod@example.com")
    page = new_context(viewport=SCREEN).new_page()
    watch(page)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("mod")
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page


def selected_row(page):
    return page.locator("#result_list tbody tr.queue-selected")


def decide_with(page, key, comment, done):
    with page.expect_navigation():
        page.keyboard.press(key)
    expect(page.locator(".messagelist")).to_have_text(f"Comment {comment.pk} {done}.")


def test_a_moderator_clears_a_queue_of_twenty_comments_with_the_keyboard(moderator_page, queue):
    page = moderator_page
    page.goto("/admin/")
    page.get_by_role("link", name="20 comments awaiting moderation").click()
    expect(page.locator("[data-queue-help]")).to_be_visible()
    expect(page.locator("#changelist-filter li.selected").first).to_have_text("Waiting (pending or held)")

    # Keys typed in a field are the field's: nothing is selected or decided.
    page.get_by_role("textbox", name="Search").type("jars")
    expect(selected_row(page)).to_have_count(0)
    page.get_by_role("textbox", name="Search").fill("")
    page.locator("#content").click(position={"x": 5, "y": 5})

    page.keyboard.press("j")
    expect(selected_row(page)).to_contain_text("Comment 0:")
    expect(selected_row(page)).to_be_focused()
    decide_with(page, "a", queue[0], "approved")
    # The decided comment is gone; the selection stays in its place, on the next one.
    expect(selected_row(page)).to_contain_text("Comment 1:")

    page.keyboard.press("j")
    expect(selected_row(page)).to_contain_text("Comment 2:")
    decide_with(page, "r", queue[2], "rejected")
    expect(selected_row(page)).to_contain_text("Comment 3:")

    page.keyboard.press("k")
    expect(selected_row(page)).to_contain_text("Comment 1:")
    decide_with(page, "s", queue[1], "marked as spam")

    expected = {0: "published", 1: "spam", 2: "rejected"}
    keys = {"a": ("approved", "published"), "r": ("rejected", "rejected"), "s": ("marked as spam", "spam")}
    for step, comment in enumerate(queue[3:]):
        key = "ars"[step % 3]
        expect(selected_row(page)).to_contain_text(f"{comment.text[:12]}")
        decide_with(page, key, comment, keys[key][0])
        expected[queue.index(comment)] = keys[key][1]

    expect(page.locator("#result_list")).to_have_count(0)
    expect(page.locator(".paginator")).to_contain_text("0 comments")
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert [statuses[comment.pk] for comment in queue] == [expected[n] for n in range(20)]


def test_fifteen_typical_comments_fit_a_1366_by_768_screen_and_a_long_word_never_widens_it(moderator_page, queue):
    make_comment(
        article=queue[0].article,
        status=Comment.Status.PENDING,
        text="x" * 3000,
        email=f"{'y' * 60}@example.com",
        created_at=timezone.now(),  # the newest: the last row
    )
    page = moderator_page
    page.goto("/admin/comments/comment/")

    assert page.evaluate("document.documentElement.scrollWidth") == SCREEN["width"]
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(21)
    first = rows.nth(0)
    first.evaluate("row => row.scrollIntoView({block: 'start'})")
    # Every typical comment is two lines of text, and fifteen rows are on the screen at once.
    heights = page.evaluate(
        "Array.from(document.querySelectorAll('#result_list tbody tr .queue-text')).slice(0, 20)"
        ".map(text => Math.round(text.getBoundingClientRect().height / parseFloat(getComputedStyle(text).lineHeight)))"
    )
    assert heights == [2] * 20
    visible = page.evaluate(
        "Array.from(document.querySelectorAll('#result_list tbody tr'))"
        ".filter(row => { const box = row.getBoundingClientRect(); return box.top >= 0 && box.bottom <= innerHeight; })"
        ".length"
    )
    assert visible >= 15
    long_row = rows.nth(20).locator(".queue-text")
    assert long_row.bounding_box()["x"] + long_row.bounding_box()["width"] <= SCREEN["width"]
