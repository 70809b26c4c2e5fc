"""Every answer a reader can get to a post, and the limits that stop one sender without stopping their carrier."""

import contextlib
import threading
import time

import pytest
from django.conf import settings
from django.core import signing
from django.db import connection, connections, transaction
from django.test import Client, RequestFactory

from articles.tests.builders import make_article
from comments import readers, services
from comments.models import Comment
from comments.tests.builders import form_data

pytestmark = pytest.mark.django_db

QUICK = "That was quick: please check your comment and send it again."
FETCH = {"X-Requested-With": "fetch"}


def post_url(article):
    return f"/comments/article/{article.pk}/post/"


def returned_token(response):
    return response.content.decode().split('name="token" value="')[1].split('"')[0]


# The time trap ----------------------------------------------------------------------------------


@pytest.fixture
def min_seconds(settings):
    settings.COMMENTS_MIN_SECONDS = 3


def test_a_post_faster_than_a_person_writes_is_sent_back_with_the_text_and_a_fresh_form(client, min_seconds):
    article = make_article()

    response = client.post(post_url(article), form_data(article, seconds_ago=0.5, text="Pasted in a hurry"))

    assert response.status_code == 400
    html = response.content.decode()
    assert f"<p>{QUICK}</p>" in html
    assert "\nPasted in a hurry</textarea>" in html
    token = signing.loads(returned_token(response), salt="comments.form-timestamp")
    assert (token["a"], token["q"]) == (article.pk, 1)
    assert Comment.objects.count() == 0


def test_the_returned_form_sent_again_after_a_pause_is_accepted(client, min_seconds):
    article = make_article()
    first = client.post(post_url(article), form_data(article, seconds_ago=0.5))
    token = signing.loads(returned_token(first), salt="comments.form-timestamp")
    # As the reader's browser sends it after they read the message and checked their comment.
    again = form_data(article, token=signing.dumps({**token, "t": token["t"] - 10}, salt="comments.form-timestamp"))

    response = client.post(post_url(article), again)

    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_the_returned_form_sent_too_fast_again_is_stored_as_spam_and_the_robot_learns_nothing(client, min_seconds):
    article = make_article()
    first = client.post(post_url(article), form_data(article, seconds_ago=0.5))

    response = client.post(post_url(article), form_data(article, token=returned_token(first)), follow=True)

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert comment.reason.endswith("(minimum 3 s), again after being asked to check it")
    assert list(comment.events.values_list("rule", flat=True)) == ["too_fast"]
    assert "Thank you: your comment was received." in response.content.decode()


def test_a_fast_post_with_the_trap_field_filled_is_stored_as_spam_at_once(client, min_seconds):
    article = make_article()

    response = client.post(post_url(article), form_data(article, seconds_ago=0.5, website="http://buy.example"))

    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.status, comment.rule) == (Comment.Status.SPAM, "honeypot")


def test_a_forged_count_of_quick_tries_is_not_possible_the_token_is_signed(client, min_seconds):
    article = make_article()
    token = form_data(article, seconds_ago=0.5)["token"]
    forged = token.replace(token.split(":")[0], signing.b64_encode(b'{"a":1,"t":0,"q":9}').decode())

    response = client.post(post_url(article), form_data(article, token=forged))

    assert response.status_code == 400
    assert "This form was changed or is incomplete" in response.content.decode()


# Length -----------------------------------------------------------------------------------------


def test_the_textarea_has_no_maxlength_to_cut_a_long_paste(client):
    article = make_article()
    html = client.get(f"/comments/article/{article.pk}/form/").content.decode()

    textarea = html.split("<textarea")[1].split(">")[0]
    assert "maxlength" not in textarea
    assert 'data-max-chars="3000"' in textarea
    assert 'dir="auto"' in textarea


def test_a_10000_character_paste_is_refused_naming_both_numbers_and_kept_whole(client):
    article = make_article()
    text = "Long review. " * 769 + "End"  # 10,000 characters

    response = client.post(post_url(article), form_data(article, text=text))

    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "Your comment has 10,000 characters and the limit is 3,000: please shorten it by 7,000 characters. "
        "We kept all of it here."
    ) in html
    assert f"\n{text}</textarea>" in html


def test_line_breaks_count_once_as_they_do_in_the_counter(client):
    """Browsers send a textarea's line breaks as CR LF; stored as LF, each is one character."""
    article = make_article()
    text = "\r\n".join(["x" * 299] * 10) + "x"  # 2,990 + 9 line breaks + 1: 3,000 once stored, 3,009 as sent

    response = client.post(post_url(article), form_data(article, text=text))

    assert response.status_code == 302
    assert len(Comment.objects.get().text) == 3000


# Answers to the page's script -------------------------------------------------------------------


