"""
Uploaded pictures: validation, metadata stripping, crops around a focal point and resized renditions.

An upload is checked before Pillow decodes it (bytes, format, pixel count: a small PNG can unpack to
gigabytes), then re-encoded without its metadata, so EXIF location data never reaches readers. Readers
get renditions in AVIF, WebP and JPEG (PNG for a picture with transparency) at a few widths, of the
picture's own shape and of a 16:9 crop around the focal point the editor sets (list cards); a 4:3 and a
1:1 crop, one JPEG each, are for structured data. All are named after the original (and a crop after its
focal point), so that a new file or a new point gets new URLs and far-future caching stays correct. They
are written once per file and focal point by a background task after the save commits (articles/tasks.py:
seconds of CPU for a large picture), stored through the file's storage, and the Image row keeps each
one's storage name and size (`stored_renditions`, read by `stored_sets`): every address comes from
`storage.url()`, so media can live on a CDN or an object store. Until a picture's renditions exist,
readers get its original; until its crops exist, its own shape.
"""

import errno
import io
import mimetypes
import posixpath
import secrets
from functools import lru_cache
from pathlib import PurePosixPath
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import filesizeformat
from PIL import Image as PILImage
from PIL import ImageOps, features

from articles.html import format_html, format_html_join

# Python 3.11 knows .webp (and 3.12 .avif) only from the machine's /etc/mime.types; a slim container has
# none, and the media view and the feeds' enclosures would then say application/octet-stream.
mimetypes.add_type("image/webp", ".webp")
mimetypes.add_type("image/avif", ".avif")

ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


class Rendition(NamedTuple):
    url: str
    width: int
    height: int


def validate_image_file(file):
    """Reject anything that is not a reasonably sized JPEG, PNG, WebP or GIF, with a message saying why."""
    if getattr(file, "_committed", False):
        # The stored file of a picture being edited (its alt text, its focal point): checked when it was
        # uploaded. Checking it again would also fail: Django's ImageField has just read its dimensions
        # and closed it (ImageFileDescriptor.update_dimension_fields), so it cannot be read here.
        return
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


# An upload is all or nothing -------------------------------------------------------------------------
#
# The renditions are written after the save commits (articles/tasks.py), too late to refuse the upload. So
# before anything is stored, the editor's request writes a file the original's size where originals go and
# one where renditions go, and deletes them: a full disk or an unwritable folder is then a form error, with
# no original and no row. What still fails later (the disk fills between the check and the renditions) fails
# in the task, which removes what it wrote of the set and keeps the error on the row, retried like any
# failure; the original stays, since readers are served it. docs/decisions.md, "Uploads are all or nothing".

MEDIA_PROBLEMS = {
    errno.ENOSPC: "the media folder is full",
    errno.EDQUOT: "the media folder is full",
    errno.EACCES: "the media folder is not writable",
    errno.EPERM: "the media folder is not writable",
    errno.EROFS: "the media folder is not writable",
}


def media_problem(error):
    """What an OSError from the media storage means, in an editor's words."""
    return MEDIA_PROBLEMS.get(error.errno, f"the media folder could not be written ({error.strerror or error})")


def cannot_save(error):
    return ValidationError(
        "The picture could not be saved: %(problem)s. Nothing was stored; please tell whoever runs the site.",
        code="media_unwritable",
        params={"problem": media_problem(error)},
    )


def check_media_writable(storage, size):
    """Raise ValidationError when the storage cannot take an original of `size` bytes and its renditions.

    Writes a probe where originals go (of that size: enough room for the original) and one where renditions
    go, and deletes both, whatever happened.
    """
    probe = secrets.token_hex(8)
    for name, length in ((f"originals/.write-check-{probe}", size), (f"renditions/.write-check-{probe}", 1)):
        stored = None
        try:
            stored = storage.save(name, ContentFile(b"\0" * length))
        except OSError as error:
            raise cannot_save(error) from error
        finally:
            discard(storage, stored or name)


