"""The focal point an editor sets on a picture: the admin form, the task it queues, the crops it rewrites."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles import images
from articles.models import Image
from articles.services import record_renditions
from articles.tests.builders import image_bytes, make_article, make_image, upload

pytestmark = pytest.mark.django_db


def change_url(image):
    return reverse("admin:articles_image_change", args=[image.pk])


def form_data(image, **changes):
    data = {
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "focal_x": image.focal_x,
        "focal_y": image.focal_y,
    }
    return {**data, **changes}


def test_a_picture_is_centred_by_default():
    image = make_image(renditions=False)

    assert (image.focal_x, image.focal_y) == (0.5, 0.5)


def test_the_change_form_shows_the_picture_to_click_its_marker_and_three_crop_previews(admin_client, media_root):
    image = make_image(alt_text="Deepika at Cannes")

    html = admin_client.get(change_url(image)).content.decode()

    assert '<div class="focal-point" data-focal-point data-original="' in html
    assert 'data-width="640" data-height="360"' in html
    assert (
        '<button type="button" class="focal-point__marker" hidden '
        'aria-label="Focal point: use the arrow keys to move it" aria-describedby="focal-point-hint"></button>'
    ) in html
    assert re.findall(r'data-shape="([^"]+)"', html) == ["16:9", "4:3", "1:1"]
    assert '<input type="number" name="focal_x" value="0.5" step="0.001" min="0" max="1"' in html
    assert "/static/articles/admin/focal_point.js" in html
    assert "style=" not in html.split('<div class="focal-point"')[1].split("</fieldset>")[0]


def test_saving_a_new_focal_point_keeps_it_and_rewrites_only_the_crops(admin_client, media_root, commit):
    image = make_image(file=upload(content=image_bytes(size=(1000, 800))))
    before = image.stored_renditions
    old_crops = images.stored_names(before) - {
        name for entry in before["sets"]["original"] for name in entry["files"].values()
    }

    with commit():
        response = admin_client.post(change_url(image), form_data(image, focal_x="0.25", focal_y="0.1"))

    assert response.status_code == 302
    image = Image.objects.get(pk=image.pk)
    assert (image.focal_x, image.focal_y, image.renditions_status) == (0.25, 0.1, "ready")
    assert image.stored_renditions["focal"] == [0.25, 0.1]
    assert image.stored_renditions["sets"]["original"] == before["sets"]["original"]
    assert [entry["files"]["jpeg"].split("-16x9-")[1] for entry in image.stored_renditions["sets"]["16:9"]] == [
        "2500-1000-480w.jpg",
        "2500-1000-800w.jpg",
        "2500-1000-1000w.jpg",
    ]
    # The crops of the old focal point belong to no row any more: gone. The picture's own shape stays.
    assert [name for name in old_crops if (media_root / name).exists()] == []
    assert all((media_root / name).exists() for name in images.stored_names(image.stored_renditions))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("focal_x", "1.5", "Choose a point inside the picture: 1 is its right edge, no more."),
        ("focal_x", "-0.1", "Choose a point inside the picture: 0 is its left edge, no less."),
        ("focal_y", "2", "Choose a point inside the picture: 1 is its bottom edge, no more."),
    ],
)
def test_a_focal_point_outside_the_picture_is_refused_with_a_clear_message_and_the_form_kept(
    admin_client, field, value, message
):
    image = make_image(alt_text="Before")

    response = admin_client.post(change_url(image), form_data(image, alt_text="Typed meanwhile", **{field: value}))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {field: [message]}
    html = response.content.decode()
    assert 'value="Typed meanwhile"' in html
    assert f'name="{field}" value="{value}"' in html
    assert Image.objects.get(pk=image.pk).alt_text == "Before"


def test_the_database_refuses_a_focal_point_outside_the_picture():
    image = make_image(renditions=False)
    image.focal_x = 1.01

    with pytest.raises(ValidationError) as refused:
        image.validate_constraints()
    assert refused.value.messages == ["The focal point must be inside the picture: both numbers from 0 to 1."]
    with pytest.raises(IntegrityError):
        Image.objects.filter(pk=image.pk).update(focal_y=-1)


def test_the_task_is_queued_when_the_file_or_the_focal_point_changes_and_never_otherwise(
    database_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = make_image(renditions=False)
    assert DBTaskResult.objects.count() == 1

    image = Image.objects.get(pk=image.pk)
    with django_capture_on_commit_callbacks(execute=True):
        image.alt_text, image.caption = "A new description", "A new caption"
        image.save()
        image.focal_x = 0.5  # the same point, typed again
        image.save()
    assert DBTaskResult.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        image.focal_y = 0.3
        image.save()
        image.save()  # saved again with the point it now has: nothing more to write
    assert DBTaskResult.objects.count() == 2
    assert DBTaskResult.objects.order_by("enqueued_at").last().args_kwargs == {
        "args": [image.pk, image.file.name],
        "kwargs": {},
    }

    with django_capture_on_commit_callbacks(execute=True):
        image.file = upload(content=image_bytes(size=(500, 500)))
        image.save()
    assert DBTaskResult.objects.count() == 3


def test_crops_written_for_a_focal_point_the_editor_has_moved_since_are_deleted_and_not_kept(media_root):
    image = make_image(file=upload(content=image_bytes(size=(1000, 800))))
    before = image.stored_renditions
    image.focal_x = 0.3  # the point the task was queued for
    written = images.write_renditions(image, crops_only=True)
    Image.objects.filter(pk=image.pk).update(focal_x=0.9)  # and the editor's save since

    assert record_renditions(image, written) is False

    assert Image.objects.get(pk=image.pk).stored_renditions == before
    new_crops = images.stored_names(written) - images.stored_names(before)
    assert len(new_crops) == 3 * 3 + 2  # 16:9 at 480, 800 and 1000 in three formats, 4:3 and 1:1 in one
    assert [name for name in new_crops if (media_root / name).exists()] == []
    assert all((media_root / name).exists() for name in images.stored_names(before))


def test_social_cards_and_structured_data_follow_the_focal_point(client, settings, media_root):
    settings.SITE_URL = "https://news.example.com"
    hero = make_image(file=upload(content=image_bytes(size=(2400, 1600))), focal_x=0.2, focal_y=0.3)
    article = make_article(hero_image=hero)

    html = client.get(article.get_absolute_url()).content.decode()

    crop = f"https://news.example.com/media/renditions/{hero.file.name.removeprefix('originals/')[:-4]}"
    assert (
        f'<meta property="og:image" content="{crop}-16x9-2000-3000-1200w.jpg">'
        '<meta property="og:image:width" content="1200"><meta property="og:image:height" content="675">'
    ) in html
    assert (
        f'"image":[{{"@type":"ImageObject","url":"{crop}-16x9-2000-3000-1600w.jpg","width":1600,"height":900}},'
        f'{{"@type":"ImageObject","url":"{crop}-4x3-2000-3000-1200w.jpg","width":1200,"height":900}},'
        f'{{"@type":"ImageObject","url":"{crop}-1x1-2000-3000-1200w.jpg","width":1200,"height":1200}}]'
    ) in html
