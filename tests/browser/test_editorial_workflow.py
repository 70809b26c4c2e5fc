"""The editorial workflow end to end in a real Chromium, under the site's strict CSP: a writer drafts and
submits, an editor previews and sends it back, the writer fixes and resubmits, the editor schedules it
seconds ahead, and the story reaches the home page at its time with no process but the web server."""

import time
from datetime import timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from articles.tests.builders import make_image, make_section, make_staff

HEADLINE = "Ranbir Kapoor starts shooting Ramayana in Mumbai"
NOTE = "Say who confirmed the shooting date, and add a second source."
# The schedule is 20 seconds ahead (the form takes seconds to time): long enough for the story's absence to be
# checked before its time, short enough that both CI legs do not wait a minute each. The home page is polled
# until a little after.
AHEAD = timedelta(seconds=20)
POLL_FOR = 50


def sign_in(new_context, watch, user):
    page = new_context().new_page()
    watch(page)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("password")  # the builders' password
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page


def choose_next_step(page, label):
    page.get_by_label("Next step").select_option(label=label)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("successfully")


def history(page):
    """The change form's history, oldest step first, as (what, who)."""
    rows = page.locator(".article-history tbody tr")
    return [tuple(rows.nth(n).locator("td").all_inner_texts()[:2]) for n in reversed(range(rows.count()))]


def test_a_story_goes_from_a_writers_draft_through_review_to_the_home_page_at_its_scheduled_time(
    new_context, watch, reader_page, run_tasks
):
    make_section(name="Bollywood", slug="bollywood")
    make_image(alt_text="Ranbir Kapoor on the set", credit="Studio handout")
    writer = make_staff("Writer", first_name="Asha", last_name="Rao", email="asha@example.com")
    editor = make_staff("Editor", first_name="Priya", last_name="Nair", email="priya@example.com")

    # The writer drafts a ready story and submits it in the same save.
    writer_page = sign_in(new_context, watch, writer)
    writer_page.goto("/admin/articles/article/add/")
    writer_page.get_by_label("Headline").fill(HEADLINE)
    writer_page.get_by_label("Section").select_option(label="Bollywood")
    writer_page.get_by_role("textbox", name="Body").fill("Shooting began on Monday.\n\nThe film opens next Diwali.")
    writer_page.locator(".field-hero_image .select2-selection").click()
    writer_page.locator(".select2-dropdown .select2-search__field").fill("Ranbir")
    writer_page.get_by_role("option", name="Ranbir Kapoor on the set").click()
    choose_next_step(writer_page, "Submit for review")
    article = Article.objects.get()
    assert (article.status, article.created_by) == (Article.Status.IN_REVIEW, writer)

    # The editor opens it from the desk, reads the preview at its address, and sends it back.
    editor_page = sign_in(new_context, watch, editor)
    editor_page.locator("#desk-review").get_by_role("link", name=HEADLINE).click()
    expect(editor_page.get_by_label("Headline")).to_have_value(HEADLINE)
    editor_page.goto(article.get_absolute_url())
    expect(editor_page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(editor_page.locator(".preview-banner")).to_contain_text("Readers cannot see it yet.")
    editor_page.get_by_role("link", name="Edit it in the admin").click()
    editor_page.get_by_label("Note to the writer").fill(NOTE)
    choose_next_step(editor_page, "Send back to the writer, with the note below")

    # The writer reads the note on the desk and on the article, fixes the text and submits it again.
    writer_page.goto("/admin/")
    sent_back = writer_page.locator("#desk-sent-back")
    expect(sent_back.locator(".desk__detail")).to_have_text(NOTE)
    sent_back.get_by_role("link", name=HEADLINE).click()
    expect(writer_page.locator(".field-note_from_the_editor .readonly")).to_have_text(NOTE)
    writer_page.get_by_role("textbox", name="Body").fill(
        "Shooting began on Monday, the producers told us.\n\nThe film opens next Diwali, the studio confirmed."
    )
    choose_next_step(writer_page, "Submit for review")

    # The editor schedules it seconds ahead, in the site's time zone.
    editor_page.goto("/admin/")
    editor_page.locator("#desk-review").get_by_role("link", name=HEADLINE).click()
    at = timezone.localtime(timezone.now() + AHEAD).replace(microsecond=0)
    editor_page.locator("#id_schedule_at_0").fill(at.strftime("%Y-%m-%d"))
    editor_page.locator("#id_schedule_at_1").fill(at.strftime("%H:%M:%S"))
    choose_next_step(editor_page, "Schedule for the time below")
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Article.Status.SCHEDULED, at)

    reader_page.goto("/")
    expect(reader_page.locator("main")).to_be_visible()
    expect(reader_page.get_by_role("link", name=HEADLINE)).to_have_count(0)

    # While the seconds pass: the history shows every step, with who took it.
    editor_page.goto(f"/admin/articles/article/{article.pk}/change/")
    assert history(editor_page) == [
        ("Created", writer.username),
        ("Submitted for review", writer.username),
        ("Sent back", editor.username),
        ("Edited", writer.username),
        ("Submitted for review", writer.username),
        ("Scheduled", editor.username),
    ]
    run_tasks()  # the emails are the worker's: under TASK_BACKEND=database they wait for it
    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["priya@example.com"], f"Waiting for review: “{HEADLINE}”"),
        (["asha@example.com"], f"Sent back to you: “{HEADLINE}”"),
        (["priya@example.com"], f"Waiting for review: “{HEADLINE}”"),
        (["asha@example.com"], f"Scheduled for {at:%-d %b %Y, %H:%M} IST: “{HEADLINE}”"),
    ]

    # No worker and no command: the live server alone shows the story once its time has come.
    deadline = time.monotonic() + POLL_FOR
    while reader_page.get_by_role("link", name=HEADLINE).count() == 0:
        assert time.monotonic() < deadline, f"“{HEADLINE}” was not on the home page {POLL_FOR} s after scheduling"
        reader_page.wait_for_timeout(2000)
        reader_page.reload()
    assert timezone.now() >= at
    reader_page.get_by_role("link", name=HEADLINE).first.click()
    expect(reader_page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(reader_page.locator(".preview-banner")).to_have_count(0)