def discard(storage, name):
    """Delete `name` if it is there: a file a failed write may have left half-written."""
    try:
        if name and storage.exists(name):
            storage.delete(name)
    except OSError:
        pass  # the folder refuses even this; nothing more can be done from here


# The formats written, and how each is saved. AVIF is about two fifths of the bytes of WebP or JPEG at 800
# pixels wide; JPEG (PNG for a picture with transparency) is what every client and every scraper reads:
# docs/decisions.md, "Images". Speed 8 encodes a 1600-wide AVIF in about 0.16 s (docs/performance.md).
SAVE_OPTIONS = {
    "avif": ("AVIF", {"quality": 50, "speed": 8}),
    "webp": ("WEBP", {"quality": 80, "method": 4}),
    "jpeg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
    "png": ("PNG", {}),
}
EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png"}
MEDIA_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
SOURCE_FORMATS = ("avif", "webp")  # <source> elements, in the order a browser should prefer them
FALLBACK_FORMATS = ("jpeg", "png", "webp")  # the <img>'s: webp only on rows written before the crops

ORIGINAL = "original"
# The crops, by the name templates give them. 16:9 is every list card's shape, at every rendition width; 4:3
# and 1:1 only structured data names (Google's three), so one JPEG each, 1200 wide or as wide as the crop is.
SHAPES = {"16:9": (16, 9), "4:3": (4, 3), "1:1": (1, 1)}
LIST_SHAPE = "16:9"
STRUCTURED_DATA_WIDTH = 1200


class Sized(NamedTuple):
    """One size of one shape of a picture, in every format written for it: {format: address}."""

    width: int
    height: int
    urls: dict

    @property
    def fallback(self):
        return fallback_of(self.urls)


def has_avif():
    return features.check("avif")


def rendition_widths(width):
    widths = [w for w in settings.IMAGE_RENDITION_WIDTHS if w < width]
    if width <= settings.IMAGE_RENDITION_WIDTHS[-1]:
        widths.append(width)
    return widths or [settings.IMAGE_RENDITION_WIDTHS[-1]]


def crop_box(width, height, shape, focal_x, focal_y):
    """The largest rectangle of `shape` ((16, 9)…) inside a width × height picture, centred on the focal point
    (fractions of the width and height) as far as the edges allow: (left, top, right, bottom)."""
    across, down = shape
    if width * down > height * across:  # wider than the shape: full height, cut the sides
        crop_width, crop_height = min(width, round(height * across / down)), height
    else:
        crop_width, crop_height = width, min(height, round(width * down / across))
    left = min(max(round(focal_x * width - crop_width / 2), 0), width - crop_width)
    top = min(max(round(focal_y * height - crop_height / 2), 0), height - crop_height)
    return (left, top, left + crop_width, top + crop_height)


def rendition_name(original_name, width, fmt="webp", shape=ORIGINAL, focal=None):
    """Named after the original, so a new file gets new addresses; a crop also after its shape and focal
    point, so a new focal point does too (pages and browsers cache them for a year)."""
    stem = posixpath.splitext(original_name)[0].removeprefix("originals/")
    if shape != ORIGINAL:
        across, down = SHAPES[shape]
        stem += f"-{across}x{down}-{round(focal[0] * 10000)}-{round(focal[1] * 10000)}"
    return f"renditions/{stem}-{width}w.{EXTENSIONS[fmt]}"


def stored_sets(image):
    """The row's renditions as {shape: [{"width", "height", "files": {format: storage name}}]}.

    Rows written before the crops and formats keep a list of WebP renditions ({"name", "width", "height"}):
    read as the original shape in WebP alone, with no crops yet.
    """
    stored = image.stored_renditions
    if isinstance(stored, list):
        return {ORIGINAL: [{"width": r["width"], "height": r["height"], "files": {"webp": r["name"]}} for r in stored]}
    return stored.get("sets", {})


def crops_focal_point(image):
    """The focal point the row's crops were written for, or None when it has none."""
    stored = image.stored_renditions
    return tuple(stored["focal"]) if isinstance(stored, dict) and stored.get("focal") else None


