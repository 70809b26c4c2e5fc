"""The share links under a story: plain links, and a "Copy link" button that script shows and works."""

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
