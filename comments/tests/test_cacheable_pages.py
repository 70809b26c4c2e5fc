"""Reader pages are the same for every anonymous reader: no cookie, no Vary: Cookie. What is a reader's own
(the form's token and timestamp, their pending comment, a message) comes from requests of their own."""

import pytest
from django.test import Client

from articles.tests.builders import make_article, make_tag
from comments.models import Comment
from comments.services import approve_comment
from comments.tests.builders import form_data, make_comment, make_moderator

pytestmark = pytest.mark.django_db


def reader_pages(article):
    tag = make_tag()
    article.tags.add(tag)
    return {
        "home": "/",
        "section": article.section.get_absolute_url(),
        "article": article.get_absolute_url(),
        "comments page": f"/comments/article/{article.pk}/",
        "search": "/search/?q=trailer",
        "feed": "/feeds/rss/",
        "tag feed": f"/feeds/tag/{tag.slug}/atom/",
    }


def test_every_anonymous_reader_page_sets_no_cookie_and_does_not_vary_on_cookies():
    article = make_article(headline="The trailer is out")
    make_comment(article=article)
    client = Client(enforce_csrf_checks=True)

    answers = {name: client.get(url) for name, url in reader_pages(article).items()}

    assert {name: response.status_code for name, response in answers.items()} == dict.fromkeys(answers, 200)
    assert {name: dict(response.cookies) for name, response in answers.items()} == dict.fromkeys(answers, {})
    assert {name: response.get("Vary") for name, response in answers.items()} == dict.fromkeys(
        answers, "Accept-Encoding"
    )
    assert "csrfmiddlewaretoken" not in answers["article"].content.decode()


def test_the_form_fragment_is_the_form_alone_with_its_token_and_never_cached():
    article = make_article()
    client = Client(enforce_csrf_checks=True)

    response = client.get(f"/comments/article/{article.pk}/form/", headers={"X-Requested-With": "fetch"})

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert html.strip().startswith('<div class="comment-compose" id="comment-form" data-comment-compose>')
    assert "<html" not in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="token"' in html
    assert list(response.cookies) == ["csrftoken"]


def test_a_post_with_the_fragments_token_is_accepted():
    article = make_article()
    client = Client(enforce_csrf_checks=True)
    html = client.get(f"/comments/article/{article.pk}/form/", headers={"X-Requested-With": "fetch"}).content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    response = client.post(
        f"/comments/article/{article.pk}/post/",
        {**form_data(article, text="Loved it"), "csrfmiddlewaretoken": token},
        headers={"X-Requested-With": "fetch"},
    )

    assert response.status_code == 201
    assert Comment.objects.get().text == "Loved it"


def test_a_comment_refused_by_the_csrf_check_comes_back_with_its_text_and_a_token_that_works():
    article = make_article()
    client = Client(enforce_csrf_checks=True)
    typed = "A long thought about the trailer,\nwritten with care."

    refused = client.post(f"/comments/article/{article.pk}/post/", form_data(article, text=typed))

    html = refused.content.decode()
    assert refused.status_code == 403
    assert refused["Cache-Control"] == "private, no-store"
    assert (
        "We could not confirm that this form came from your browser (its cookie for this site may have expired "
        "or been blocked). We kept your text: please send it again."
    ) in html
    assert ">\nA long thought about the trailer,\nwritten with care.</textarea>" in html
    assert 'value="Asha"' in html
    assert Comment.objects.count() == 0
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    sent_again = client.post(
        f"/comments/article/{article.pk}/post/", {**form_data(article, text=typed), "csrfmiddlewaretoken": token}
    )
    assert sent_again.status_code == 302
    assert Comment.objects.get().text == typed


def test_a_like_without_javascript_is_confirmed_on_a_page_with_a_token():
    comment = make_comment(name="Asha")
    client = Client(enforce_csrf_checks=True)

    asked = client.post(f"/comments/{comment.pk}/like/", {"like": "1", "next": comment.article.get_absolute_url()})

    html = asked.content.decode()
    assert asked.status_code == 403
    assert '<h1 class="comments-page__title">Like this comment?</h1>' in html
    assert "Like <bdi>Asha</bdi>’s comment</button>" in html
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    liked = client.post(f"/comments/{comment.pk}/like/", {"like": "1", "csrfmiddlewaretoken": token})
    assert liked.status_code == 302
    comment.refresh_from_db()
    assert comment.like_count == 1


def test_a_script_gets_a_token_for_likes_from_a_private_answer():
    comment = make_comment()
    client = Client(enforce_csrf_checks=True)

    answer = client.get("/comments/csrf/")

    assert answer["Cache-Control"] == "private, no-store"
    liked = client.post(
        f"/comments/{comment.pk}/like/",
        {"like": "1"},
        headers={"Accept": "application/json", "X-CSRFToken": answer.json()["token"]},
    )
    assert liked.json() == {"liked": True, "count": 1, "label": "1 like"}


def test_a_held_comment_sets_the_pending_cookie_which_is_forgotten_once_it_is_moderated(client):
    article = make_article()

    posted = client.post(f"/comments/article/{article.pk}/post/", form_data(article, text="Held for now"))

    assert sorted(posted.cookies) == ["comments_browser", "comments_pending", "messages"]
    assert posted.cookies["comments_pending"]["max-age"] == 3 * 24 * 3600
    landing = client.get(posted["Location"])
    assert "Awaiting moderation: only you can see this comment for now." in landing.content.decode()
    assert "Thank you: your comment is awaiting moderation." in landing.content.decode()
    again = client.get(article.get_absolute_url())
    assert "Held for now" in again.content.decode()
    assert "comments_pending" not in again.cookies  # still held: the reader keeps seeing it

    approve_comment(Comment.objects.get(), moderator=make_moderator())
    settled = client.get(article.get_absolute_url())

    assert settled.cookies["comments_pending"].value == ""
    assert settled.cookies["comments_pending"]["max-age"] == 0
    assert list(client.get(article.get_absolute_url()).cookies) == []


def test_a_comment_published_at_once_sets_no_pending_cookie(client):
    client.force_login(make_moderator())  # staff comments are published on arrival
    article = make_article()

    posted = client.post(f"/comments/article/{article.pk}/post/", form_data(article))

    assert Comment.objects.get().status == Comment.Status.PUBLISHED
    assert "comments_pending" not in posted.cookies


def test_the_cookies_that_make_a_page_a_readers_own_are_named_in_one_setting(settings):
    assert settings.PER_READER_COOKIES == ("sessionid", "messages", "comments_pending")
