"""Small builders for tests: each makes a valid object, and any field can be given."""

import io
from datetime import timedelta
from itertools import count

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Article, Author, Image, Section, Tag
from articles.tasks import write_renditions

sequence = count(1)


def image_bytes(size=(640, 360), color=(200, 30, 60), image_format="JPEG", **save_options):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, format=image_format, **save_options)
    return buffer.getvalue()


def upload(name="picture.jpg", content=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, image_bytes() if content is None else content, content_type=content_type)


def make_image(*, renditions=True, **kwargs):
    """A library picture with its renditions written, as it is a moment after its upload.

    `renditions=False` leaves them pending, as they are until the background task has run.
    """
    kwargs.setdefault("file", upload())
    kwargs.setdefault("alt_text", "A red rectangle")
    kwargs.setdefault("credit", "Newsroom")
    image = Image.objects.create(**kwargs)
    if renditions:
        write_renditions.call(image.pk, image.file.name)
        return Image.objects.get(pk=image.pk)
    return image


def make_named(model, label, **kwargs):
    """A `model` row with a name and a slug of its own, e.g. "Section 7" and "section-7"."""
    n = next(sequence)
    kwargs.setdefault("name", f"{label} {n}")
    kwargs.setdefault("slug", f"{label.lower()}-{n}")
    return model.objects.create(**kwargs)


def make_section(**kwargs):
    return make_named(Section, "Section", **kwargs)


def make_author(**kwargs):
    return make_named(Author, "Author", **kwargs)


def make_tag(**kwargs):
    return make_named(Tag, "Tag", **kwargs)


def make_staff(role, **kwargs):
    """A staff account in group `role` ("Writer", "Editor", "Moderator"), the group brought to its permissions."""
    from articles.roles import declared_roles, sync_role

    n = next(sequence)
    kwargs.setdefault("username", f"{role.lower()}{n}")
    user = get_user_model().objects.create_user(is_staff=True, password="password", **kwargs)
    user.groups.add(sync_role(role, declared_roles()[role])[0])
    return user


def make_ready_article(**kwargs):
    """An article with everything a live story needs (a hero picture with its description and credit)."""
    kwargs.setdefault("hero_image", make_image())
    return make_article(**kwargs)


def make_article(*, authors=(), tags=(), **kwargs):
    """A published article, due an hour ago, unless told otherwise; a time to come makes it scheduled."""
    n = next(sequence)
    kwargs.setdefault("headline", f"Story number {n}")
    kwargs.setdefault("body", "The first paragraph.\n\nThe second paragraph.")
    kwargs.setdefault("published_at", timezone.now() - timedelta(hours=1))
    due = kwargs["published_at"] is None or kwargs["published_at"] <= timezone.now()
    kwargs.setdefault("status", Article.Status.PUBLISHED if due else Article.Status.SCHEDULED)
    if "section" not in kwargs:
        kwargs["section"] = make_section()
    article = Article.objects.create(**kwargs)
    article.authors.set(authors)
    article.tags.set(tags)
    return article


def article_admin_form(section, **overrides):
    """The POST data of the admin's article form: a story saved as it is (a new one stays a draft), with any
    field overridden; `workflow="published"` and a hero picture publish it."""
    data = {
        "headline": "Alia Bhatt announces her next film",
        "slug": "alia-bhatt-announces-her-next-film",
        "standfirst": "The actor shared the news on Instagram.",
        "section": section.pk,
        "body": "She wrote:\n\n> Something new is coming.",
        "workflow": "",
        "send_back_note": "",
        "schedule_at_0": "",
        "schedule_at_1": "",
        "updated_at_0": "",
        "updated_at_1": "",
        "comments_open": "on",
        "comment_prompt": "",
        # The corrections and updates inline (on the change form of a live story), with no note added.
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data
