"""Every kind of page a reader can get, rendered with realistic data, holds no error for the Nu HTML checker.

All pages go through one run of the checker (one JVM start). Warnings are listed in the failure output of
any error but allowed: the checker's warnings are advice (e.g. a heading-less section), not the standard.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from articles.models import Article
from articles.services import link_social_posts
from articles.tests.builders import make_article, make_author, make_image, make_ready_article, make_section, make_tag
from comments.models import Comment
from comments.tests.builders import form_data, make_comment
from social.tests import fixtures as embed
from tests.nu_checker import check_documents

pytestmark = pytest.mark.django_db

# A page with a known error, checked in the same run: proves the checker ran and its errors reach the test.
BROKEN = (
    '<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body>'
    '<time datetime="2026-01-24T12:59:03.123456+05:30">24 January</time></body></html>'
)


def html(response, status=200):
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


def reader_pages(client):
    """{name: html} of every kind of page a reader (or an editor previewing) can see."""
    section = make_section(name="Bollywood", slug="bollywood")
    author = make_author(name="Priya Menon", slug="priya-menon", photo=make_image())
    tag = make_tag(name="Jawan", slug="jawan")
    story = make_ready_article(
        headline="Shah Rukh Khan’s Jawan trailer breaks records",
        standfirst="Fans watched it 100 million times in a day.",
        body=embed.ROUNDUP,
        section=section,
        authors=[author],
        tags=[tag],
    )
    link_social_posts(story)
    for n in range(3):
        make_ready_article(headline=f"Jawan box office, day {n + 1}", section=section, tags=[tag], authors=[author])
    thread = make_comment(article=story, text="First line\nSee https://example.com/clip <b>bold</b>")
    make_comment(article=story, parent=thread, text="A reply, with “quotes”.")
    make_comment(article=story, status=Comment.Status.PENDING, text="Somebody else's pending comment")

    pages = {
        "home": html(client.get("/")),
        "latest": html(client.get("/latest/")),
        "section": html(client.get(section.get_absolute_url())),
        "tag": html(client.get(tag.get_absolute_url())),
        "author": html(client.get(author.get_absolute_url())),
        "search-hits": html(client.get("/search/", {"q": "Jawan"})),
        "search-none": html(client.get("/search/", {"q": "nothing matches this"})),
        "search-odd": html(client.get("/search/", {"q": '" OR *'})),
        "not-found": html(client.get("/no-such-section/"), 404),
        "comments-list": html(client.get(f"/comments/article/{story.pk}/")),
    }

    # The comment form after a refused submission, the errors shown beside the fields.
    post_url = f"/comments/article/{story.pk}/post/"
    pages["comment-refused"] = html(client.post(post_url, form_data(story, email="nope", text="")), 400)

    # The reader's own comment, awaiting moderation, with the thank-you message.
    posted = client.post(post_url, form_data(story, text="Loved the trailer!"))
    assert posted.status_code == 302
    pages["article-with-own-pending-comment"] = html(client.get(posted["Location"]))

    # A staff member's preview of a draft: the banner.
    draft = make_article(headline="Kareena’s new film", status=Article.Status.DRAFT, published_at=None)
    viewer = get_user_model().objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    pages["draft-preview"] = html(client.get(draft.get_absolute_url()))
    return pages


def test_every_reader_page_has_no_error_for_the_nu_html_checker(client):
    pages = reader_pages(client)

    messages = check_documents({**pages, "known-broken": BROKEN})

    control = [message.message for message in messages if message.document == "known-broken"]
    assert control == [
        "Bad value “2026-01-24T12:59:03.123456+05:30” for attribute “datetime” on element “time”: "
        "A fraction of a second must be one, two, or three digits."
    ]
    checked = [message for message in messages if message.document != "known-broken"]
    errors = [str(message) for message in checked if message.type == "error"]
    warnings = [str(message) for message in checked if message.type != "error"]
    assert errors == [], "\n".join(["Errors:", *errors, "Warnings (allowed):", *warnings])
