import pytest
from django.core import signing
from django.test import Client

from articles import previews
from articles.tests.builders import make_article
from comments.forms import CommentForm
from comments.models import Comment, CommentFlag, CommentPolicy
from comments.tests.builders import form_data, make_comment

pytestmark = pytest.mark.django_db


def post_url(article):
    return f"/comments/article/{article.pk}/post/"


def test_article_page_offers_the_prompt_and_a_link_to_the_form(client):
    article = make_article(comment_prompt="Let us know what you thought about the trailer")

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<p class="comments__prompt">Let us know what you thought about the trailer</p>' in html
    assert (
        f'<a class="comment-button comments__open" href="/comments/article/{article.pk}/form/" '
        "data-comment-open>Share your comment</a>"
    ) in html
    assert "<textarea" not in html
    assert 'style="' not in html.split('id="comments"')[1]


def test_the_form_page_holds_the_form_and_is_never_cached(client):
    article = make_article()

    response = client.get(f"/comments/article/{article.pk}/form/")

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert f'action="/comments/article/{article.pk}/post/"' in html
    assert '<div id="div_id_website" class="mb-3 comment-form__trap">' in html
    assert "<title>Your comment · " in html


def test_article_without_its_own_prompt_shows_the_default(client):
    html = client.get(make_article().get_absolute_url()).content.decode()

    assert "What did you think? Share your comment below." in html


def test_posting_redirects_to_the_comment_marked_awaiting_moderation(client):
    article = make_article()

    response = client.post(post_url(article), form_data(article, text="Loved the trailer!"))

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    html = client.get(response["Location"]).content.decode()
    assert "Thank you: your comment is awaiting moderation. Only you can see it until then." in html
    assert "Awaiting moderation: only you can see this comment for now." in html
    assert "Loved the trailer!" in html


def test_another_reader_does_not_see_a_pending_comment(client):
    article = make_article()
    client.post(post_url(article), form_data(article, text="Loved the trailer!"))

    html = Client().get(article.get_absolute_url()).content.decode()

    assert "Loved the trailer!" not in html
    assert 'Comments <span class="comments__count">(0)</span>' in html


def test_a_forged_own_comments_cookie_shows_nothing(client):
    pending = make_comment(status=Comment.Status.PENDING, text="Somebody else's secret")
    client.cookies["comments_pending"] = f"{pending.pk}:forged"

    assert "Somebody else's secret" not in client.get(pending.article.get_absolute_url()).content.decode()


def test_published_comments_show_with_time_text_and_safe_links(client):
    comment = make_comment(text="First line\nSee https://example.com/clip <b>bold</b>")

    html = client.get(comment.article.get_absolute_url()).content.decode()

    assert (
        '<div class="comment__text" dir="auto">First line<br>See <a href="https://example.com/clip" '
        'rel="nofollow ugc noopener">https://example.com/clip</a> &lt;b&gt;bold&lt;/b&gt;</div>'
    ) in html
    assert 'title="' in html.split(f'id="comment-{comment.pk}"')[1].split("</time>")[0]


def test_hostile_text_is_shown_as_text(client):
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    comment = make_comment(text=hostile, name="<b>Eve</b>")

    html = client.get(comment.article.get_absolute_url()).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<script>alert(1)" not in html
    assert "&lt;b&gt;Eve&lt;/b&gt;" in html


