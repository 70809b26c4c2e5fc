"""axe-core on the reader pages issue 11 names beyond home, section and article (test_reader_pages.py has
those): a tag, an author, a story with comments and social posts, its comments page, search results, and the
story with the comment dialog open, at 390 px and 1366 px, and in dark mode where a page has its own parts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from articles.services import link_social_posts
from articles.tests.builders import image_bytes, make_article, make_author, make_image, make_section, make_tag, upload
from comments.models import Comment
from comments.tests.builders import make_comment, make_moderator
from social.tests.builders import make_social_post, make_unfetchable_post
from tests.browser.support import DESKTOP, MOBILE, axe_violations

DIALOG = "article, comment dialog open"


@pytest.fixture
def pages():
    """Reader paths by name, on one small site: every page below has stories, pictures and comments to show."""
    bollywood = make_section(name="Bollywood", slug="bollywood")
    author = make_author(name="Priya Raman", slug="priya-raman", bio="Film critic and festival reporter.")
    trailers = make_tag(name="Trailers", slug="trailers")
    still = make_image(alt_text="Shah Rukh Khan on set", file=upload("still.jpg", image_bytes(size=(640, 360))))
    x_post = make_social_post(author_name="Karan Johar", author_handle="karanjohar", text="Koffee is back! #KWK")
    instagram_post = make_unfetchable_post()
    story = make_article(
        section=bollywood,
        headline="Shah Rukh Khan’s new trailer arrives",
        slug="shah-rukh-khan-new-trailer",
        standfirst="Fans of Shah Rukh queued from dawn.",
        body=(
            f"The trailer dropped at noon.\n\n{x_post.permalink}\n\nOn Instagram:\n\n{instagram_post.permalink}\n\n"
            "Read the [full story](https://example.com/)."
        ),
        hero_image=still,
        authors=[author],
        tags=[trailers],
    )
    link_social_posts(story)
    first = make_comment(
        article=story, name="Asha", text="Loved the trailer!", created_at=timezone.now() - timedelta(hours=1)
    )
    make_comment(article=story, parent=first, name="Desk", text="Thanks!", user=make_moderator(), is_staff_comment=True)
    make_comment(article=story, name="فاطمة", text="ما أجمل هذا الإعلان")
    for hours in (2, 3):
        make_article(
            section=bollywood,
            headline=f"A trailer story {hours} hours old",
            standfirst="What happened, and why it matters.",
            published_at=timezone.now() - timedelta(hours=hours),
            hero_image=still,
            authors=[author],
            tags=[trailers],
        )
    return {
        "tag": trailers.get_absolute_url(),
        "author": author.get_absolute_url(),
        "article with comments and social posts": story.get_absolute_url(),
        "comments": reverse("comments:list", args=[story.pk]),
        "search results": "/search/?q=trailer",
        DIALOG: story.get_absolute_url(),
    }


def open_comment_dialog(page):
    page.get_by_role("button", name="Share your comment").click()
    expect(page.get_by_role("dialog", name="Share your comment")).to_be_visible()


LIGHT = ["tag", "author", "article with comments and social posts", "comments", "search results", DIALOG]
# test_dark_mode.py already checks home, section, an article with a social post and comments, the comments
# page and search in dark mode; these are the pages with parts of their own it does not reach.
DARK = ["tag", "author", DIALOG]


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["390px", "1366px"])
@pytest.mark.parametrize(
    ("page_name", "color_scheme"),
    [(name, "light") for name in LIGHT] + [(name, "dark") for name in DARK],
    ids=[f"{name}, light" for name in LIGHT] + [f"{name}, dark" for name in DARK],
)
def test_axe_finds_no_accessibility_violations(new_context, watch, pages, page_name, color_scheme, viewport):
    # axe-core is injected script, which the strict policy refuses: this context alone bypasses it.
    page = new_context(bypass_csp=True, color_scheme=color_scheme, **viewport).new_page()
    watch(page)

    page.goto(pages[page_name])
    if page_name == DIALOG:
        open_comment_dialog(page)

    assert axe_violations(page) == []


def test_the_pages_axe_judges_show_the_parts_they_are_chosen_for(reader_page, pages):
    # An axe run on an empty list proves little: each page has its stories, cards and comments.
    for page_name in ["tag", "author", "search results"]:
        reader_page.goto(pages[page_name])
        expect(reader_page.locator("main .item"), page_name).to_have_count(3)

    reader_page.goto(pages["article with comments and social posts"])
    expect(reader_page.locator(".story__body .social-card")).to_have_count(2)
    expect(reader_page.locator(".comments .comment__name")).to_have_text(["فاطمة", "Asha", "Desk"])
    expect(reader_page.locator(".comment__badge")).to_have_text("Staff")


def test_an_address_with_a_comment_s_fragment_lands_on_that_comment_in_the_thread_laid_out_late(new_context, pages):
    # The thread is behind content-visibility: auto (site.css) until the reader nears it: its height is an
    # estimate, so landing on a comment lower in it needs the thread laid out first (comments.js).
    page = new_context(**MOBILE).new_page()
    oldest = Comment.objects.get(name="Asha")

    page.goto(f"{pages['article with comments and social posts']}#comment-{oldest.pk}")

    expect(page.locator(f"#comment-{oldest.pk}")).to_be_in_viewport()
    assert page.evaluate("scrollY") > 1000
