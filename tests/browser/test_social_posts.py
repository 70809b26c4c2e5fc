"""An editor pastes a reactions roundup in the admin; readers get first-party cards and load an embed per click."""

import json

import pytest
from playwright.sync_api import expect

from articles.models import Article
from articles.services import link_social_posts
from articles.tests.builders import make_article, make_image, make_section
from social.models import SocialPost
from social.tests import fixtures as embed
from social.tests.fixtures import OEmbedServer
from tests.browser.support import axe_violations

HEADLINE = "Jawan trailer: here’s how fans reacted"
ROUNDUP = "\n\n".join(
    [
        "The trailer dropped at noon and the internet has not recovered.",
        "Here's how fans reacted:",
        embed.X_DARK,
        embed.INSTAGRAM_CAPTIONED,
        embed.TIKTOK,
        "https://youtu.be/Kx1V3ZcmvWQ?si=Ab12",
        "The film opens in September.",
    ]
)
YOUTUBE_ANSWER = {
    "title": "Jawan | Official Hindi Trailer | Shah Rukh Khan",
    "author_name": "Red Chillies Entertainment",
    "author_url": "https://www.youtube.com/@RedChilliesEnt",
    "type": "video",
}
# Stands in for the platform's embed page: the frame's request is answered here, so nothing leaves the machine.
EMBED_PAGE = "<!doctype html><title>Embedded post</title><p>The platform’s own embed would be here.</p>"


def top_in_document(locator):
    return locator.evaluate("element => element.getBoundingClientRect().top + window.scrollY")


@pytest.fixture
def oembed(settings):
    server = OEmbedServer().start()
    server.answer("https://www.youtube.com/watch?v=Kx1V3ZcmvWQ", body=json.dumps(YOUTUBE_ANSWER).encode())
    server.serve(settings, "youtube")
    yield server
    server.stop()


