from datetime import UTC, datetime

import pytest
from django.urls import reverse

from articles.models import Article
from articles.services import link_social_posts
from articles.tests.builders import article_admin_form, make_article, make_image, make_section
from social.models import SocialPost
from social.tests import fixtures as embed
from social.tests.builders import make_social_post, make_unfetchable_post

pytestmark = pytest.mark.django_db

ROUNDUP = (
    "Fans flooded social media after the trailer dropped.\n\nHere's how fans reacted:\n\n"
    f"{embed.X_DARK}\n\n{embed.INSTAGRAM_CAPTIONED}\n\n"
    "https://youtu.be/Kx1V3ZcmvWQ?si=abc\n"
    "https://www.instagram.com/aliaabhatt/\n\n"
    "The film releases on Friday."
)


@pytest.fixture
def editor(admin_client, settings):
    settings.SOCIAL_OEMBED_TIMEOUT = 0.5
    return admin_client


def test_an_editor_pastes_a_roundup_and_the_posts_are_archived_and_linked(
    editor, client, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        form = article_admin_form(
            make_section(),
            headline="How fans reacted to the Jawan trailer",
            body=ROUNDUP,
            hero_image=make_image().pk,
            workflow="published",
        )
        response = editor.post(reverse("admin:articles_article_add"), form, follow=True)
    run_tasks()

    assert response.status_code == 200
    article = Article.objects.get()
    assert article.body == ROUNDUP  # saved as typed, the line that could not be read included
    assert [(link.position, link.social_post.platform, link.social_post.state) for link in
            article.social_post_links.select_related("social_post")] == [
        (0, "x", "archived"),
        (1, "instagram", "archived"),
        (2, "youtube", "failed"),  # fetched after the commit; the test's endpoint does not answer
    ]  # fmt: skip
    assert [message.message for message in response.context["messages"]][0] == (
        "Line 10: this Instagram address is not a link to one post or reel (it should contain /p/ or /reel/). "
        "It was left in the text as an address."
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('class="social-card ') == 3
    assert "<p>https://www.instagram.com/aliaabhatt/</p>" in html


def test_the_change_page_shows_each_card_with_its_state_in_plain_words(editor):
    retry_at = datetime(2026, 12, 1, 9, 5, tzinfo=UTC)  # 14:35 in the site's time zone, Asia/Kolkata
    failed = make_social_post(
        state=SocialPost.State.FAILED,
        state_reason="publish.twitter.com answered HTTP 503",
        failure=SocialPost.Failure.REFUSED,
        retry_at=retry_at,
    )
    gone = make_social_post(state=SocialPost.State.GONE, state_reason="deleted", text="Old quote")
    waiting = make_social_post(state=SocialPost.State.PENDING, text="")
    archived = make_social_post(author_name="Karan Johar")
    little_known = make_unfetchable_post()
    posts = [failed, gone, waiting, archived, little_known]
    article = make_article(body="\n".join(post.permalink for post in posts) + "\n\nhttps://x.com/nobody")
    link_social_posts(article)

    html = editor.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()

    assert "Fetch failed: X answered with an error; we will try again after 14:35, 1 December.</p>" in html
    assert "<summary>Technical details</summary><p>publish.twitter.com answered HTTP 503</p>" in html
    assert "Gone from X: readers see our archived copy.</p>" in html
    assert "This post is no longer available on X. This is our archived copy." in html
    assert "Waiting for fetch</p>" in html
    assert ">Archived</p>" in html
    assert "Karan Johar" in html
    assert "Fetch failed: Instagram answers only sites with a Meta access token, and this site has none.</p>" in html
    edit_url = reverse("admin:social_socialpost_change", args=[little_known.pk])
    assert (
        "We know only this post’s address. Paste the post’s embed code in the body, or "
        f'<a href="{edit_url}">fill in its text</a>.</p>'
    ) in html
    assert html.count("We know only this post’s address.") == 1  # not for the waiting one, nor the others
    assert "<li>Line 7: this X address is not a link to one post" in html
    assert "social/cards.css" in html


def test_the_live_preview_shows_cards_before_anything_is_saved(editor):
    response = editor.post(reverse("admin:articles_article_preview"), {"body": f"Look:\n\n{embed.TIKTOK}"})

    html = response.content.decode()
    assert "<p>Look:</p>" in html
    assert "Scramble up ur name &amp; I’ll try to guess it😍❤️" in html
    assert "@scout2015</a>" in html
    assert "<script" not in html
    assert SocialPost.objects.count() == 0


def test_the_social_post_list_shows_platform_author_state_and_articles(editor, django_assert_max_num_queries):
    shared = make_social_post(author_name="Shah Rukh Khan")
    for _ in range(2):
        link_social_posts(make_article(body=shared.permalink))
    for _ in range(20):
        make_social_post(
            platform="youtube", post_id=f"vid{_:08d}xyz"[:11], permalink=f"https://www.youtube.com/watch?v={_}"
        )

    with django_assert_max_num_queries(8):
        response = editor.get(reverse("admin:social_socialpost_changelist"), {"q": "Shah Rukh"})

    assert response.status_code == 200
    rows = response.context["cl"].result_list
    assert [(post.author_name, post.article_count) for post in rows] == [("Shah Rukh Khan", 2)]
    filtered = editor.get(reverse("admin:social_socialpost_changelist"), {"platform__exact": "youtube"})
    assert filtered.context["cl"].result_count == 20
    by_state = editor.get(reverse("admin:social_socialpost_changelist"), {"state__exact": "pending"})
    assert by_state.context["cl"].result_count == 0


def test_the_refetch_action_asks_the_platform_again(editor, django_capture_on_commit_callbacks, run_tasks):
    post = make_social_post(state=SocialPost.State.PENDING, text="")

    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            reverse("admin:social_socialpost_changelist"),
            {"action": "refetch", "_selected_action": [post.pk]},
            follow=True,
        )
    run_tasks()

    assert "1 post queued for a fetch from the platform." in response.content.decode()
    post.refresh_from_db()
    assert post.state == "failed"
    assert post.state_reason.startswith("could not reach 127.0.0.1")


def test_an_editor_completes_a_post_the_platform_would_not_give(editor, client):
    post = make_unfetchable_post()
    page = editor.get(reverse("admin:social_socialpost_change", args=[post.pk])).content.decode()
    assert "Paste the post’s embed code in the body, or fill in the text below.</p>" in page

    response = editor.post(
        reverse("admin:social_socialpost_change", args=[post.pk]),
        {
            "author_name": "Alia Bhatt",
            "author_handle": "aliaabhatt",
            "text": "Saree not sorry #SabyasachiBride",
            "posted_at_0": "28/01/2024",
            "posted_at_1": "18:32:09",
            "media_url": "",
        },
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.state, post.state_reason, post.author_name) == ("archived", "", "Alia Bhatt")
    assert post.text_html == (
        '<p>Saree not sorry <a href="https://www.instagram.com/explore/tags/SabyasachiBride/" '
        'rel="nofollow ugc noopener">#SabyasachiBride</a></p>'
    )


def test_posts_cannot_be_added_by_hand(editor):
    assert editor.get(reverse("admin:social_socialpost_add")).status_code == 403


def test_the_live_preview_and_the_saved_posts_panel_agree_on_each_posts_state(editor):
    body = f"Look:\n\n{embed.X_DARK}\n\nhttps://www.instagram.com/p/C2xYz9AbCdE/\n\n{embed.THREADS}"
    states = [
        ">Archived</p>",
        "Fetch failed: Instagram answers only sites with a Meta access token, and this site has none.</p>",
        "Fetch failed: Threads answers only sites with a Meta access token, and this site has none.</p>",
    ]

    preview = editor.post(reverse("admin:articles_article_preview"), {"body": body}).content.decode()
    editor.post(reverse("admin:articles_article_add"), article_admin_form(make_section(), body=body))
    article = Article.objects.get()
    panel = editor.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()

    for html in (preview, panel):
        assert [state in html for state in states] == [True, True, True]
        assert html.count("We know only this post’s address.") == 2
    assert "fill in its text once the article is saved.</p>" in preview
    assert SocialPost.objects.filter(state="failed", failure="token").count() == 2  # no fetch was even queued