def test_replies_nest_under_their_thread(client):
    top = make_comment(text="Top comment")
    make_comment(parent=top, text="A reply")

    html = client.get(top.article.get_absolute_url()).content.decode()

    thread = html.split('<li class="comment-thread">')[1]
    assert '<ol class="comment-replies">' in thread
    assert thread.index("Top comment") < thread.index("A reply")


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"text": ""}, "text", "Please write your comment."),
        ({"text": "   \n  "}, "text", "Please write your comment."),
        (
            {"text": "x" * 3001},
            "text",
            "Your comment has 3,001 characters and the limit is 3,000: please shorten it by 1 character. "
            "We kept all of it here.",
        ),
        ({"email": "not-an-email"}, "email", "Please enter a valid email address, like name@example.com."),
        ({"email": ""}, "email", "Please enter your email address."),
        ({"name": "     "}, "name", "Please enter your name."),
        ({"name": "n" * 81}, "name", "Please keep your name under 80 characters (it has 81)."),
        ({"name": "<script>x</script>"}, "name", "Please leave out &lt; and &gt; from your name."),
        (
            {"name": "Asha\x07"},
            "name",
            "Your name contains a control character (U+0007) just after “Asha”, an invisible character we "
            "cannot show. Please type your name again.",
        ),
        (
            {"text": "Hello\x1b[31m"},
            "text",
            "Your comment contains a control character (U+001B) just after “Hello”, an invisible character we "
            "cannot show. Please delete it and send your comment again: it often comes with copied text.",
        ),
        ({"text": "Null\x00byte"}, "text", "Null characters are not allowed."),
    ],
    ids=[
        "empty",
        "blank",
        "too-long",
        "bad-email",
        "no-email",
        "blank-name",
        "long-name",
        "html-name",
        "control-name",
        "control-text",
        "null-text",
    ],
)
def test_bad_input_gets_a_field_error_keeps_the_text_and_stores_nothing(client, fields, field, error):
    article = make_article()
    data = form_data(article, **{"text": "My considered opinion", **fields})

    response = client.post(post_url(article), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert f'<span id="error_1_id_{field}"><strong>{error}</strong></span>' in html
    assert 'aria-invalid="true"' in html
    assert "Please correct the problems below; we kept what you wrote." in html
    if field != "text":
        assert "My considered opinion</textarea>" in html
    assert Comment.objects.count() == 0


def test_a_tampered_timestamp_is_refused_and_the_text_kept(client):
    article = make_article()
    data = form_data(article, text="Kept text")
    data["token"] = data["token"][:-3] + "abc"

    response = client.post(post_url(article), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "This form was changed or is incomplete, so we could not accept it. Please reload the page." in html
    assert "Kept text</textarea>" in html
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("token", "This form is incomplete."),
        ("website", "This form is incomplete. Please reload the page and try again."),
    ],
    ids=["the signed timestamp", "the trap field"],
)
def test_a_form_missing_a_hidden_field_is_refused(client, field, message):
    article = make_article()
    data = form_data(article)
    del data[field]

    response = client.post(post_url(article), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Comment.objects.count() == 0


def test_a_timestamp_for_another_article_is_refused(client):
    article, other = make_article(), make_article()

    response = client.post(post_url(article), form_data(other))

    assert response.status_code == 400
    assert "This form belongs to another story. Please reload the page." in response.content.decode()


def test_a_form_kept_open_too_long_is_refused_with_a_fresh_timestamp(client, settings):
    settings.COMMENTS_FORM_MAX_AGE = 3600
    article = make_article()

    response = client.post(post_url(article), form_data(article, seconds_ago=3601, text="Slow writer"))

    assert response.status_code == 400
    html = response.content.decode()
    assert "This form was open for too long. We kept your text: please send it again." in html
    new_token = html.split('name="token" value="')[1].split('"')[0]
    assert signing.loads(new_token, salt="comments.form-timestamp")["a"] == article.pk
    assert Comment.objects.count() == 0


def test_a_filled_trap_field_is_stored_as_spam_and_the_robot_learns_nothing(client):
    article = make_article()

    response = client.post(post_url(article), form_data(article, website="http://buy.example"), follow=True)

    assert Comment.objects.get().status == Comment.Status.SPAM
    assert "Thank you: your comment was received." in response.content.decode()
    # The client's jar, not the followed page's response: the cookie would come with the redirect.
    assert "comments_pending" not in client.cookies


def test_a_post_without_csrf_token_is_refused(client):
    article = make_article()
    csrf_client = Client(enforce_csrf_checks=True)

    response = csrf_client.post(post_url(article), form_data(article))

    assert response.status_code == 403
    assert Comment.objects.count() == 0


def test_a_post_with_the_form_pages_csrf_token_is_accepted():
    article = make_article()
    csrf_client = Client(enforce_csrf_checks=True)
    html = csrf_client.get(f"/comments/article/{article.pk}/form/").content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    response = csrf_client.post(post_url(article), {**form_data(article), "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_too_many_comments_from_one_address_get_429_with_retry_after_and_the_text_kept(settings):
    settings.COMMENTS_RATE_LIMIT_PER_IP = 1
    settings.COMMENTS_RATE_LIMIT_WINDOW = 600
    article = make_article()
    Client().post(post_url(article), form_data(article, text="first"))

    # Another browser, another email, the same address.
    response = Client().post(post_url(article), form_data(article, text="second", email="b@example.com"))

    assert response.status_code == 429
    assert 598 <= int(response["Retry-After"]) <= 600
    html = response.content.decode()
    assert (
        "Many comments have come from your network in the last few minutes (readers on one mobile network can "
        "share an address). To keep the conversation readable, please wait about 10 minutes and send your "
        "comment again. We kept what you wrote."
    ) in html
    assert "second</textarea>" in html
    assert Comment.objects.count() == 1


def test_the_trusted_proxy_setting_decides_which_address_counts(client, settings):
    settings.COMMENTS_TRUSTED_PROXY_COUNT = 1
    article = make_article()

    client.post(post_url(article), form_data(article), HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.4")

    assert Comment.objects.get().ip_address == "198.51.100.4"


def test_forwarded_for_is_ignored_unless_a_proxy_is_trusted(client):
    article = make_article()

    client.post(post_url(article), form_data(article), HTTP_X_FORWARDED_FOR="198.51.100.4")

    assert Comment.objects.get().ip_address == "127.0.0.1"


def test_closed_comments_say_so_and_offer_no_form(client):
    article = make_article(comments_open=False)
    make_comment(article=article, text="An earlier comment")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Comments are closed on this story." in html
    assert "An earlier comment" in html
    assert 'class="comment-form"' not in html
    assert "data-comment-reply" not in html


def test_a_post_to_a_closed_article_is_refused(client):
    article = make_article(comments_open=False)

    response = client.post(post_url(article), form_data(article))

    assert response.status_code == 403
    assert "Comments are closed on this story." in response.content.decode()
    assert Comment.objects.count() == 0


def test_posting_to_a_draft_is_not_found(client):
    article = make_article(status="draft", published_at=None)

    assert client.post(post_url(article), form_data(article)).status_code == 404


def test_posting_needs_post(client):
    article = make_article()

    assert client.get(post_url(article)).status_code == 405


def test_a_reply_is_stored_under_its_thread(client):
    top = make_comment()

    client.post(post_url(top.article), form_data(top.article, parent=str(top.pk)))

    assert Comment.objects.get(parent=top).text == "Loved the trailer!"


def test_the_reply_page_works_without_javascript(client):
    top = make_comment(name="Ravi")

    html = client.get(f"/comments/{top.pk}/reply/").content.decode()

    assert "Reply to Ravi" in html
    assert f'name="parent" value="{top.pk}"' in html


def test_the_reply_page_tells_the_articles_moderation_policy(client):
    top = make_comment()
    CommentPolicy.objects.create(article=top.article, mode=CommentPolicy.Mode.POST)

    html = client.get(f"/comments/{top.pk}/reply/").content.decode()

    assert "Comments appear at once unless our filters hold them for a moderator." in html


def test_long_threads_are_paginated_with_a_show_more_link(client, settings):
    settings.COMMENTS_PAGE_SIZE = 2
    article = make_article()
    for n in range(5):
        make_comment(article=article, text=f"Comment {n}")

    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('<li class="comment-thread">') == 2
    assert f'href="/comments/article/{article.pk}/?page=2">Show more comments</a>' in html

    page3 = client.get(f"/comments/article/{article.pk}/?page=3").content.decode()
    assert page3.count('<li class="comment-thread">') == 1
    assert "Comment 0" in page3
    assert "Show more comments" not in page3
    assert client.get(f"/comments/article/{article.pk}/?page=4").status_code == 404


def test_a_reader_can_report_a_comment(client):
    comment = make_comment()

    form = client.get(f"/comments/{comment.pk}/report/")
    response = client.post(f"/comments/{comment.pk}/report/", {"reason": "abuse"})

    assert form.status_code == 200
    assert "What is wrong with this comment?" in form.content.decode()
    assert "Thank you for your report" in response.content.decode()
    assert CommentFlag.objects.get().reason == "abuse"


def test_a_report_without_a_reason_asks_for_one(client):
    comment = make_comment()

    response = client.post(f"/comments/{comment.pk}/report/", {})

    assert "Please choose a reason." in response.content.decode()
    assert CommentFlag.objects.count() == 0


def test_an_unpublished_comment_cannot_be_reported(client):
    comment = make_comment(status=Comment.Status.PENDING)

    assert client.get(f"/comments/{comment.pk}/report/").status_code == 404


def test_lists_show_the_published_comment_count(client):
    article = make_article(headline="Counted story")
    make_comment(article=article)
    make_comment(article=article)
    make_comment(article=article, status=Comment.Status.PENDING)

    html = client.get("/").content.decode()

    assert f'<a class="item__comments" href="{article.get_absolute_url()}#comments">2 comments</a>' in html


def test_a_reply_to_a_comment_that_is_gone_is_refused_with_the_text_kept(client):
    article = make_article()

    response = client.post(post_url(article), form_data(article, parent="999999", text="My reply"))

    assert response.status_code == 400
    html = response.content.decode()
    assert "The comment you replied to is no longer there. You can post yours as a new comment." in html
    assert "My reply</textarea>" in html
    assert Comment.objects.count() == 0


def test_a_forged_forwarded_address_is_not_stored(client, settings):
    settings.COMMENTS_TRUSTED_PROXY_COUNT = 1
    article = make_article()

    client.post(post_url(article), form_data(article), HTTP_X_FORWARDED_FOR="not-an-address")

    assert Comment.objects.get().ip_address == "127.0.0.1"


def test_a_staff_preview_of_a_draft_offers_no_comment_form(admin_client):
    article = make_article(status="draft", published_at=None)

    html = admin_client.get(article.get_absolute_url()).content.decode()

    assert "Comments open when the story is published." in html
    assert 'class="comment-form"' not in html


def test_a_story_shown_through_a_preview_link_offers_no_comment_form_and_takes_no_comment(client):
    article = make_article(status="draft", published_at=None)
    link = previews.create_preview_link(article, by=None)

    html = client.get(previews.link_path(link)).content.decode()
    response = client.post(post_url(article), form_data(article))

    assert "Comments open when the story is published." in html
    assert 'class="comment-form"' not in html
    assert response.status_code == 404
    assert Comment.objects.count() == 0


def test_hidden_replies_stay_hidden_and_a_readers_own_pending_reply_shows_to_them(client):
    top = make_comment(text="Top comment")
    make_comment(parent=top, text="Rejected reply", status=Comment.Status.REJECTED)
    make_comment(parent=top, text="Someone else's pending reply", status=Comment.Status.PENDING)
    client.post(post_url(top.article), form_data(top.article, parent=str(top.pk), text="My own reply"))

    html = client.get(top.article.get_absolute_url()).content.decode()

    replies = html.split('<ol class="comment-replies">')[1].split("</ol>")[0]
    assert "My own reply" in replies
    assert "Awaiting moderation" in replies
    assert "Rejected reply" not in html
    assert "Someone else's pending reply" not in html


def test_sending_the_same_comment_twice_keeps_the_first_and_says_so(client):
    article = make_article()
    client.post(post_url(article), form_data(article, text="Loved it"))

    response = client.post(post_url(article), form_data(article, text="Loved it"), follow=True)

    assert "You had already sent this comment, so we kept the first one." in response.content.decode()
    assert list(Comment.objects.values_list("status", flat=True)) == ["pending", "rejected"]


def test_each_comment_links_to_itself_under_its_article_on_every_page_that_lists_it(client):
    comment = make_comment()
    permalink = f'<a class="comment__time" href="{comment.article.get_absolute_url()}#comment-{comment.pk}">'

    article_page = client.get(comment.article.get_absolute_url()).content.decode()
    list_page = client.get(f"/comments/article/{comment.article.pk}/").content.decode()

    assert permalink in article_page
    assert permalink in list_page


def test_the_form_takes_its_length_limits_from_the_comment_model():
    form = CommentForm(article=make_article())

    limits = {name: form.fields[name].max_length for name in ("name", "email")}
    limits["text"] = form.fields["text"].widget.attrs["data-max-chars"]
    assert limits == {"name": 80, "email": 254, "text": 3000}
    assert limits == {name: Comment._meta.get_field(name).max_length for name in limits}
