"""Writing in the admin in a real Chromium, under the strict CSP: slugs, counters, pictures, the preview."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article, Image
from articles.tests.builders import make_image, make_section

HINDI_HEADLINE = "शाहरुख़ ख़ान की नई फ़िल्म"


@pytest.fixture
def bollywood():
    return make_section(name="Bollywood", slug="bollywood")


def test_a_hindi_headline_fills_the_slug_as_the_server_makes_it_and_the_story_opens(admin_page, bollywood):
    admin_page.goto("/admin/articles/article/add/")

    admin_page.get_by_label("Headline").press_sequentially(HINDI_HEADLINE)
    expect(admin_page.get_by_label("Slug")).to_have_value("shahrukh-khan-ki-nai-film")
    admin_page.get_by_label("Section").select_option(label="Bollywood")
    admin_page.get_by_role("textbox", name="Body").fill("फ़िल्म की शूटिंग शुरू हो गई है।")
    admin_page.get_by_role("button", name="Save and continue editing").click()
    expect(admin_page.locator(".messagelist")).to_contain_text("was added successfully")

    article = Article.objects.get()
    admin_page.goto(article.get_absolute_url())
    assert admin_page.url.endswith(f"/bollywood/shahrukh-khan-ki-nai-film-{article.pk}/")
    expect(admin_page.get_by_role("heading", level=1)).to_have_text(HINDI_HEADLINE)


def test_a_slug_typed_by_the_editor_is_not_overwritten_by_the_headline(admin_page, bollywood):
    admin_page.goto("/admin/articles/article/add/")

    admin_page.get_by_label("Slug").fill("srk-new-film")
    admin_page.get_by_label("Headline").press_sequentially("Shah Rukh Khan")
    admin_page.wait_for_timeout(500)

    expect(admin_page.get_by_label("Slug")).to_have_value("srk-new-film")


def test_a_section_named_in_hindi_fills_its_slug_too(admin_page):
    admin_page.goto("/admin/articles/section/add/")

    admin_page.get_by_label("Name").press_sequentially("बॉलीवुड")

    expect(admin_page.get_by_label("Slug")).to_have_value("bolivud")


def test_the_headline_and_standfirst_count_their_characters_as_the_editor_types(admin_page):
    admin_page.goto("/admin/articles/article/add/")
    headline = admin_page.get_by_label("Headline")
    counter = admin_page.locator("#id_headline_count")

    expect(counter).to_have_text("0 of 200 characters (search engines show about 110)")
    headline.fill("Alia Bhatt 🎬")
    expect(counter).to_have_text("12 of 200 characters (search engines show about 110)")
    headline.fill("x" * 111)
    expect(counter).to_have_text("111 of 200 characters: search engines show about the first 110")
    expect(counter).to_have_class("help char-count char-count--past-mark")
    headline.fill("x" * 205)
    expect(counter).to_have_text("205 of 200 characters: 5 too many, shorten it to save")
    expect(headline).to_have_value("x" * 205)  # nothing cut at the limit
    admin_page.get_by_label("Standfirst").fill("The actor shared the news.")
    expect(admin_page.locator("#id_standfirst_count")).to_have_text(
        "26 of 400 characters (search engines show about 160)"
    )
    assert headline.evaluate("input => input.offsetWidth") >= 600


def test_the_body_preview_uses_the_readers_stylesheet_and_leaves_the_admins_alone(admin_page):
    admin_page.goto("/admin/articles/article/add/")
    admin_page.get_by_role("textbox", name="Body").fill("> A quote from the trailer.")

    frame = admin_page.frame_locator(".body-editor__frame")
    quote = frame.locator(".story__body blockquote")
    expect(quote).to_have_text("A quote from the trailer.")
    assert "Georgia" in quote.evaluate("element => getComputedStyle(element).fontFamily")
    assert quote.evaluate("element => getComputedStyle(element).borderLeftColor") == "rgb(179, 0, 45)"
    assert "Georgia" not in admin_page.locator("#content").evaluate("element => getComputedStyle(element).fontFamily")


def test_an_editor_finds_a_picture_in_the_chooser_and_inserts_it_at_the_caret(admin_page):
    make_image(alt_text="A film set at night", credit="Yash Raj Films")
    wanted = make_image(alt_text="Deepika Padukone at Cannes", credit="Getty Images")
    admin_page.goto("/admin/articles/article/add/")
    body = admin_page.get_by_role("textbox", name="Body")
    body.fill("First paragraph.\n\nSecond paragraph.")
    body.evaluate("textarea => textarea.setSelectionRange(16, 16)")  # the end of the first paragraph

    admin_page.get_by_role("button", name="Insert a picture from the library").click()
    dialog = admin_page.get_by_role("dialog")
    expect(dialog.locator(".image-chooser__count")).to_have_text("2 pictures")
    dialog.get_by_label("Search by description, caption or credit").fill("getty")
    dialog.get_by_role("button", name="Search").click()
    expect(dialog.locator(".image-chooser__count")).to_have_text("1 picture matching “getty”")
    dialog.get_by_role("button", name=re.compile("Deepika Padukone at Cannes")).click()

    expect(dialog).to_be_hidden()
    expect(body).to_have_value(
        f"First paragraph.\n\n![Deepika Padukone at Cannes](image:{wanted.pk})\n\nSecond paragraph."
    )
    expect(admin_page.frame_locator(".body-editor__frame").locator(".story__body img")).to_have_attribute(
        "alt", "Deepika Padukone at Cannes"
    )


def test_an_editor_uploads_a_new_picture_from_the_body_editor_and_its_reference_is_inserted(
    admin_page, watch, tmp_path
):
    from articles.tests.builders import image_bytes

    picture = tmp_path / "poster.jpg"
    picture.write_bytes(image_bytes())
    admin_page.goto("/admin/articles/article/add/")
    body = admin_page.get_by_role("textbox", name="Body")
    body.fill("Intro.")

    with admin_page.expect_popup() as popup_info:
        admin_page.get_by_role("link", name="Upload a new picture").click()
    popup = popup_info.value
    watch(popup)
    popup.get_by_label("File").set_input_files(str(picture))
    popup.get_by_label("Alt text").fill("The new poster of Jawan")
    popup.get_by_role("button", name="Save", exact=True).click()
    popup.wait_for_event("close")

    image = Image.objects.get()
    expect(body).to_have_value(f"Intro.\n\n![The new poster of Jawan](image:{image.pk})")