def test_a_post_from_the_pages_script_gets_201_with_the_comments_location_and_the_message_waits(client):
    article = make_article()

    response = client.post(post_url(article), form_data(article), headers=FETCH)

    comment = Comment.objects.get()
    assert response.status_code == 201
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Thank you: your comment is awaiting moderation. Only you can see it until then." in html
    assert "Awaiting moderation: only you can see this comment for now." in html


def test_an_error_for_the_pages_script_is_the_form_with_its_errors_in_one_summary(client):
    article = make_article()

    response = client.post(post_url(article), form_data(article, email="nope", text="Keep me"), headers=FETCH)

    assert response.status_code == 400
    html = response.content.decode()
    summary = html.split("data-comment-errors>")[1].split("</div>")[0]
    assert summary.strip() == "<p>Please correct the problems below; we kept what you wrote.</p>"
    assert 'id="comment-form-errors" role="alert" tabindex="-1"' in html
    assert "\nKeep me</textarea>" in html


def test_a_closed_story_answers_with_a_message_the_script_can_show(client):
    article = make_article(comments_open=False)

    response = client.post(post_url(article), form_data(article), headers=FETCH)

    assert response.status_code == 403
    assert (
        "<p data-comment-errors>Comments are closed on this story. Your comment was not sent.</p>"
        in response.content.decode()
    )


# The browser key ---------------------------------------------------------------------------------


def test_the_browser_key_cookie_is_set_on_the_posts_answer_never_on_a_page(client):
    article = make_article()

    page = client.get(article.get_absolute_url())
    refused = client.post(post_url(article), form_data(article, text=""))
    accepted = client.post(post_url(article), form_data(article))

    assert readers.BROWSER_COOKIE not in page.cookies
    assert readers.BROWSER_COOKIE in refused.cookies
    # The same browser id, signed again: the signature carries the time, so the raw values differ once a
    # second has passed between the two answers.
    assert browser_in(accepted) == browser_in(refused)
    assert Comment.objects.get().reader_key == readers.reader_key(browser_in(accepted))


def browser_in(response):
    """The browser id a response's signed cookie carries, read as the next request would read it."""
    request = RequestFactory().post("/")
    request.COOKIES[readers.BROWSER_COOKIE] = response.cookies[readers.BROWSER_COOKIE].value
    return readers.browser_id(request)


# Rate limits ------------------------------------------------------------------------------------


def test_one_browser_is_stopped_after_its_limit_whatever_email_it_gives(client, settings):
    settings.COMMENTS_RATE_LIMIT_PER_BROWSER = 2
    article = make_article()
    for n in range(2):
        assert (
            client.post(post_url(article), form_data(article, email=f"a{n}@example.com", text=f"{n}")).status_code
            == 302
        )

    response = client.post(post_url(article), form_data(article, email="a9@example.com", text="third"))

    assert response.status_code == 429
    assert (
        "You have sent several comments from this browser in a short time. To keep the conversation readable, "
        "please wait about 10 minutes and send your comment again. We kept what you wrote."
    ) in response.content.decode()
    assert "\nthird</textarea>" in response.content.decode()


def test_other_readers_behind_the_same_address_still_post_when_one_browser_is_stopped(settings):
    settings.COMMENTS_RATE_LIMIT_PER_BROWSER = 2
    article = make_article()
    abuser = Client()
    for n in range(3):
        abuser.post(post_url(article), form_data(article, email=f"troll{n}@example.com", text=f"spam {n}"))

    response = Client().post(post_url(article), form_data(article, email="asha@example.com", text="Lovely"))

    assert response.status_code == 302
    assert Comment.objects.filter(ip_address="127.0.0.1").count() == 3


def test_one_email_is_stopped_after_its_limit_whatever_browser_it_uses(settings):
    settings.COMMENTS_RATE_LIMIT_PER_EMAIL = 1
    article = make_article()
    Client().post(post_url(article), form_data(article, text="one"))

    response = Client().post(post_url(article), form_data(article, text="two"))

    assert response.status_code == 429
    assert "You have sent several comments with this email address in a short time." in response.content.decode()


def test_the_address_limit_is_a_backstop_sized_for_carrier_grade_nat():
    limits = [getattr(settings, f"COMMENTS_RATE_LIMIT_{name}") for name in ("PER_BROWSER", "PER_EMAIL", "PER_IP")]

    assert (*limits, settings.COMMENTS_RATE_LIMIT_WINDOW) == (5, 5, 60, 600)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 second"),
        (45, "45 seconds"),
        (59, "59 seconds"),
        (60, "about 1 minute"),
        (89, "about 1 minute"),
        (90, "about 2 minutes"),
        (449, "about 7 minutes"),
        (600, "about 10 minutes"),
        (3569, "about 59 minutes"),
        (3570, "about 1 hour"),
        (5399, "about 1 hour"),
        (7200, "about 2 hours"),
    ],
)
def test_waits_are_said_in_words(seconds, words):
    assert services.wait_in_words(seconds) == words