def sized(image, shape=ORIGINAL):
    """Every size of one shape of `image` there is, narrowest first, with the address of each format."""
    if not image.file:
        return []
    storage = image.file.storage
    return [
        Sized(entry["width"], entry["height"], {fmt: address(storage, name) for fmt, name in entry["files"].items()})
        for entry in image.rendition_sets.get(shape, [])
    ]


def renditions(image):
    """Addresses and sizes of the picture's own shape, in the format every client reads (JPEG, or PNG with
    transparency; WebP on rows written before the formats), from its row alone."""
    return [Rendition(s.urls[s.fallback], s.width, s.height) for s in sized(image)]


def stored_files(image, shape=ORIGINAL):
    """(storage name, width, height) of each size of `shape` in that same format: for feeds and sitemaps."""
    entries = stored_sets(image).get(shape, [])
    return [(entry["files"][fallback_of(entry["files"])], entry["width"], entry["height"]) for entry in entries]


def fallback_of(formats):
    """Of the formats written for one size, the one for the <img>: what every client reads."""
    return next(fmt for fmt in FALLBACK_FORMATS if fmt in formats)


def crops(image, shape):
    """The sizes of one crop of `image` in the fallback format, narrowest first ([] until they are written)."""
    return [Rendition(s.urls[s.fallback], s.width, s.height) for s in sized(image, shape)]


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


def picture_tag(image, *, sizes, alt=None, eager=False, shape=None):
    """The <picture> of one shape of an image's renditions, sized so that nothing shifts while it loads.

    `shape` is a crop's name ("16:9": every list card the same shape) or None for the picture's own shape;
    a picture whose crops are not written yet (or written before there were crops) shows its own shape.
    One <source> per modern format (AVIF, WebP) and the JPEG (PNG) <img> every browser reads, all at the
    same sizes, so the <img>'s width and height hold for whichever the browser picks. `eager` is for the
    one picture at the top of a page: fetched first instead of lazily. Without renditions yet, the
    original alone, at its own size (the page's CSS scales it like a rendition).
    """
    sizes_available = (sized(image, shape) if shape else []) or sized(image)
    loading = ("fetchpriority", "high") if eager else ("loading", "lazy")
    alt = image.alt_text if alt is None else alt
    if not sizes_available:
        rendition = image.default_rendition
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" {}="{}" decoding="async">',
            rendition.url,
            rendition.width,
            rendition.height,
            alt,
            *loading,
        )
    default = min(sizes_available, key=lambda s: abs(s.width - 800))
    fallback = default.fallback
    img = format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" {}="{}" decoding="async">',
        default.urls[fallback],
        srcset(sizes_available, fallback),
        sizes,
        default.width,
        default.height,
        alt,
        *loading,
    )
    sources = [fmt for fmt in SOURCE_FORMATS if fmt != fallback and fmt in default.urls]
    if not sources:  # a row written before the formats: its WebP <img> alone, as then
        return img
    return format_html(
        "<picture>{}{}</picture>",
        format_html_join(
            "",
            '<source type="{}" srcset="{}" sizes="{}">',
            ((MEDIA_TYPES[fmt], srcset(sizes_available, fmt), sizes) for fmt in sources),
        ),
        img,
    )


def srcset(sizes_available, fmt):
    return ", ".join(f"{s.urls[fmt]} {s.width}w" for s in sizes_available)


def fallback_format(picture):
    """JPEG, or PNG for a picture that uses transparency: JPEG has none, and a flattened background would
    show as a box on a page of another colour (dark mode)."""
    if picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info):
        alpha = picture.convert("RGBA").getchannel("A")
        if alpha.getextrema()[0] < 255:
            return "png"
    return "jpeg"


def encode(picture, fmt):
    image_format, options = SAVE_OPTIONS[fmt]
    if fmt == "jpeg" and picture.mode != "RGB":
        picture = picture.convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def store(storage, name, content):
    # A file left by an earlier, interrupted run of the same file is replaced, so running this again is
    # safe; the storage may still choose another name (an object store that never overwrites), which is
    # why the name it returns is the one kept.
    if storage.exists(name):
        storage.delete(name)
    return storage.save(name, ContentFile(content))


