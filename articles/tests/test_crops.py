"""Crops around a picture's focal point, the formats written, the JSON the row keeps, and the <picture> readers get."""

import io

import pytest
from django.core.management import call_command
from django.template import engines
from PIL import Image as PILImage

from articles import images
from articles.images import crop_box, picture_tag, sized
from articles.models import Image
from articles.tasks import write_renditions
from articles.tests.builders import image_bytes, make_image, upload

pytestmark = pytest.mark.django_db

SIXTEEN_NINE, FOUR_THREE, SQUARE = (16, 9), (4, 3), (1, 1)


# Geometry ---------------------------------------------------------------------------------------------


def test_a_crop_centred_on_the_middle_cuts_both_sides_alike():
    assert crop_box(2400, 1600, SIXTEEN_NINE, 0.5, 0.5) == (0, 125, 2400, 1475)
    assert crop_box(2400, 1600, FOUR_THREE, 0.5, 0.5) == (134, 0, 2267, 1600)  # 2133 wide
    assert crop_box(2400, 1600, SQUARE, 0.5, 0.5) == (400, 0, 2000, 1600)


@pytest.mark.parametrize(
    ("focal", "square", "wide"),
    [
        ((0, 0), (0, 0, 1600, 1600), (0, 0, 2400, 1350)),
        ((1, 0), (800, 0, 2400, 1600), (0, 0, 2400, 1350)),
        ((0, 1), (0, 0, 1600, 1600), (0, 250, 2400, 1600)),
        ((1, 1), (800, 0, 2400, 1600), (0, 250, 2400, 1600)),
    ],
)
def test_a_focal_point_in_a_corner_moves_the_crop_to_the_edges_and_no_further(focal, square, wide):
    assert crop_box(2400, 1600, SQUARE, *focal) == square
    assert crop_box(2400, 1600, SIXTEEN_NINE, *focal) == wide


def test_a_focal_point_near_an_edge_centres_the_crop_on_it_as_far_as_the_edge_allows():
    # 0.4 of 2400 is 960: the 1600-wide square centred there starts at 160. Centred on 480 (0.2) it
    # would start at -320, so it starts at the edge.
    assert crop_box(2400, 1600, SQUARE, 0.4, 0.5) == (160, 0, 1760, 1600)
    assert crop_box(2400, 1600, SQUARE, 0.2, 0.5) == (0, 0, 1600, 1600)


def test_a_portrait_picture_is_cut_at_the_top_and_bottom():
    assert crop_box(1000, 1500, SIXTEEN_NINE, 0.5, 0.5) == (0, 469, 1000, 1031)
    assert crop_box(1000, 1500, SIXTEEN_NINE, 0.5, 0.1) == (0, 0, 1000, 562)
    assert crop_box(1000, 1500, SQUARE, 0.5, 0.9) == (0, 500, 1000, 1500)


def test_a_picture_smaller_than_the_widths_gets_crops_at_its_own_size_never_enlarged(media_root):
    image = make_image(file=upload(content=image_bytes(size=(300, 300))))

    assert [(r.width, r.height) for r in images.crops(image, "16:9")] == [(300, 169)]
    assert [(r.width, r.height) for r in images.crops(image, "4:3")] == [(300, 225)]
    assert [(r.width, r.height) for r in images.crops(image, "1:1")] == [(300, 300)]


# Formats ----------------------------------------------------------------------------------------------


def transparent_png(size=(800, 600)):
    picture = PILImage.new("RGBA", size, (0, 0, 0, 0))
    picture.paste((200, 30, 60, 255), (100, 100, 400, 400))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_picture_with_transparency_falls_back_to_png_instead_of_jpeg(media_root):
    image = make_image(file=upload("logo.png", transparent_png(), "image/png"))

    formats = [sorted(entry["files"]) for entry in image.stored_renditions["sets"]["original"]]
    assert formats == [["avif", "png", "webp"], ["avif", "png", "webp"]]
    assert [sorted(entry["files"]) for entry in image.stored_renditions["sets"]["1:1"]] == [["png"]]
    with PILImage.open(media_root / image.stored_renditions["sets"]["16:9"][0]["files"]["png"]) as picture:
        assert (picture.format, picture.mode, picture.getpixel((0, 0))) == ("PNG", "RGBA", (0, 0, 0, 0))


def test_an_opaque_png_falls_back_to_jpeg(media_root):
    image = make_image(file=upload("flat.png", image_bytes(size=(640, 360), image_format="PNG"), "image/png"))

    assert sorted(image.stored_renditions["sets"]["original"][0]["files"]) == ["avif", "jpeg", "webp"]


def test_without_avif_in_pillow_webp_and_jpeg_are_written(media_root, monkeypatch):
    # Pillow built without libavif answers False here; it is a library's build, not our code, that varies.
    monkeypatch.setattr(images.features, "check", lambda feature: feature != "avif")

    image = make_image()

    assert sorted(image.stored_renditions["sets"]["original"][0]["files"]) == ["jpeg", "webp"]
    assert "<source" in picture_tag(image, sizes="100vw")
    assert 'type="image/avif"' not in picture_tag(image, sizes="100vw")


# The row's JSON ---------------------------------------------------------------------------------------