def test_the_rate_limit_exception_names_the_limit_and_the_wait_in_words():
    assert (
        str(services.RateLimited(449, "browser"))
        == "Too many comments from this browser; try again in about 7 minutes."
    )


# The same rules whoever calls the service ------------------------------------------------------


def test_the_service_stores_names_and_text_nfc_normalised_whoever_calls():
    comment = services.submit_comment(
        article=make_article(), name="Zoe\u0308", email="z@example.com", text="Beyonce\u0301", form_age=60
    )

    assert (comment.name, comment.text) == ("Zo\u00eb", "Beyonc\u00e9")


def test_the_service_sends_back_a_first_too_fast_post_and_stores_nothing(min_seconds):
    with pytest.raises(services.TooFast) as quick:
        services.submit_comment(article=make_article(), name="Bot", email="b@example.com", text="Hi", form_age=0.2)

    assert quick.value.messages == [QUICK]
    assert quick.value.reason == "sent back: sent 0.2 s after the form opened (minimum 3 s)"
    assert Comment.objects.count() == 0


# Two posts at once (PostgreSQL) ---------------------------------------------------------------
#
# On SQLite an IMMEDIATE transaction takes the database's write lock at BEGIN, so one post's count and
# insert never interleave with another's. On PostgreSQL, serialize_sender's advisory locks do it, per
# sender: these tests run two posts in two threads, each on a connection of its own, the first held open
# after its insert until the second is seen waiting for its lock in pg_locks.

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's: SQLite serialises every writer"
)
SHARED = {"ip_address": "203.0.113.7", "email": "shared@example.com", "reader_key": "shared-browser"}
LIMIT_NAMES = {"ip_address": "IP address", "email": "email address", "reader_key": "browser"}


class InThread:
    """`work()` in a thread of its own (so on a database connection of its own); its result or error kept."""

    def __init__(self, work):
        self.result = self.error = None
        self.thread = threading.Thread(target=self.run, args=(work,), daemon=True)
        self.thread.start()

    def run(self, work):
        try:
            self.result = work()
        except Exception as error:  # the test reads it
            self.error = error
        finally:
            connections.close_all()

    def join(self, timeout=30):
        self.thread.join(timeout)
        return not self.thread.is_alive()


def sender(n, shared=None):
    """A sender's address, email and browser, all their own but for the one named `shared`."""
    fields = {"ip_address": f"198.51.100.{n}", "email": f"reader{n}@example.com", "reader_key": f"browser-{n}"}
    if shared:
        fields[shared] = SHARED[shared]
    return fields


def post(article, n, shared=None):
    return services.submit_comment(
        article=article, name=f"Reader {n}", text=f"Comment {n}", form_age=60, **sender(n, shared)
    )


@contextlib.contextmanager
def first_post_held_open(article, shared=None):
    """Post as reader 1 in a transaction left open after its insert until the block ends (or fails)."""
    inserted, release = threading.Event(), threading.Event()

    def work():
        with transaction.atomic():
            post(article, 1, shared)
            inserted.set()
            release.wait(30)

    first = InThread(work)
    try:
        assert inserted.wait(30)
        yield first
    finally:
        release.set()
        first.join()


def advisory_lock_waiters():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        return cursor.fetchone()[0]


def wait_for_advisory_lock_waiters(count, timeout=15):
    deadline = time.monotonic() + timeout
    while (waiting := advisory_lock_waiters()) != count:
        if time.monotonic() > deadline:
            pytest.fail(f"{waiting} posts wait for an advisory lock after {timeout} s, not {count}")
        time.sleep(0.02)


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("shared", ["ip_address", "email", "reader_key"])
def test_two_posts_at_once_from_one_sender_cannot_both_slip_under_its_limit(settings, shared):
    settings.COMMENTS_RATE_LIMIT_PER_BROWSER = 1
    settings.COMMENTS_RATE_LIMIT_PER_EMAIL = 1
    settings.COMMENTS_RATE_LIMIT_PER_IP = 1
    article = make_article()
    with first_post_held_open(article, shared) as first:
        second = InThread(lambda: post(article, 2, shared))
        wait_for_advisory_lock_waiters(1)  # without the lock it would count no comment and insert its own

    assert second.join()
    assert first.error is None
    assert isinstance(second.error, services.RateLimited)
    assert second.error.what == LIMIT_NAMES[shared]
    assert list(Comment.objects.values_list("name", flat=True)) == ["Reader 1"]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_posts_from_different_senders_do_not_wait_for_each_other():
    article = make_article()
    with first_post_held_open(article) as first:
        second = InThread(lambda: post(article, 2))
        finished_while_the_first_was_open = second.join(timeout=15)

    assert finished_while_the_first_was_open
    assert (first.error, second.error) == (None, None)
    assert sorted(Comment.objects.values_list("name", flat=True)) == ["Reader 1", "Reader 2"]
