"""
Uploaded pictures: validation, metadata stripping and resized renditions.

An upload is checked before Pillow decodes it (bytes, format, pixel count: a small PNG can unpack to
gigabytes), then re-encoded without its metadata, so EXIF location data never reaches readers. Readers
get WebP renditions at a few widths, named after the original so that a new file gets new URLs and
far-future caching stays correct. They are written once per file by a background task after the upload
commits (articles/tasks.py: seconds of CPU for a large picture), stored through the file's storage, and
the Image row keeps each one's storage name and size: every address comes from `storage.url()`, so media
can live on a CDN or an object store. Until a picture's renditions exist, readers get its original.
"""

import io
import posixpath
from functools import lru_cache
from pathlib import PurePosixPath
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from PIL import Image as PILImage
from PIL import ImageOps

ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


class Rendition(NamedTuple):
    url: str
    width: int
    height: int


def validate_image_file(file):
    """Reject anything that is not a reasonably sized JPEG, PNG, WebP or GIF, with a message saying why."""
    if file.size > settings.IMAGE_MAX_UPLOAD_BYTES:
        raise ValidationError(
            "This file is %(size)s; the limit is %(limit)s. Export a smaller version and upload that.",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(settings.IMAGE_MAX_UPLOAD_BYTES),
            },
            code="too_large",
        )
    file.seek(0)
    try:
        # open() reads only the header; nothing is decoded until the checks below have passed.
        with PILImage.open(file) as picture:
            image_format, (width, height) = picture.format, picture.size
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise ValidationError(
                    "This picture is %(width)s × %(height)s pixels, more than the %(limit)s million "
                    "pixels allowed. Resize it and upload it again.",
                    params={"width": width, "height": height, "limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
                    code="too_many_pixels",
                )
            picture.verify()
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as exc:
        raise ValidationError(
            "This file is not a picture we can read. Upload a JPEG, PNG, WebP or GIF image.", code="invalid_image"
        ) from exc
    finally:
        file.seek(0)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            "%(format)s pictures are not accepted. Upload a JPEG, PNG, WebP or GIF image.",
            params={"format": image_format},
            code="invalid_format",
        )


def clean_upload(field_file):
    """The same picture, upright, re-encoded without EXIF, XMP or any other metadata."""
    field_file.seek(0)
    with PILImage.open(field_file) as picture:
        image_format = picture.format
        upright = ImageOps.exif_transpose(picture)
        if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        buffer = io.BytesIO()
        options = {"quality": 90, "optimize": True} if image_format in ("JPEG", "WEBP") else {}
        # No exif= or icc_profile= argument: Pillow writes none of the original's metadata.
        upright.save(buffer, format=image_format, **options)
    name = PurePosixPath(field_file.name).with_suffix("." + ACCEPTED_FORMATS[image_format]).name
    return ContentFile(buffer.getvalue(), name=name)


def rendition_widths(width):
    widths = [w for w in settings.IMAGE_RENDITION_WIDTHS if w < width]
    if width <= settings.IMAGE_RENDITION_WIDTHS[-1]:
        widths.append(width)
    return widths or [settings.IMAGE_RENDITION_WIDTHS[-1]]


def rendition_name(original_name, width):
    stem = posixpath.splitext(original_name)[0].removeprefix("originals/")
    return f"renditions/{stem}-{width}w.webp"


def renditions(image):
    """Addresses and sizes of the renditions written for an image, from its row alone."""
    if not image.file:
        return []
    storage = image.file.storage
    return [Rendition(address(storage, r["name"]), r["width"], r["height"]) for r in image.stored_renditions]


@lru_cache(maxsize=8192)
def address(storage, name):
    """`storage.url(name)`, remembered. FileSystemStorage.url() quotes and joins (about 9 µs), and a home page
    asks for some 200 addresses: 5 ms of its 31 ms of CPU. An address depends on the name and the storage's
    settings only (public, stable addresses are a requirement anyway: bodies keep theirs, docs/decisions.md),
    so it is remembered until those settings change. 8,192 addresses are about 2,000 pictures, a few MB."""
    return storage.url(name)


@receiver(setting_changed)
def forget_addresses(*, setting, **kwargs):
    if setting in {"STORAGES", "MEDIA_URL", "MEDIA_ROOT"}:
        address.cache_clear()


def original(image):
    """The picture itself, as uploaded (metadata stripped): what readers get until its renditions exist."""
    return Rendition(image.file.url, image.width, image.height)


def default_rendition(image):
    """The rendition for browsers that ignore srcset, and for social previews: about 800 pixels wide.

    Until the renditions are written (or when writing them failed), the original: readers never get a
    broken picture, only a heavier one for the few seconds the worker takes.
    """
    if not image.file or not image.width:
        return None
    available = renditions(image)
    if not available:
        return original(image)
    return min(available, key=lambda r: abs(r.width - 800))


def picture_tag(image, *, sizes, alt=None, eager=False):
    """The <img> of an image's renditions, sized so that nothing shifts while it loads.

    `eager` is for the one picture at the top of a page: fetched first instead of lazily. Without
    renditions yet, the original alone, at its own size (the page's CSS scales it like a rendition).
    """
    rendition = image.default_rendition
    loading = ("fetchpriority", "high") if eager else ("loading", "lazy")
    if not image.renditions:
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" {}="{}" decoding="async">',
            rendition.url,
            rendition.width,
            rendition.height,
            image.alt_text if alt is None else alt,
            *loading,
        )
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" {}="{}" decoding="async">',
        rendition.url,
        ", ".join(f"{r.url} {r.width}w" for r in image.renditions),
        sizes,
        rendition.width,
        rendition.height,
        image.alt_text if alt is None else alt,
        *loading,
    )


def write_renditions(image):
    """Resize the image's file into its WebP renditions and store them; returns what Image.stored_renditions
    keeps of each: the name the storage gave it, its width and its height.

    A rendition left by an earlier, interrupted run of the same file is replaced, so running this again is
    safe; the storage may still choose another name (an object store that never overwrites), which is why
    the name it returns is the one kept.
    """
    storage = image.file.storage
    written = []
    image.file.open("rb")
    try:
        with PILImage.open(image.file) as picture:
            picture = picture.convert("RGBA" if picture.mode in ("RGBA", "LA", "P") else "RGB")
            for width in rendition_widths(image.width):
                height = round(image.height * width / image.width)
                resized = picture.resize((width, height), PILImage.Resampling.LANCZOS)
                buffer = io.BytesIO()
                resized.save(buffer, format="WEBP", quality=80, method=4)
                name = rendition_name(image.file.name, width)
                if storage.exists(name):
                    storage.delete(name)
                written.append(
                    {"name": storage.save(name, ContentFile(buffer.getvalue())), "width": width, "height": height}
                )
    finally:
        image.file.close()
    return written


def delete_renditions(image, stored):
    """Remove renditions that no row refers to (written for a file the image no longer has)."""
    for rendition in stored:
        image.file.storage.delete(rendition["name"])