def test_an_editor_pastes_a_roundup_and_a_reader_sees_cards_then_loads_one_original(
    admin_page, reader_page, watch, oembed, run_tasks
):
    make_section(name="Bollywood", slug="bollywood")
    make_image(alt_text="A red rectangle")
    admin_page.goto("/admin/articles/article/add/")
    admin_page.get_by_label("Headline").fill(HEADLINE)
    admin_page.get_by_label("Section").select_option(label="Bollywood")
    admin_page.get_by_role("textbox", name="Body").fill(ROUNDUP)
    preview = admin_page.frame_locator(".body-editor__frame").locator(".story__body")
    expect(preview.locator(".social-card")).to_have_count(4)
    expect(preview.locator(".social-card").first).to_contain_text("Shah Rukh Khan")
    admin_page.locator(".field-hero_image .select2-selection").click()
    admin_page.locator(".select2-dropdown .select2-search__field").fill("red")
    admin_page.get_by_role("option", name="A red rectangle").click()
    admin_page.get_by_label("Next step").select_option(label="Publish now")
    admin_page.get_by_role("button", name="Save and continue editing").click()

    expect(admin_page.locator(".messagelist")).to_contain_text("was added successfully")
    run_tasks()  # the worker's fetch of the YouTube address, under TASK_BACKEND=database
    admin_page.reload()
    panel = admin_page.locator(".social-posts-panel")
    expect(panel.locator(".social-card__state")).to_have_text(["Archived"] * 4)
    article = Article.objects.get()
    assert SocialPost.objects.get(platform="youtube").author_name == "Red Chillies Entertainment"

    reader_page.goto(article.get_absolute_url())
    cards = reader_page.locator(".story__body .social-card")
    expect(cards).to_have_count(4)
    for index, (name, handle, text) in enumerate(
        [
            ("Shah Rukh Khan", "@iamsrk", "What a night at the #Pathaan premiere"),
            ("Alia Bhatt 🤍☀️", "@aliaabhatt", "Saree not sorry 💛 #SabyasachiBride"),
            ("", "@scout2015", "Scramble up ur name & I’ll try to guess it"),
            ("Red Chillies Entertainment", "@RedChilliesEnt", "Jawan | Official Hindi Trailer"),
        ]
    ):
        card = cards.nth(index)
        if name:
            expect(card.locator(".social-card__name")).to_have_text(name)
        expect(card.locator(".social-card__handle")).to_have_text(handle)
        expect(card).to_contain_text(text)
    assert watch(reader_page).external_requests == []  # nothing left 127.0.0.1 while the page loaded

    frames = []

    def answer_locally(route):
        frames.append(route.request.url)
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=EMBED_PAGE)

    reader_page.route("https://platform.twitter.com/**", answer_locally)
    after_the_posts = reader_page.get_by_text("The film opens in September.")
    position_before = top_in_document(after_the_posts)
    cards.first.get_by_role("button", name="Load original post").click()

    embed_frame = reader_page.locator(".story__body .social-embed--x iframe")
    expect(embed_frame).to_have_attribute(
        "src", "https://platform.twitter.com/embed/Tweet.html?id=1617786543210987520&dnt=true"
    )
    expect(reader_page.locator(".story__body .social-card:not(.social-card--covered)")).to_have_count(3)
    expect(reader_page.get_by_role("article", name="X post by Shah Rukh Khan")).to_have_count(0)  # hidden
    expect(reader_page.frame_locator(".social-embed--x iframe").locator("p")).to_have_text(
        "The platform’s own embed would be here."
    )
    assert frames == ["https://platform.twitter.com/embed/Tweet.html?id=1617786543210987520&dnt=true"]

    # A video's play button loads the player into the still's own 16:9 box; the card stays around it.
    reader_page.route("https://www.youtube-nocookie.com/**", answer_locally)
    youtube_card = reader_page.locator(".story__body .social-card--youtube")
    youtube_card.get_by_role("link", name="Play Jawan | Official Hindi Trailer | Shah Rukh Khan on YouTube").click()

    expect(youtube_card.locator("iframe")).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/Kx1V3ZcmvWQ"
    )
    expect(youtube_card.locator(".social-card__still")).to_have_count(0)
    expect(youtube_card.locator(".social-card__name")).to_have_text("Red Chillies Entertainment")
    assert frames[-1] == "https://www.youtube-nocookie.com/embed/Kx1V3ZcmvWQ"
    # The cards reserved the embeds' room: nothing after the posts moved.
    assert top_in_document(after_the_posts) == position_before


@pytest.mark.parametrize("context", [{"java_script_enabled": False}], indirect=True)
def test_without_javascript_a_card_is_a_complete_post_with_a_link(reader_page):
    article = make_article(headline=HEADLINE, body=embed.X_DARK)
    link_social_posts(article)

    reader_page.goto(article.get_absolute_url())

    card = reader_page.locator(".social-card")
    expect(card).to_contain_text("What a night at the #Pathaan premiere & thank you Mumbai")
    expect(card.get_by_role("link", name="View on X")).to_have_attribute(
        "href", "https://x.com/iamsrk/status/1617786543210987520"
    )
    expect(card.get_by_role("button", name="Load original post")).to_be_hidden()


@pytest.mark.parametrize("context", [{"bypass_csp": True}], indirect=True)
def test_a_roundup_with_a_gone_post_has_no_accessibility_violations(page, oembed):
    article = make_article(headline=HEADLINE, body=ROUNDUP)
    link_social_posts(article)
    SocialPost.objects.filter(platform="tiktok").update(state=SocialPost.State.GONE, state_reason="deleted")

    page.goto(article.get_absolute_url())
    expect(page.locator(".social-card")).to_have_count(4)

    assert axe_violations(page) == []


def test_hostile_embed_code_runs_nothing_and_links_nowhere_else(reader_page):
    article = make_article(headline=HEADLINE, body=f"Look:\n\n{embed.X_HOSTILE}")
    link_social_posts(article)

    reader_page.goto(article.get_absolute_url())

    card = reader_page.locator(".social-card")
    expect(card).to_contain_text("Free tickets! click here evil.example/steal data <script>alert(7)</script>")
    hrefs = card.locator("a").evaluate_all("links => links.map(link => link.href)")
    assert all(href.startswith(("https://x.com/", "https://twitter.com/")) for href in hrefs), hrefs
    # The page watch fails the test on any dialog (an alert() that ran), CSP violation or foreign request.