def test_a_row_written_before_the_crops_is_read_as_its_webp_renditions_and_shows_them_as_before(media_root):
    image = make_image()
    webp = [
        {"name": entry["files"]["webp"], "width": entry["width"], "height": entry["height"]}
        for entry in image.stored_renditions["sets"]["original"]
    ]
    Image.objects.filter(pk=image.pk).update(stored_renditions=webp)
    old = Image.objects.get(pk=image.pk)

    assert [(r.url, r.width) for r in old.renditions] == [(f"/media/{r['name']}", r["width"]) for r in webp]
    assert images.crops(old, "16:9") == []
    assert images.outdated(old) == "all"
    assert picture_tag(old, sizes="100vw", shape="16:9") == (
        f'<img src="/media/{webp[1]["name"]}" srcset="/media/{webp[0]["name"]} 480w, /media/{webp[1]["name"]} 640w" '
        'sizes="100vw" width="640" height="360" alt="A red rectangle" loading="lazy" decoding="async">'
    )
    assert old.renditions_summary() == (
        "Ready: 2 sizes, 480 to 640 pixels wide, in WebP only and without crops: use “Write renditions again”."
    )


def test_writing_an_old_rows_renditions_again_gives_it_every_format_and_its_crops(media_root):
    image = make_image()
    webp = [
        {"name": entry["files"]["webp"], "width": entry["width"], "height": entry["height"]}
        for entry in image.stored_renditions["sets"]["original"]
    ]
    Image.objects.filter(pk=image.pk).update(stored_renditions=webp)

    assert write_renditions.call(image.pk, image.file.name) is True

    fresh = Image.objects.get(pk=image.pk)
    assert set(fresh.stored_renditions["sets"]) == {"original", "16:9", "4:3", "1:1"}
    assert images.outdated(fresh) is None
    for entry in webp:  # the WebP files kept their names, and are still there
        assert (media_root / entry["name"]).exists()


# The <picture> ----------------------------------------------------------------------------------------


def test_a_list_card_gets_a_picture_of_the_16_9_crop_with_avif_webp_and_a_lazy_jpeg(media_root):
    image = make_image(alt_text="Shah Rukh Khan <waves>", file=upload("srk.jpg", image_bytes(size=(1000, 800))))
    stem = image.file.name.removeprefix("originals/").removesuffix(".jpg")
    crop = f"/media/renditions/{stem}-16x9-5000-5000"

    html = (
        engines["jinja2"]
        .from_string('{{ picture(image, sizes="(min-width: 48rem) 20rem, 100vw", shape="16:9") }}')
        .render({"image": image})
    )

    assert html == (
        "<picture>"
        f'<source type="image/avif" srcset="{crop}-480w.avif 480w, {crop}-800w.avif 800w, {crop}-1000w.avif 1000w" '
        'sizes="(min-width: 48rem) 20rem, 100vw">'
        f'<source type="image/webp" srcset="{crop}-480w.webp 480w, {crop}-800w.webp 800w, {crop}-1000w.webp 1000w" '
        'sizes="(min-width: 48rem) 20rem, 100vw">'
        f'<img src="{crop}-800w.jpg" srcset="{crop}-480w.jpg 480w, {crop}-800w.jpg 800w, {crop}-1000w.jpg 1000w" '
        'sizes="(min-width: 48rem) 20rem, 100vw" width="800" height="450" alt="Shah Rukh Khan &lt;waves&gt;" '
        'loading="lazy" decoding="async">'
        "</picture>"
    )


def test_the_hero_keeps_the_pictures_own_shape_and_is_fetched_first(media_root):
    image = make_image(file=upload("srk.jpg", image_bytes(size=(1000, 800))))
    own = f"/media/renditions/{image.file.name.removeprefix('originals/').removesuffix('.jpg')}"

    html = picture_tag(image, sizes="100vw", eager=True)

    assert html.endswith(
        f'<img src="{own}-800w.jpg" srcset="{own}-480w.jpg 480w, {own}-800w.jpg 800w, {own}-1000w.jpg 1000w" '
        'sizes="100vw" width="800" height="640" alt="A red rectangle" fetchpriority="high" decoding="async">'
        "</picture>"
    )
    assert html.startswith(f'<picture><source type="image/avif" srcset="{own}-480w.avif 480w, ')


def test_until_the_crops_are_written_a_card_shows_the_original_as_today(media_root):
    image = make_image(renditions=False)

    assert picture_tag(image, sizes="100vw", shape="16:9") == (
        f'<img src="{image.file.url}" width="640" height="360" alt="A red rectangle" loading="lazy" decoding="async">'
    )


def test_every_written_file_is_served_as_its_format(client, media_root):
    (smallest, *_) = sized(make_image())

    assert [client.get(smallest.urls[fmt])["Content-Type"] for fmt in ("avif", "webp", "jpeg")] == [
        "image/avif",
        "image/webp",
        "image/jpeg",
    ]


def test_write_renditions_outdated_rewrites_the_pictures_written_before_the_crops_and_only_those(media_root):
    old, current = make_image(), make_image()
    webp = [
        {"name": entry["files"]["webp"], "width": entry["width"], "height": entry["height"]}
        for entry in old.stored_renditions["sets"]["original"]
    ]
    Image.objects.filter(pk=old.pk).update(stored_renditions=webp)

    plain, outdated = io.StringIO(), io.StringIO()
    call_command("write_renditions", stdout=plain)
    call_command("write_renditions", "--outdated", stdout=outdated)

    assert plain.getvalue() == "0 pictures: 0 written, 0 failed, 0 done meanwhile.\n"
    assert outdated.getvalue() == "1 picture: 1 written, 0 failed, 0 done meanwhile.\n"
    assert images.outdated(Image.objects.get(pk=old.pk)) is None
    assert Image.objects.get(pk=current.pk).stored_renditions == current.stored_renditions
