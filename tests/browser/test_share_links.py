"""The share links under a story, and what a printed story leaves out."""

from playwright.sync_api import expect

from articles.tests.builders import make_article


def test_a_reader_copies_the_storys_address_from_its_share_links(context, reader_page, settings, live_server):
    settings.SITE_URL = live_server.url
    story = make_article(headline="Shah Rukh Khan & Kajol reunite")
    context.grant_permissions(["clipboard-read", "clipboard-write"])

    reader_page.goto(story.get_absolute_url())
    share = reader_page.get_by_role("region", name="Share this story")
    expect(share.get_by_role("link", name="WhatsApp (opens a new tab)")).to_be_visible()
    share.get_by_role("button", name="Copy link").click()

    expect(share.get_by_role("status")).to_have_text("Link copied.")
    assert reader_page.evaluate("navigator.clipboard.readText()") == f"{live_server.url}{story.get_absolute_url()}"


def test_a_printed_story_leaves_out_the_site_around_it(reader_page):
    story = make_article(headline="Shah Rukh Khan & Kajol reunite")
    make_article(section=story.section)  # for Read next
    make_article(comment_count=3)  # for Most talked about
    around = [".site-nav", ".site-search", ".share", "#comments", ".read-next", ".related"]

    reader_page.goto(story.get_absolute_url())
    for part in around:
        expect(reader_page.locator(part)).to_be_visible()
    reader_page.emulate_media(media="print")

    expect(reader_page.get_by_role("heading", level=1)).to_be_visible()
    for part in around:
        expect(reader_page.locator(part)).to_be_hidden()