def write_set(picture, *, storage, original_name, widths, aspect, formats, shape=ORIGINAL, focal=None, written):
    """Resize `picture` to each width, keeping `aspect` (width, height), and store each in each format.

    Each name is added to `written` before its file is stored, so that a failure can remove them all.
    """
    entries = []
    for width in widths:
        height = max(1, round(width * aspect[1] / aspect[0]))
        resized = picture.resize((width, height), PILImage.Resampling.LANCZOS)
        files = {}
        for fmt in formats:
            name = rendition_name(original_name, width, fmt, shape, focal)
            written.append(name)
            files[fmt] = store(storage, name, encode(resized, fmt))
            written.append(files[fmt])
        entries.append({"width": width, "height": height, "files": files})
    return entries


def write_renditions(image, *, crops_only=False):
    """Resize the image's file into its renditions and store them; returns what Image.stored_renditions keeps.

    Its own shape at every rendition width, and the three crops around its focal point, each in AVIF (when
    Pillow writes it), WebP and JPEG (PNG with transparency); 4:3 and 1:1 in that fallback format alone.
    `crops_only` keeps the row's own-shape set, for a new focal point on the same file. The value kept is
    {"focal": [x, y] the crops centre on, "sets": {shape: [{"width", "height", "files": {format: name}}]}}.
    """
    storage, name = image.file.storage, image.file.name
    focal = (image.focal_x, image.focal_y)
    sets = {ORIGINAL: stored_sets(image)[ORIGINAL]} if crops_only else {}
    written = []  # what this run stored: removed again if it fails, so that no set is half-written
    image.file.open("rb")
    try:
        with PILImage.open(image.file) as picture:
            picture = picture.convert("RGBA" if picture.mode in ("RGBA", "LA", "P", "PA") else "RGB")
            fallback = fallback_format(picture)
            formats = [*(("avif",) if has_avif() else ()), "webp", fallback]
            if not crops_only:
                sets[ORIGINAL] = write_set(
                    picture,
                    storage=storage,
                    original_name=name,
                    widths=rendition_widths(picture.width),
                    aspect=picture.size,
                    formats=formats,
                    written=written,
                )
            for shape, aspect in SHAPES.items():
                box = crop_box(*picture.size, aspect, *focal)
                crop_width = box[2] - box[0]
                if shape == LIST_SHAPE and box == (0, 0, *picture.size):
                    # A picture of the list shape already is its own crop, wherever its focal point: its
                    # own-shape files serve, which halves the work for the many 16:9 uploads.
                    sets[shape] = sets[ORIGINAL]
                    continue
                sets[shape] = write_set(
                    picture.crop(box),
                    storage=storage,
                    original_name=name,
                    widths=rendition_widths(crop_width)
                    if shape == LIST_SHAPE
                    else [min(STRUCTURED_DATA_WIDTH, crop_width)],
                    aspect=aspect,
                    formats=formats if shape == LIST_SHAPE else [fallback],
                    shape=shape,
                    focal=focal,
                    written=written,
                )
    except Exception:
        for name in dict.fromkeys(written):
            discard(storage, name)
        raise
    finally:
        image.file.close()
    return {"focal": list(focal), "sets": sets}


def outdated(image):
    """What of the row's renditions no longer fits it: "all" (none yet, or written before the crops and the
    formats), "crops" (written for another focal point), or None."""
    if not isinstance(image.stored_renditions, dict) or not stored_sets(image).get(ORIGINAL):
        return "all"
    if crops_focal_point(image) != (image.focal_x, image.focal_y):
        return "crops"
    return None


def stored_names(stored):
    """Every storage name a stored_renditions value refers to, old shape or new."""
    if isinstance(stored, list):
        return {r["name"] for r in stored}
    return {
        name for entries in stored.get("sets", {}).values() for entry in entries for name in entry["files"].values()
    }


def delete_renditions(image, names):
    """Remove renditions that no row refers to (written for a file or a focal point the image no longer has)."""
    for name in names:
        image.file.storage.delete(name)
