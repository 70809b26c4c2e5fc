"""Pictures in a real Chromium: the editor's focal point on the image's change form, and readers' <picture>
elements, which Chromium answers with the AVIF, under the strict Content Security Policy."""

from playwright.sync_api import expect

from articles import images
from articles.models import Image
from articles.tests.builders import image_bytes, make_article, make_image, upload


def object_position(page, shape):
    return page.locator(f'.focal-point__crop img[data-shape="{shape}"]').evaluate(
        "img => getComputedStyle(img).objectPosition"
    )


def test_the_editor_clicks_the_picture_the_marker_and_the_crops_follow_and_saving_rewrites_the_crops(
    admin_page, media_root, run_tasks
):
    image = make_image(alt_text="Kareena at the premiere", file=upload(content=image_bytes(size=(1000, 800))))
    admin_page.goto(f"/admin/articles/image/{image.pk}/change/")
    frame = admin_page.locator(".focal-point__frame")
    marker = admin_page.locator(".focal-point__marker")
    expect(marker).to_be_visible()
    expect(marker).to_have_accessible_name("Focal point, 50% across and 50% down: use the arrow keys to move it")
    assert (object_position(admin_page, "1:1"), object_position(admin_page, "16:9")) == ("50% 50%", "50% 50%")

    box = frame.bounding_box()
    frame.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.2})

    x, y = (float(admin_page.get_by_label(label).input_value()) for label in ("Focal point across", "Focal point down"))
    assert (round(x, 2), round(y, 2)) == (0.25, 0.2)
    moved = marker.bounding_box()
    centre = (moved["x"] + moved["width"] / 2 - box["x"], moved["y"] + moved["height"] / 2 - box["y"])
    assert abs(centre[0] - box["width"] * x) < 1.5
    assert abs(centre[1] - box["height"] * y) < 1.5
    # The square keeps the left edge (0.25 of 1000 is nearer it than half the 800-wide square), the full height.
    assert (object_position(admin_page, "1:1"), object_position(admin_page, "16:9")) == ("0% 50%", "50% 0%")
    expect(marker).to_have_accessible_name("Focal point, 25% across and 20% down: use the arrow keys to move it")

    marker.press("ArrowRight")  # the point moves without a mouse too
    marker.press("Enter")  # and pressing the marker itself leaves it where it is
    assert float(admin_page.get_by_label("Focal point across").input_value()) == round(x + 0.01, 3)
    assert float(admin_page.get_by_label("Focal point down").input_value()) == y

    admin_page.get_by_role("button", name="Save and continue editing").click()
    expect(admin_page.locator(".messagelist")).to_contain_text("was changed successfully")

    run_tasks()  # the worker's turn, under TASK_BACKEND=database (CI's PostgreSQL leg)
    saved = Image.objects.get(pk=image.pk)
    assert (saved.focal_x, saved.focal_y) == (round(x + 0.01, 3), y)
    assert saved.stored_renditions["focal"] == [saved.focal_x, saved.focal_y]
    assert images.outdated(saved) is None
    assert all((media_root / name).exists() for name in images.stored_names(saved.stored_renditions))


def test_a_reader_gets_the_avif_of_the_hero_and_of_the_cards_16_9_crop_within_the_policy(
    reader_page, watch, media_root
):
    hero = make_image(alt_text="Ranveer on stage", file=upload(content=image_bytes(size=(1000, 800))))
    article = make_article(hero_image=hero)
    make_article(hero_image=make_image(file=upload(content=image_bytes(size=(1000, 800)))))

    reader_page.goto(article.get_absolute_url())
    hero_img = reader_page.locator(".story__hero picture img")
    expect(hero_img).to_have_attribute("fetchpriority", "high")
    assert hero_img.evaluate("img => img.complete && img.naturalWidth > 0") is True
    assert hero_img.evaluate("img => img.currentSrc").endswith(".avif")
    assert "-16x9-" not in hero_img.evaluate("img => img.currentSrc")  # the story keeps the picture's own shape

    reader_page.goto("/")
    cards = reader_page.locator(".item__image picture img")
    expect(cards).to_have_count(2)
    # Cards below the fold load lazily: each is scrolled to, and read once the browser has chosen its source.
    for card in cards.all():
        card.scroll_into_view_if_needed()
    reader_page.wait_for_function(
        "() => [...document.querySelectorAll('.item__image picture img')].every(img => img.complete && img.currentSrc)"
    )
    sources = cards.evaluate_all("imgs => imgs.map(img => img.currentSrc)")
    assert len(sources) == 2
    assert [(".avif" in src, "-16x9-5000-5000-" in src) for src in sources] == [(True, True), (True, True)]
    assert watch(reader_page).problems() == {}
