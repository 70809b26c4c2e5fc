"""An upload is all or nothing: a full or unwritable media folder is a form error, never half a picture."""

import errno
import os

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import DatabaseError, transaction

from articles.models import Image
from articles.tasks import write_renditions
from articles.tests.builders import make_image, upload
from newsroom.unavailable import DISK_MESSAGE

pytestmark = pytest.mark.django_db

FULL = (
    "The picture could not be saved: the media folder is full. Nothing was stored; please tell whoever runs the site."
)
NOT_WRITABLE = (
    "The picture could not be saved: the media folder is not writable. Nothing was stored; please tell whoever "
    "runs the site."
)


class RefusingStorage(FileSystemStorage):
    """The media folder as a disk that refuses files under `refused_under` with `error`, after `allowed` of them.

    A file it refuses is written half first, as a disk that fills mid-write leaves it.
    """

    refused_under = "renditions/"
    error = errno.ENOSPC
    allowed = 0
    saved = 0

    def _save(self, name, content):
        if name.startswith(self.refused_under):
            if RefusingStorage.saved >= self.allowed:
                os.makedirs(os.path.dirname(self.path(name)), exist_ok=True)
                with open(self.path(name), "wb") as half:
                    half.write(content.read()[: max(1, content.size // 2)])
                raise OSError(self.error, os.strerror(self.error))
            RefusingStorage.saved += 1
        return super()._save(name, content)


class FullRenditionsStorage(RefusingStorage):
    pass


class UnwritableRenditionsStorage(RefusingStorage):
    error = errno.EACCES


class FullOriginalsStorage(RefusingStorage):
    refused_under = "originals/"


class FullAfterTheCheckStorage(RefusingStorage):
    refused_under = "originals/2"  # the original itself (originals/%Y/%m/), not the form's check beside it


class FillsUpDuringRenditionsStorage(RefusingStorage):
    allowed = 3


@pytest.fixture
def media_storage(settings):
    def use(storage_class):
        RefusingStorage.saved = 0
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": f"{__name__}.{storage_class.__name__}"},
        }

    return use


def files_under(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def upload_form(**fields):
    data = {"file": upload(), "alt_text": "The lead at the premiere", "caption": "", "credit": "Newsroom"}
    return {**data, "focal_x": "0.5", "focal_y": "0.5", **fields}


@pytest.mark.parametrize(
    ("storage_class", "message"),
    [(FullRenditionsStorage, FULL), (UnwritableRenditionsStorage, NOT_WRITABLE), (FullOriginalsStorage, FULL)],
)
def test_an_upload_the_media_folder_cannot_take_is_a_form_error_and_stores_nothing(
    admin_client, media_storage, media_root, storage_class, message
):
    media_storage(storage_class)

    response = admin_client.post("/admin/articles/image/add/", upload_form())

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"file": [message]}
    assert 'value="The lead at the premiere"' in response.text  # the rest of the form kept
    assert Image.objects.count() == 0
    assert files_under(media_root) == []


def test_a_disk_that_fills_up_between_the_check_and_the_save_is_a_503_and_stores_nothing(
    admin_client, media_storage, media_root
):
    media_storage(FullAfterTheCheckStorage)

    response = admin_client.post("/admin/articles/image/add/", upload_form())

    assert response.status_code == 503
    assert DISK_MESSAGE in response.text
    assert Image.objects.count() == 0
    assert files_under(media_root) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder: run as another user")
def test_an_upload_into_a_read_only_renditions_folder_is_a_form_error_and_stores_nothing(admin_client, media_root):
    (media_root / "renditions").mkdir(parents=True)
    os.chmod(media_root / "renditions", 0o500)
    try:
        response = admin_client.post("/admin/articles/image/add/", upload_form())
    finally:
        os.chmod(media_root / "renditions", 0o700)

    assert response.context["adminform"].form.errors == {"file": [NOT_WRITABLE]}
    assert Image.objects.count() == 0
    assert files_under(media_root) == []


def test_an_original_the_disk_fills_up_during_leaves_no_half_written_file(media_storage, media_root):
    media_storage(FullOriginalsStorage)

    with pytest.raises(OSError, match="No space left on device"):
        Image.objects.create(file=upload(), alt_text="Half a picture")

    assert Image.objects.count() == 0
    assert files_under(media_root) == []


def test_an_original_whose_row_the_database_refuses_is_removed_again(media_root, refuse_writes):
    refuse_writes()

    with pytest.raises(DatabaseError), transaction.atomic():  # as the admin saves
        Image.objects.create(file=upload(), alt_text="No row for it")

    assert files_under(media_root) == []


def test_renditions_the_disk_fills_up_during_are_all_removed_and_the_error_kept_for_the_editor(
    media_storage, media_root, database_tasks, run_tasks
):
    image = make_image(renditions=False)
    media_storage(FillsUpDuringRenditionsStorage)

    result = write_renditions.enqueue(image.pk, image.file.name)
    run_tasks()  # the database backend on both legs: its result can be read back

    result.refresh()
    image.refresh_from_db()
    assert result.status == "FAILED"
    assert (image.renditions_status, image.renditions_error) == (
        Image.RenditionStatus.FAILED,
        "OSError: [Errno 28] No space left on device",
    )
    assert files_under(media_root) == [image.file.name]  # the original, which readers are served meanwhile