def test_when_the_original_cannot_load_the_card_offers_our_archived_copy_back(reader_page):
    article = make_article(headline=HEADLINE, body=f"Look:\n\n{embed.BLUESKY}\n\nAfter the post.")
    link_social_posts(article)
    # Bluesky is down, or the reader's network blocks it.
    reader_page.route("https://embed.bsky.app/**", lambda route: route.abort("connectionrefused"))
    reader_page.goto(article.get_absolute_url())
    card = reader_page.get_by_role("article", name="Bluesky post by Meera Reviews")
    after_the_post = reader_page.get_by_text("After the post.")
    position_before = top_in_document(after_the_post)

    card.get_by_role("button", name="Load original post").click()

    expect(reader_page.locator(".social-embed iframe")).to_have_attribute(
        "src", "https://embed.bsky.app/embed/did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3kqmooj3ems2w"
    )
    expect(reader_page.get_by_role("article", name="Bluesky post by Meera Reviews")).to_have_count(0)
    back = reader_page.get_by_role("button", name="Show our archived copy")
    expect(back).to_be_visible()
    expect(reader_page.locator(".social-embed").get_by_role("link", name="View on Bluesky")).to_have_attribute(
        "href", "https://bsky.app/profile/meerareviews.bsky.social/post/3kqmooj3ems2w"
    )
    assert top_in_document(after_the_post) == position_before

    back.click()

    expect(reader_page.locator(".social-embed")).to_have_count(0)
    expect(card).to_contain_text("Front row at the Dil Se Dobara screening")
    expect(card.get_by_role("button", name="Load original post")).to_be_focused()
    assert top_in_document(after_the_post) == position_before


def height(locator):
    return locator.evaluate("element => element.getBoundingClientRect().height")


@pytest.mark.parametrize("context", [{"viewport": {"width": 1366, "height": 900}}], indirect=True)
def test_a_post_known_only_by_its_address_is_a_compact_card_never_a_tall_empty_box(reader_page):
    article = make_article(
        headline=HEADLINE,
        body="\n\n".join(
            ["Reactions:", "https://www.instagram.com/p/Cz9AbCdEfGh/", embed.THREADS, embed.INSTAGRAM_CAPTIONED]
        ),
    )
    link_social_posts(article)  # no Meta token here: Instagram and Threads cannot be asked

    reader_page.goto(article.get_absolute_url())

    address_only = reader_page.get_by_role("article", name="Instagram post", exact=True)
    threads = reader_page.get_by_role("article", name="Threads post by karanjohar")
    captioned = reader_page.get_by_role("article", name="Instagram post by Alia Bhatt 🤍☀️")
    expect(address_only.get_by_role("link", name="View on Instagram")).to_be_visible()
    expect(threads.get_by_role("link", name="@karanjohar")).to_be_visible()
    expect(threads.get_by_role("link", name="View on Threads")).to_have_attribute(
        "href", "https://www.threads.com/@karanjohar/post/DCx1Ab2Cd3E"
    )
    assert height(address_only) < 110
    assert height(threads) < 110
    # A caption and no picture: the card is as tall as what it shows, not the 22rem of Instagram's embed.
    assert height(captioned) < 200
    expect(captioned).to_contain_text("Saree not sorry 💛")


@pytest.mark.parametrize("context", [{"bypass_csp": True}], indirect=True)
def test_bluesky_threads_and_compact_cards_have_no_accessibility_violations(page):
    article = make_article(
        headline=HEADLINE, body="\n\n".join([embed.BLUESKY, embed.THREADS, "https://www.instagram.com/p/Cz9AbCdEfGh/"])
    )
    link_social_posts(article)

    page.goto(article.get_absolute_url())
    expect(page.locator(".social-card")).to_have_count(3)

    assert axe_violations(page) == []
