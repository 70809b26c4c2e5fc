"""A picture's renditions and crops: written by a task after the upload commits, the original shown until then.

Inside a test's transaction nothing commits, so a picture made with `make_image(renditions=False)` stays
as a reader finds it between the upload and the worker's run; `run_tasks()` after the commit callbacks
runs what the worker would.
"""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image as PILImage

from articles.models import Article, Image
from articles.tasks import write_renditions
from articles.tests.builders import image_bytes, make_article, make_image, upload

pytestmark = pytest.mark.django_db


def img_tags(html):
    return re.findall(r"<img [^>]*>", html)


def test_an_upload_leaves_its_renditions_to_a_task_queued_after_the_commit(
    media_root, database_tasks, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = make_image(renditions=False, file=upload(content=image_bytes(size=(2000, 1000))))

    queued = DBTaskResult.objects.get()
    assert (image.renditions_status, image.stored_renditions) == ("pending", [])
    assert (queued.task_path, queued.args_kwargs) == (
        "articles.tasks.write_renditions",
        {"args": [image.pk, image.file.name], "kwargs": {}},
    )
    assert not (media_root / "renditions").exists()  # nothing was resized inside the editor's request

    assert run_tasks() == 1

    image = Image.objects.get(pk=image.pk)
    stem = image.file.name.removeprefix("originals/").removesuffix(".jpg")
    every_format = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}

    def files(name, formats=every_format):
        return {fmt: f"renditions/{stem}{name}.{extension}" for fmt, extension in formats.items()}

    assert image.renditions_status == "ready"
    assert image.stored_renditions == {
        "focal": [0.5, 0.5],
        "sets": {
            "original": [
                {"width": width, "height": width // 2, "files": files(f"-{width}w")} for width in (480, 800, 1200, 1600)
            ],
            "16:9": [
                {"width": width, "height": width * 9 // 16, "files": files(f"-16x9-5000-5000-{width}w")}
                for width in (480, 800, 1200, 1600)
            ],
            "4:3": [{"width": 1200, "height": 900, "files": files("-4x3-5000-5000-1200w", {"jpeg": "jpg"})}],
            "1:1": [{"width": 1000, "height": 1000, "files": files("-1x1-5000-5000-1000w", {"jpeg": "jpg"})}],
        },
    }
    written = {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG"}
    for entries in image.stored_renditions["sets"].values():
        for entry in entries:
            for fmt, name in entry["files"].items():
                with PILImage.open(media_root / name) as picture:
                    assert (picture.format, picture.size) == (written[fmt], (entry["width"], entry["height"]))
    assert len(list((media_root / "renditions").rglob("*.*"))) == 26


def test_readers_get_the_original_picture_while_its_renditions_are_written(client):
    image = make_image(renditions=False, alt_text="Alia Bhatt at the premiere")
    article = make_article(hero_image=image, body=f"First paragraph.\n\n![The red carpet](image:{image.pk})")

    html = client.get(article.get_absolute_url()).content.decode()
    listing = client.get(article.section.get_absolute_url()).content.decode()

    original = image.file.url
    assert original.startswith("/media/originals/")
    assert (
        f'<img src="{original}" width="640" height="360" alt="Alia Bhatt at the premiere" fetchpriority="high" '
        'decoding="async">'
    ) in img_tags(html)
    assert f'<img src="{original}" width="640" height="360" alt="The red carpet" loading="lazy" decoding="async">' in (
        article.body_html
    )
    assert f'<img src="{original}" width="640" height="360" alt="Alia Bhatt at the premiere"' in listing
    assert "srcset" not in html
    picture = client.get(original)
    assert (picture.status_code, picture["Content-Type"]) == (200, "image/jpeg")


def test_the_renditions_replace_the_original_in_pages_and_in_bodies_saved_meanwhile(
    django_capture_on_commit_callbacks, run_tasks
):
    image = make_image(renditions=False)
    showing = make_article(body=f"Before.\n\n![The red carpet](image:{image.pk})\n\nAfter.")
    other = make_article(body=f"![Another](image:{image.pk}0)")  # a number that starts with the same digits
    saved_at = Article.objects.get(pk=showing.pk).modified_at
    other_html = other.body_html

    with django_capture_on_commit_callbacks(execute=True):
        write_renditions.enqueue(image.pk, image.file.name)
    run_tasks()

    image = Image.objects.get(pk=image.pk)
    showing.refresh_from_db()
    srcset = ", ".join(f"{r.url} {r.width}w" for r in image.renditions)
    assert f'srcset="{srcset}"' in showing.body_html
    assert image.file.url not in showing.body_html
    assert showing.modified_at > saved_at
    assert Article.objects.get(pk=other.pk).body_html == other_html


def test_a_task_for_a_file_the_picture_no_longer_has_or_already_written_does_nothing(media_root):
    image = make_image()
    first_file = image.file.name
    written = list((media_root / "renditions").rglob("*.webp"))

    assert write_renditions.call(image.pk, image.file.name) is False  # written already
    image.file = upload(name="replacement.jpg", content=image_bytes(size=(900, 600)))
    image.save()
    assert write_renditions.call(image.pk, first_file) is False  # the old file's task, run late
    assert write_renditions.call(image.pk + 1000, first_file) is False  # deleted since

    assert Image.objects.get(pk=image.pk).renditions_status == "pending"
    assert sorted((media_root / "renditions").rglob("*.webp")) == sorted(written)


def test_a_failure_is_kept_for_the_editor_and_tried_again_later(media_root, database_tasks, run_tasks, admin_client):
    image = make_image(renditions=False)
    original = media_root / image.file.name
    kept = original.read_bytes()
    original.unlink()  # as on a second server that does not share the first one's media folder
    write_renditions.enqueue(image.pk, image.file.name)

    assert run_tasks() == 1

    image = Image.objects.get(pk=image.pk)
    retry = DBTaskResult.objects.get(status="READY")
    assert (image.renditions_status, image.renditions_failures) == ("failed", 1)
    assert image.renditions_error.startswith("FileNotFoundError: [Errno 2] No such file or directory: ")
    assert image.renditions_retry_at - timezone.now() <= timedelta(minutes=1)
    assert (retry.run_after, retry.args_kwargs["kwargs"]) == (image.renditions_retry_at, {"retry": True})
    page = admin_client.get(reverse("admin:articles_image_change", args=[image.pk])).content.decode()
    when = timezone.localtime(image.renditions_retry_at).strftime("%H:%M, %-d %B")
    assert f"Failed: readers get the original picture. We will try again after {when}." in page
    assert "<summary>Technical details</summary><code>FileNotFoundError: [Errno 2] No such file" in page

    original.write_bytes(kept)
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    Image.objects.filter(pk=image.pk).update(renditions_retry_at=timezone.now())
    assert run_tasks() == 1

    image = Image.objects.get(pk=image.pk)
    assert (image.renditions_status, image.renditions_error, image.renditions_failures) == ("ready", "", 0)
    assert [r.width for r in image.renditions] == [480, 640]


def test_the_image_page_says_when_the_renditions_are_still_being_written_or_ready(admin_client):
    pending = make_image(renditions=False)
    ready = make_image()

    def shown(image):
        html = admin_client.get(reverse("admin:articles_image_change", args=[image.pk])).content.decode()
        return re.search(r'<div class="readonly">((?:Being|Ready)[^<]*)</div>', html)[1]

    assert shown(pending) == "Being written: readers get the original picture until the resized copies are ready."
    assert (
        shown(ready) == "Ready: 2 sizes, 480 to 640 pixels wide, and the crops 16:9, 4:3, 1:1 around the focal point."
    )


def test_an_editor_asks_for_failed_renditions_again(admin_client, django_capture_on_commit_callbacks, run_tasks):
    image = make_image(renditions=False)
    Image.objects.filter(pk=image.pk).update(renditions_status="failed", renditions_error="MemoryError: ")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:articles_image_changelist"),
            {"action": "write_renditions_again", "_selected_action": [image.pk]},
            follow=True,
        )
    run_tasks()

    assert "1 image queued for new renditions." in response.content.decode()
    assert Image.objects.get(pk=image.pk).renditions_status == "ready"


def test_write_renditions_takes_up_what_a_lost_task_left_and_failures_that_are_due(media_root):
    lost = make_image(renditions=False)
    due = make_image(renditions=False)
    later = make_image(renditions=False)
    Image.objects.filter(pk=due.pk).update(renditions_status="failed", renditions_retry_at=timezone.now())
    Image.objects.filter(pk=later.pk).update(
        renditions_status="failed", renditions_retry_at=timezone.now() + timedelta(minutes=5)
    )

    out = io.StringIO()
    call_command("write_renditions", stdout=out)

    assert out.getvalue() == "2 pictures: 2 written, 0 failed, 0 done meanwhile.\n"
    statuses = dict(Image.objects.values_list("pk", "renditions_status"))
    assert statuses == {lost.pk: "ready", due.pk: "ready", later.pk: "failed"}


def test_addresses_come_from_the_storage_so_media_can_live_elsewhere(settings, media_root):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media_root), "base_url": "https://media.example.net/newsroom/"},
        },
    }
    image = make_image()

    assert [r.url for r in image.renditions] == [
        f"https://media.example.net/newsroom/{entry['files']['jpeg']}"
        for entry in image.stored_renditions["sets"]["original"]
    ]
    assert image.default_rendition.url.startswith("https://media.example.net/newsroom/renditions/")


def test_remembered_addresses_follow_a_change_of_the_media_address(settings):
    image = make_image()
    assert image.renditions[0].url.startswith("/media/renditions/")

    settings.MEDIA_URL = "https://cdn.example/media/"

    assert Image.objects.get(pk=image.pk).renditions[0].url.startswith("https://cdn.example/media/renditions/")
