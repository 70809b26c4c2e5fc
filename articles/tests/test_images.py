import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image as PILImage

from articles.images import sized, validate_image_file
from articles.models import Image
from articles.tests.builders import image_bytes, make_image, upload

pytestmark = pytest.mark.django_db


def exif_with_location():
    exif = PILImage.Exif()
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (19.0, 4.0, 0.0), 3: "E", 4: (72.0, 52.0, 0.0)})
    exif[0x8825] = gps
    exif[0x010F] = "PhoneMaker"
    return exif


def test_an_upload_is_stored_without_exif_and_resized_into_avif_webp_and_jpeg_renditions(media_root):
    content = image_bytes(size=(2000, 1000), exif=exif_with_location())
    assert PILImage.open(io.BytesIO(content)).getexif()  # the fixture really carries EXIF

    image = make_image(file=upload(content=content))

    with PILImage.open(image.file.path) as stored:
        assert not stored.getexif()
        assert "exif" not in stored.info
    assert [(r.width, r.height) for r in image.renditions] == [(480, 240), (800, 400), (1200, 600), (1600, 800)]
    for size in sized(image):
        for fmt, image_format in (("avif", "AVIF"), ("webp", "WEBP"), ("jpeg", "JPEG")):
            with PILImage.open(media_root / size.urls[fmt].removeprefix("/media/")) as picture:
                assert (picture.format, picture.size, picture.getexif()) == (
                    image_format,
                    (size.width, size.height),
                    {},
                )


def test_a_small_picture_is_never_enlarged(media_root):
    image = make_image(file=upload(content=image_bytes(size=(600, 400))))

    assert [(r.width, r.height) for r in image.renditions] == [(480, 320), (600, 400)]
    assert image.default_rendition.width == 600


def check(content, name="upload.jpg"):
    file = upload(name=name, content=content)
    validate_image_file(file)


def test_a_file_that_is_not_a_picture_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError, match="not a picture we can read"):
        check(b"%PDF-1.4 this is a document", name="report.jpg")


def test_a_truncated_picture_is_refused():
    with pytest.raises(ValidationError, match="not a picture we can read"):
        check(image_bytes()[:200])


def test_a_picture_over_the_byte_limit_is_refused(settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 1000

    with pytest.raises(ValidationError, match="the limit is 1000"):
        check(image_bytes(size=(800, 800)))


def test_a_decompression_bomb_is_refused_before_it_is_decoded(settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    # A 2000×2000 single-colour PNG is a few kilobytes on disk and 4 million pixels decoded.
    bomb = image_bytes(size=(2000, 2000), image_format="PNG")
    assert len(bomb) < 50_000

    with pytest.raises(ValidationError, match="2000 × 2000 pixels, more than the 1 million"):
        check(bomb, name="bomb.png")


def test_an_unsupported_picture_format_is_refused():
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 20)).save(buffer, format="BMP")

    with pytest.raises(ValidationError, match="BMP pictures are not accepted"):
        check(buffer.getvalue(), name="old.bmp")


def test_the_model_form_reports_a_bad_upload_on_the_file_field():
    from django.forms import modelform_factory

    form_class = modelform_factory(Image, fields=["file", "alt_text"])
    form = form_class(data={"alt_text": "x"}, files={"file": upload(name="x.jpg", content=b"not an image")})

    assert not form.is_valid()
    assert list(form.errors) == ["file"]
