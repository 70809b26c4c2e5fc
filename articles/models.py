import uuid
from datetime import timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format
from django.utils.functional import cached_property

from articles import images, links
from articles.body import render_body
from articles.slugs import slug_for
from social.models import SocialPost
from social.platforms import registry as social_platforms

# Section slugs share the URL root with these paths, so no section may take them.
RESERVED_SLUGS = {
    "admin", "author", "authors", "comments", "tag", "tags", "static", "media", "search", "feeds", "preview",
    "latest",
    "csp-report",  # newsroom/urls.py: where browsers report Content Security Policy violations
}  # fmt: skip


def validate_section_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            "“%(slug)s” is used by another part of the site; choose a different slug.",
            params={"slug": value},
        )


class Section(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        validators=[validate_section_slug],
        help_text="The first part of every article address in this section, e.g. “bollywood”. "
        "Changing it later is safe: old addresses redirect to the new ones.",
    )
    description = models.TextField(
        blank=True, help_text="One or two sentences shown on the section page and to search engines."
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the site navigation; lower numbers come first."
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return links.slug_path("articles:section", self.slug)  # every list item links to its section


class Author(models.Model):
    name = models.CharField("display name", max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    bio = models.TextField("short bio", blank=True, max_length=600)
    photo = models.ForeignKey("articles.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="The staff account of this author, if they have one.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return links.slug_path("articles:author", self.slug)  # reverse(), remembered


class Tag(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return links.slug_path("articles:tag", self.slug)  # reverse(), remembered


class RenditionStatus(models.TextChoices):
    PENDING = "pending", "Being written"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class Image(models.Model):
    """An uploaded picture with its credit; readers get its resized renditions and crops once they are written."""

    RenditionStatus = RenditionStatus

    file = models.ImageField(
        upload_to="originals/%Y/%m/",
        width_field="width",
        height_field="height",
        validators=[images.validate_image_file],
        help_text="A JPEG, PNG, WebP or GIF. Location and camera data are removed on upload.",
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        max_length=250,
        help_text="Describe what the picture shows for readers who cannot see it, "
        "e.g. “Priyanka Chopra on the red carpet at the Met Gala”.",
    )
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(
        max_length=120, blank=True, help_text="Who owns the picture, e.g. “Getty Images” or “Instagram/@handle”."
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Where the crops (16:9, 4:3, 1:1) centre, as fractions of the width and height from the top left.
    focal_x = models.FloatField(
        "focal point across",
        default=0.5,
        validators=[
            MinValueValidator(0, "Choose a point inside the picture: 0 is its left edge, no less."),
            MaxValueValidator(1, "Choose a point inside the picture: 1 is its right edge, no more."),
        ],
        help_text="Click the picture to choose the point its crops keep in view, or type it: 0 is the left "
        "edge, 1 the right edge, 0.5 the middle.",
    )
    focal_y = models.FloatField(
        "focal point down",
        default=0.5,
        validators=[
            MinValueValidator(0, "Choose a point inside the picture: 0 is its top edge, no less."),
            MaxValueValidator(1, "Choose a point inside the picture: 1 is its bottom edge, no more."),
        ],
        help_text="0 is the top edge, 1 the bottom edge, 0.5 the middle.",
    )
    # The renditions and crops of the current file, written by articles/tasks.py after the save commits:
    # {"focal": [x, y], "sets": {shape: [{"width", "height", "files": {format: storage name}}]}} in the row
    # itself, so that a list of pictures costs no query more than the pictures (rows written before the crops
    # keep a list of WebP renditions; images.stored_sets reads both): docs/decisions.md, "Images".
    stored_renditions = models.JSONField(default=list, blank=True, editable=False)
    renditions_status = models.CharField(
        "renditions",
        max_length=10,
        choices=RenditionStatus,
        default=RenditionStatus.PENDING,
        editable=False,
        help_text="Readers get the resized copies once they are ready, and the original picture until then.",
    )
    renditions_error = models.TextField(blank=True, editable=False)
    renditions_failures = models.PositiveSmallIntegerField(default=0, editable=False)
    renditions_retry_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(renditions_status__in=RenditionStatus.values), name="image_renditions_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_inside",
                violation_error_message="The focal point must be inside the picture: both numbers from 0 to 1.",
            ),
        ]

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        # The renditions derive from this row's own file, like width and height: a new file starts a new set,
        # and a new focal point new crops (the task keeps the rest). Resizing takes seconds for a large
        # picture, so a task writes them once this save commits.
        file_changed = self.file and not getattr(self.file, "_committed", True)
        focal_changed = (
            not file_changed
            and self.pk is not None
            and getattr(self, "_loaded_focal_point", None) not in (None, (self.focal_x, self.focal_y))
        )
        if file_changed:
            self.store_original(images.clean_upload(self.file))
            self.stored_renditions = []
        if file_changed or focal_changed:
            self.renditions_status = RenditionStatus.PENDING
            self.renditions_error, self.renditions_failures, self.renditions_retry_at = "", 0, None
        try:
            super().save(*args, **kwargs)
        except Exception:
            if file_changed:  # the row was not written: its original would be left on disk with no row
                images.discard(self.file.storage, self.file.name)
            raise
        self._loaded_focal_point = (self.focal_x, self.focal_y)
        if file_changed or focal_changed:
            for name in ("renditions", "default_rendition", "rendition_sets"):
                self.__dict__.pop(name, None)
            # articles.tasks imports this module, so the task is imported where it is needed.
            from articles.tasks import write_renditions

            transaction.on_commit(partial(write_renditions.enqueue, self.pk, self.file.name))

    def store_original(self, content):
        """Write the cleaned upload where the file field would, and remove what a failed write left of it.

        Django's FileSystemStorage leaves a half-written file behind when the disk fills mid-write; its name
        is chosen first here, so that it can be deleted.
        """
        field, storage = self._meta.get_field("file"), self.file.storage
        name = storage.get_available_name(field.generate_filename(self, content.name), max_length=field.max_length)
        try:
            self.file = storage.save(name, content, max_length=field.max_length)
        except Exception:
            images.discard(storage, name)
            raise

    @classmethod
    def from_db(cls, db, field_names, values):
        image = super().from_db(db, field_names, values)
        # What the crops were asked for when the row was read: save() compares, to rewrite them on a change.
        loaded = (image.__dict__.get("focal_x"), image.__dict__.get("focal_y"))
        image._loaded_focal_point = None if None in loaded else loaded
        return image

    # Computed from the row alone, once per instance: a list page asks each picture several times.
    @cached_property
    def renditions(self):
        return images.renditions(self)

    @cached_property
    def default_rendition(self):
        return images.default_rendition(self)

    @cached_property
    def rendition_sets(self):
        return images.stored_sets(self)

    def renditions_summary(self):
        """What the editor reads about the renditions, in plain words."""
        if self.renditions_status == RenditionStatus.READY:
            widths = [entry["width"] for entry in self.rendition_sets[images.ORIGINAL]]
            summary = f"Ready: {len(widths)} sizes, {min(widths)} to {max(widths)} pixels wide"
            if images.outdated(self) == "all":
                return f"{summary}, in WebP only and without crops: use “Write renditions again”."
            return f"{summary}, and the crops {', '.join(images.SHAPES)} around the focal point."
        if self.renditions_status == RenditionStatus.PENDING and self.stored_renditions:
            return "Being written again: readers get the earlier copies until the new ones are ready."
        if self.renditions_status == RenditionStatus.PENDING:
            return "Being written: readers get the original picture until the resized copies are ready."
        retry = (
            f" We will try again after {date_format(timezone.localtime(self.renditions_retry_at), 'H:i, j F')}."
            if self.renditions_retry_at
            else " Use “Write renditions again” in the list of images to try again."
        )
        return f"Failed: readers get the original picture.{retry}"


# Trending and Most talked about: the stories of the last two days, as a celebrity site's readers follow them.
TRENDING_HOURS = 48
# Read next counts shared tags among this many of the newest live stories (ArticleQuerySet.read_next).
READ_NEXT_WINDOW = 500
# The columns articles/story_html.py writes, and nothing else: save() leaves them out.
KEPT_HTML = ("story_html", "story_html_key", "rail_item")


class ArticleQuerySet(models.QuerySet):
    def published(self, *, now=None):
        """What readers may see: published or scheduled, and due. A scheduled story goes live by this rule
        alone when its time comes, with no cron or worker to move it (docs/editorial.md, "Workflow").

        `now`: the moment to judge by (read_next compiles its query once with a stand-in for it)."""
        return self.filter(status__in=LIVE_STATUSES, published_at__lte=timezone.now() if now is None else now)

    def scheduled(self):
        """Scheduled for a time still to come: what readers cannot see yet."""
        return self.filter(status=Article.Status.SCHEDULED, published_at__gt=timezone.now())

    def next_scheduled_time(self):
        """When the next scheduled story goes live (None if none is waiting): a cached page must expire by then.

        One query on the (status, published_at) index.
        """
        return self.scheduled().order_by("published_at").values_list("published_at", flat=True).first()

    def for_listing(self, *, now=None):
        """Everything a list item shows, in a constant number of queries however long the list.

        `now`: the moment to judge by, as published() takes it."""
        return (
            self.published(now=now)
            .select_related("section", "hero_image")
            .prefetch_related("authors")
            .only(
                "id",
                "headline",
                "slug",
                "standfirst",
                "published_at",
                "comment_count",
                "section__name",
                "section__slug",
                "section__position",
                "hero_image__file",
                "hero_image__width",
                "hero_image__height",
                "hero_image__alt_text",
                "hero_image__stored_renditions",
            )
            .order_by("-published_at", "-id")
        )

    def latest(self, limit, *, now=None):
        """The newest `limit` live stories, as for_listing() gives them."""
        return self.listing(0, limit, now=now)

    def listing(self, start, stop, *, now=None, **subject):
        """The live stories `start` to `stop`, newest first, as for_listing() gives them: of a list when
        `subject` names one ({"section": id}, {"tags": id}, {"authors": id}), else of every live story.

        Their ids are picked first, on the indexes alone: with the rows' joins in the same query, SQLite's
        planner chose for some limits (4, 9 and 20, not 12 or 13, at 10,000 articles) to read every
        section's stories and sort them all, 27 ms against 0.1 (docs/performance.md).
        """
        picked = self.published(now=now).filter(**subject).order_by("-published_at", "-id").values("pk")
        return self.for_listing(now=now).filter(pk__in=picked[start:stop])

    def latest_per_section(self, per_section, *, excluding=(), now=None):
        """The newest `per_section` published articles of every section, in one query, leaving out the
        articles `excluding` names by id (those a page shows already: the home page never repeats a story).

        Each pick is a LIMIT 1 OFFSET n subquery per section on the (section, published_at) index, so
        picking costs the same for any number of articles; a window function ranking the whole archive
        took a second at 100,000 articles. Fetching the picks by id is as cheap once SQLite has statistics
        (ANALYZE); see docs/performance.md.
        """
        newest = (
            self.published(now=now)
            .filter(section=OuterRef("pk"))
            .exclude(pk__in=excluding)
            .order_by("-published_at", "-id")
            .values("pk")
        )
        picks = [Section.objects.order_by().values(pick=Subquery(newest[n : n + 1])) for n in range(per_section)]
        return self.for_listing(now=now).filter(pk__in=picks[0].union(*picks[1:], all=True))

    # The front page's Trending and the article page's Read next and Most talked about (docs/reader-web.md,
    # "Front page, Latest and Read next").

    def trending(self, limit, *, hours=TRENDING_HOURS, excluding=(), now=None):
        """The `limit` live stories of the last `hours` with the most published comments, most first (newest
        first among equals), leaving out those `excluding` names by id; a story nobody commented is not one.

        Reads Article.comment_count, which the comment services keep: one query on the (published_at,
        status) index, whose range of two days' stories is sorted, with no query per story and nothing
        written or tracked per reader.

        `now`: the moment to judge by (the article page compiles its query once with a stand-in for it).
        """
        now = timezone.now() if now is None else now
        return (
            self.for_listing(now=now)
            .filter(published_at__gte=now - timedelta(hours=hours), comment_count__gt=0)
            .exclude(pk__in=excluding)
            .order_by("-comment_count", "-published_at", "-id")[:limit]
        )

    def read_next(self, article, limit, *, tags=None, now=None):
        """Up to `limit` live stories to read after `article`: those sharing the most of its tags first
        (newest first among equals), then its section's newest; never `article` itself, never twice.

        `tags`: the article's tags when they are not its saved ones (a form's preview); an unsaved article
        without tags gets its section's newest alone.

        Bounded, so that a tag on thousands of stories costs what a rare one does: shared tags are counted
        among the newest READ_NEXT_WINDOW live stories only (a range of the (published_at, status) index,
        each probed on the tag table's (article, tag) index), never over every story that shares a tag,
        which took the page's SQL from 0.6 to 16 ms at 10,000 articles (docs/performance.md, "Read next and
        Trending"). One query: the picks are a UNION ALL in an IN, each part LIMITed.

        `now`: the moment to judge by (the article page compiles the whole query once with a stand-in for it).
        """
        if tags is None:
            tags = article.tags.all() if article.pk else ()
        tag_ids = [tag.pk for tag in tags]
        now = timezone.now() if now is None else now
        picks = self.read_next_picks(article, limit, tag_ids=tag_ids, window=READ_NEXT_WINDOW, now=now)
        shared = Value(0)
        if tag_ids:
            # Counted again on the few rows picked, to order them: the section's newest share fewer or none.
            shared = Coalesce(
                Subquery(
                    Article.tags.through.objects.filter(article_id=OuterRef("pk"), tag_id__in=tag_ids)
                    .order_by()
                    .values("article_id")
                    .annotate(shared=Count("*"))
                    .values("shared")
                ),
                0,
            )
        return (
            self.for_listing(now=now)
            .filter(pk__in=picks)
            .annotate(shared_tags=shared)
            .order_by("-shared_tags", "-published_at", "-id")[:limit]
        )

    def read_next_picks(self, article, limit, *, tag_ids, window, now):
        """The ids read_next shows (unordered): the section's newest, and those of the newest `window` live
        stories that share the most of `tag_ids`."""
        others = self.published(now=now)
        others = others.exclude(pk=article.pk) if article.pk else others
        picks = others.filter(section=article.section_id).order_by("-published_at", "-id").values("pk")[:limit]
        if not tag_ids:
            return picks
        tagged = Article.tags.through.objects.using(self.db).filter(tag_id__in=tag_ids)
        # By time alone: the id tiebreak would sort the window again, and which of two stories of the same
        # second is the window's last one does not matter.
        recent = others.order_by("-published_at").values("pk")[:window]
        # The story's time read for the few stories that share a tag, not joined: a join made SQLite read the
        # story of each of the window's `window` ids before probing its tags (0.55 → 0.35 ms at 10,000 stories).
        published_at = Subquery(self.model.objects.order_by().filter(pk=OuterRef("article_id")).values("published_at"))
        most_shared = (
            tagged.filter(article_id__in=recent)
            .values("article_id")
            .annotate(shared=Count("*"))
            .order_by("-shared", published_at.desc(), "-article_id")
            .values("article_id")[:limit]
        )
        # In a compound SELECT SQLite allows no LIMIT of a part's own: each part is an IN of its picks.
        return (
            self.model.objects.using(self.db)
            .order_by()
            .filter(pk__in=picks)
            .values("pk")
            .union(self.model.objects.using(self.db).order_by().filter(pk__in=most_shared).values("pk"), all=True)
        )

    # The editor's desk (articles/templatetags/desk.py and the article list's "On my desk" filter) --------

    def drafts_of(self, user):
        """`user`'s own drafts that no editor has sent back: what they are still writing."""
        return self.filter(created_by=user, status=Article.Status.DRAFT, sent_back_note="")

    def sent_back_to(self, user):
        """`user`'s drafts that an editor sent back with a note: what they are asked to change."""
        return self.filter(created_by=user, status=Article.Status.DRAFT).exclude(sent_back_note="")

    def in_review(self):
        return self.filter(status=Article.Status.IN_REVIEW)

    def scheduled_within(self, period):
        """Scheduled to go live from now until `period` (a timedelta) from now."""
        return self.scheduled().filter(published_at__lte=timezone.now() + period)

    # Feeds and sitemaps (articles/feeds.py, articles/sitemaps.py).
    def for_feed(self):
        """What a feed item shows (a list item's fields, its tags, its update time and its picture's
        credit), newest first, in a constant number of queries however many stories."""
        return (
            self.published()
            .select_related("section", "hero_image")
            .prefetch_related("authors", "tags")
            .only(
                "id",
                "headline",
                "slug",
                "standfirst",
                "published_at",
                "updated_at",
                "section__name",
                "section__slug",
                "hero_image__file",
                "hero_image__width",
                "hero_image__height",
                "hero_image__alt_text",
                "hero_image__credit",
                "hero_image__stored_renditions",
            )
            .order_by("-published_at", "-id")
        )

    def for_sitemap(self):
        """Every live story with its address, its last change and its picture, in one query per page."""
        return (
            self.published()
            .select_related("section", "hero_image")
            .only(
                "id",
                "slug",
                "published_at",
                "updated_at",
                "section__slug",
                "hero_image__file",
                # ImageField reads both sizes when it loads a row; one deferred would cost a query per row.
                "hero_image__width",
                "hero_image__height",
                "hero_image__stored_renditions",
            )
            .order_by("-published_at", "-id")
        )

    def for_news_sitemap(self, *, hours=48, limit=1000):
        """The live stories of the last `hours`, newest first, as many as a Google News sitemap takes."""
        since = timezone.now() - timedelta(hours=hours)
        return (
            self.published()
            .filter(published_at__gte=since)
            .select_related("section")
            .only("id", "slug", "headline", "published_at", "section__slug")
            .order_by("-published_at", "-id")[:limit]
        )


# At module level so that the model's constraints use the same values.
class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "review", "In review"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"


# Readers see an article in these states once its publication time has come; the states after a
# publication time, which the database requires them to have.
LIVE_STATUSES = [Status.SCHEDULED, Status.PUBLISHED]


class Article(models.Model):
    Status = Status

    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        help_text="The readable part of the address. Changing it later is safe: the old address redirects.",
    )
    standfirst = models.TextField(
        max_length=400, blank=True, help_text="The one- or two-sentence summary under the headline."
    )
    body = models.TextField(
        blank=True,
        help_text="Write in plain paragraphs separated by a blank line. **bold**, *italic*, "
        "[link text](https://…), “## Subheading”, “> quote”, “- list item”. "
        "To place a picture from the image library, put ![description](image:ID) on its own line.",
    )
    body_html = models.TextField(editable=False, blank=True)
    hero_image = models.ForeignKey(
        Image,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The big picture at the top of the story and in lists. Its description and credit come "
        "from the image library.",
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    authors = models.ManyToManyField(Author, related_name="articles", blank=True)
    tags = models.ManyToManyField(Tag, related_name="articles", blank=True)
    status = models.CharField(
        max_length=12,
        choices=Status,
        default=Status.DRAFT,
        help_text="Readers see a published or scheduled article once its publication time has come. Writers "
        "submit drafts for review; editors send them back, schedule, publish and unpublish.",
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When readers first see the story. Scheduling sets it to a time to come, and the story goes "
        "live by itself then; publishing now sets it to the current time.",
    )
    updated_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Shown to readers as “Updated”. Set it when you make a meaningful change to a published story.",
    )
    comments_open = models.BooleanField(
        default=True, help_text="Untick to close comments on this story; readers can still read the ones published."
    )
    comment_prompt = models.CharField(
        max_length=200,
        blank=True,
        help_text="The line above the comment form, e.g. “Let us know what you thought about the trailer”. "
        "Left empty, readers see a general invitation.",
    )
    comment_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="How many published comments the story has, as lists show it. Kept up to date as comments "
        "are posted and moderated.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    # The story's own part of its page as last rendered, and the key it was rendered under (articles/story_html.py);
    # written by that module alone, never by save() (KEPT_HTML). They may be null, so that SQLite adds them to the table
    # rather than making it again, which would drop the search index's triggers (0017_search_index).
    story_html = models.JSONField(null=True, editable=False)
    story_html_key = models.CharField(max_length=80, null=True, editable=False)  # noqa: DJ001 (null: above)
    # Its list item in Read next and Most talked about, but for the comment count, kept under the same key.
    rail_item = models.JSONField(null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="Who started the story. Writers may edit their own drafts only.",
    )
    # db_default: rows written by code that predates the column (older migrations' models) get "" too.
    sent_back_note = models.TextField(
        blank=True,
        default="",
        db_default="",
        editable=False,
        help_text="What the editor asked for when sending the story back; cleared when it is submitted again.",
    )
    # Revisions: the optimistic lock. Written only by services.save_article's conditional UPDATE.
    version = models.PositiveIntegerField(
        default=1,
        # In the database too, so that rows written by code that does not know the column (an older
        # migration's model, a raw insert) start at 1.
        db_default=1,
        editable=False,
        help_text="Goes up by one at every save, so that a save made from an older copy of the form is refused.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            # The admin's lists by state, and the next scheduled time (next_scheduled_time).
            models.Index(fields=["status", "-published_at"]),
            # Readers' lists ask for two statuses (LIVE_STATUSES) in date order. With the time first, the
            # index gives the rows in that order and holds the status to check, so the home and section
            # lists read their first rows only; with the status first each status came out in order on
            # its own and SQLite sorted all of them. Ascending, so that read backwards it also gives the
            # id tiebreak in order. A partial index (WHERE status IN …) would be smaller, but SQLite cannot
            # use one when the statuses arrive as bound parameters, as Django sends them.
            models.Index(fields=["published_at", "status"], name="article_live_idx"),
            models.Index(fields=["section", "published_at", "status"], name="article_section_live_idx"),
            # Covers what filtering and sorting a tag's or an author's list needs, so SQLite does not read
            # whole rows (bodies included) to do it: see ListingPaginator in articles/views.py.
            models.Index(fields=["id", "status", "published_at"], name="article_listing_idx"),
        ]
        permissions = [("publish_article", "Can publish, schedule, unpublish and send back articles")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=LIVE_STATUSES) | Q(published_at__isnull=False),
                name="published_article_has_time",
                violation_error_message="A scheduled or published article needs a publication time.",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="article_status_valid"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # Only what derives from the row itself; the publishing rules are articles/services.py's.
        if not self.slug:
            self.slug = slug_for(self.headline, self._meta.get_field("slug").max_length) or "article"
        self.body_html = render_body(self.body)
        if not self._state.adding and not args and kwargs.get("update_fields") is None:
            # The comment count is written by the code that changes comments, in the same transaction; a
            # copy of the article read before a comment was approved must not write its old count back.
            # The version likewise: only save_article's conditional UPDATE moves it (the optimistic lock).
            skipped = {"comment_count", "version", *KEPT_HTML, *self.get_deferred_fields()}
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.attname not in skipped
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return links.article_path(self.section.slug, self.slug, self.pk)  # reverse(), remembered

    def is_published(self):
        """Mirrors ArticleQuerySet.published(): live or scheduled, and due."""
        return self.status in LIVE_STATUSES and self.published_at is not None and self.published_at <= timezone.now()

    def workflow_state(self):
        """The status as the workflow sees it: a scheduled article whose time has come is published."""
        return self.Status.PUBLISHED if self.status == self.Status.SCHEDULED and self.is_published() else self.status

    def state_display(self):
        """The state in words, for editors: "Scheduled for 2 Dec 09:00 IST", or "Published" once it is due."""
        state = self.workflow_state()
        if state == self.Status.SCHEDULED:
            return f"Scheduled for {site_time(self.published_at, 'j M H:i T')}"
        return self.Status(state).label

    @property
    def was_updated(self):
        return self.updated_at is not None and self.published_at is not None and self.updated_at > self.published_at


def site_time(value, format_string="j M Y, H:i T"):
    """`value` in the site's time zone, its zone named: "2 Dec 2026, 09:00 IST"."""
    return date_format(timezone.localtime(value), format_string) if value else "—"


# At module level so that the model's constraints use the same values.
class Action(models.TextChoices):
    CREATED = "created", "Created"
    EDITED = "edited", "Edited"
    SUBMITTED = "submitted", "Submitted for review"
    SENT_BACK = "sent_back", "Sent back"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"
    EDITED_AFTER_PUBLISHING = "edited_after_publishing", "Edited after publishing"
    RESTORED = "restored", "Restored a revision"


class ArticleEvent(models.Model):
    """One step in an article's history: who did what, when, with the note they left."""

    Action = Action

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the site itself did it (the demo loader, a command).",
    )
    action = models.CharField(max_length=30, choices=Action)
    note = models.TextField(blank=True)
    at = models.DateTimeField("time", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["article", "-at"])]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=Action.values), name="article_event_action_valid"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: “{self.article}”"


class ArticleSocialPost(models.Model):
    """Post number `position` of an article's body (counting from 0) is this archived post."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="social_post_links")
    social_post = models.ForeignKey(SocialPost, on_delete=models.PROTECT, related_name="article_links")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="one_social_post_per_body_position")
        ]

    def __str__(self):
        return f"{self.social_post} in “{self.article}”"


# Corrections and updates (issue 10, "Corrections and updates, as readers see them") ----------------------


class ArticleNoteKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    UPDATE = "update", "Update"


class ArticleNote(models.Model):
    """A correction or an update an editor added to a published story, shown to readers at its foot.

    Written by articles.services.add_correction, which also moves the story's “Updated” time to the note's.
    """

    Kind = ArticleNoteKind

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(
        max_length=10,
        choices=ArticleNoteKind,
        help_text="“Correction” when the story got something wrong; “Update” when something new happened.",
    )
    text = models.TextField(
        max_length=1000,
        help_text="Shown to readers at the foot of the story after “Correction:” or “Update:”, e.g. “An earlier "
        "version of this story misstated the film’s release date.” Plain text.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ArticleNoteKind.values), name="article_note_kind_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"


# Preview links (issue 10, preview) ---------------------------------------------------------------


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        """The links that still open their story: not revoked, not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """An address that shows a story before it is live to anyone who has it, until it expires or is revoked.

    The address carries `key` signed with the site's secret (articles/previews.py, link_token): see
    docs/decisions.md, "Preview links".
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(help_text="After this time the link shows a page saying it has expired.")
    revoked_at = models.DateTimeField(
        null=True, blank=True, help_text="When an editor stopped the link; it shows a page saying so."
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")),
                name="preview_link_expires_after_creation",
                violation_error_message="A preview link must expire after it is created.",
            ),
        ]

    def __str__(self):
        return f"Preview link to “{self.article}”"

    def is_expired(self):
        return self.expires_at <= timezone.now()

    def is_revoked(self):
        return self.revoked_at is not None


# Revisions ------------------------------------------------------------------------------------------


class RevisionKind(models.TextChoices):
    SAVED = "saved", "Saved"
    AUTOSAVE = "autosave", "Autosave"
    RESTORED = "restored", "Restored"


class ArticleRevision(models.Model):
    """The text of an article as someone saved it, restored it, or was typing it (an autosave).

    Saved and restored revisions are the article's history, one per save through services.save_article.
    An autosave is a draft of one editor's unsaved typing, at most one per editor and article, never
    what readers see.
    """

    Kind = RevisionKind
    TEXT_FIELDS = ("headline", "standfirst", "body")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=10, choices=RevisionKind, default=RevisionKind.SAVED)
    version = models.PositiveIntegerField(
        help_text="The article's version this text became (saved, restored) or was typed over (autosave)."
    )
    headline = models.CharField(max_length=200)
    standfirst = models.TextField(blank=True)
    body = models.TextField(blank=True)
    changed_fields = models.JSONField(
        default=list, blank=True, help_text="The names of the fields this save changed, in the form's order."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["article", "-created_at"], name="revision_history_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=RevisionKind.values), name="revision_kind_valid"),
            models.UniqueConstraint(
                fields=["article", "author"],
                condition=Q(kind=RevisionKind.AUTOSAVE),
                name="one_autosave_per_editor_and_article",
                violation_error_message="An editor keeps one autosave per article.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} “{self.headline}” ({self.created_at:%Y-%m-%d %H:%M})"


# The workflow's emails (issue 10, "The editor's desk") -----------------------------------------------


class ArticleEventEmail(models.Model):
    """The email about one step of an article's history to one person: its claim, so it is sent once.

    articles/tasks.py writes it before sending (sent_at set in one conditional UPDATE), gives the claim
    back when the send fails, and never sends when it is already set.
    """

    event = models.ForeignKey(ArticleEvent, on_delete=models.CASCADE, related_name="emails")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient"], name="one_email_per_event_and_recipient"),
        ]

    def __str__(self):
        return f"Email to {self.recipient} about {self.event}"


# Site settings: one row that editors change in the admin, read by every page through the cache
# (articles/site_settings.py). Only the Editor role and superusers may change it (articles/apps.py, roles).

SITE_SETTINGS_ID = 1

# An example profile address for each platform the footer links to, in the registry's order of platforms.
PROFILE_EXAMPLES = {
    "x": "https://x.com/newsroom",
    "instagram": "https://www.instagram.com/newsroom/",
    "youtube": "https://www.youtube.com/@newsroom",
    "tiktok": "https://www.tiktok.com/@newsroom",
    "facebook": "https://www.facebook.com/newsroom",
    "bluesky": "https://bsky.app/profile/newsroom.example.com",
    "threads": "https://www.threads.com/@newsroom",
}

# The app stores the app-promotion block links to: (name, hosts, an example address).
APP_STORES = {
    "app_store": (
        "the App Store",
        frozenset({"apps.apple.com", "itunes.apple.com"}),
        "https://apps.apple.com/app/id123456789",
    ),
    "google_play": (
        "Google Play",
        frozenset({"play.google.com"}),
        "https://play.google.com/store/apps/details?id=com.example.newsroom",
    ),
}


def address_host(value):
    try:
        return (urlsplit(value).hostname or "").lower()
    except ValueError:  # "https://[oops": URLValidator, which runs too, says what is wrong with it
        return ""


@deconstructible
class ProfileAddressValidator:
    """Refuses an address that is not on the hosts of `platform` (a slug of social.platforms.registry)."""

    def __init__(self, platform):
        self.platform = platform

    def __call__(self, value):
        platform = social_platforms.get(self.platform)
        host = address_host(value)
        if host in platform.hosts:
            return
        example = PROFILE_EXAMPLES[self.platform]
        other = social_platforms.for_host(host)
        said = f"This is a {other.name} address, not {platform.name}’s. " if other else ""
        raise ValidationError(
            "%(said)sEnter the address of the %(name)s profile, on %(host)s, e.g. %(example)s",
            params={
                "said": said,
                "name": platform.name,
                "host": address_host(example).removeprefix("www."),
                "example": example,
            },
            code="wrong_platform",
        )

    def __eq__(self, other):
        return isinstance(other, ProfileAddressValidator) and other.platform == self.platform


@deconstructible
class StoreAddressValidator:
    """Refuses an address that is not on the hosts of the app store `store` (a key of APP_STORES)."""

    def __init__(self, store):
        self.store = store

    def __call__(self, value):
        name, hosts, example = APP_STORES[self.store]
        if address_host(value) not in hosts:
            raise ValidationError(
                "Enter the app’s address on %(name)s, e.g. %(example)s",
                params={"name": name, "example": example},
                code="wrong_store",
            )

    def __eq__(self, other):
        return isinstance(other, StoreAddressValidator) and other.store == self.store


def validate_link_address(value):
    """A footer link goes to a page of the site ("/about/") or to an http(s) address."""
    if value.startswith("/") and not value.startswith("//"):
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            "Enter a page of this site starting with “/”, e.g. /about/, or a full address starting with https://.",
            code="invalid_link",
        ) from None


def profile_field(slug):
    name = social_platforms.get(slug).name
    return models.URLField(
        f"{name} profile",
        blank=True,
        validators=[ProfileAddressValidator(slug)],
        help_text=f"The site’s {name} profile, e.g. {PROFILE_EXAMPLES[slug]}. Leave empty to show no {name} link.",
    )


class SiteSettings(models.Model):
    """What editors change about the whole site without a deploy: one row, made the first time it is opened."""

    site_name = models.CharField(
        max_length=80,
        blank=True,
        help_text="Shown in the header, the footer and every page title. Leave empty for the server’s name "
        "(the SITE_NAME setting).",
    )
    show_logo = models.BooleanField("show the logo", default=True)
    logo = models.ForeignKey(
        "articles.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A picture from the image library, or upload one with the + button. Shown beside the site name "
        "in the header, 40 pixels high.",
    )
    logo_alt_text = models.CharField(
        "logo description",
        max_length=250,
        blank=True,
        help_text="What the logo shows, for readers who cannot see it. Leave empty when it only repeats the site "
        "name, which is written beside it.",
    )
    show_tagline = models.BooleanField("show the tagline", default=True)
    tagline = models.CharField(
        max_length=200,
        blank=True,
        default="Entertainment news, written by people.",
        help_text="One line in the footer, after the copyright.",
    )
    show_social_profiles = models.BooleanField("show the social profiles", default=True)
    x_url = profile_field("x")
    instagram_url = profile_field("instagram")
    youtube_url = profile_field("youtube")
    facebook_url = profile_field("facebook")
    tiktok_url = profile_field("tiktok")
    threads_url = profile_field("threads")
    bluesky_url = profile_field("bluesky")
    show_footer_links = models.BooleanField("show the footer links", default=True)
    show_app_promotion = models.BooleanField(
        "show the app promotion",
        default=True,
        help_text="A box under every story, before the comments. It shows when it has a heading or text and at "
        "least one store address.",
    )
    app_promotion_heading = models.CharField("heading", max_length=120, blank=True, help_text="e.g. “Get the app”.")
    app_promotion_text = models.TextField(
        "text",
        max_length=600,
        blank=True,
        help_text="e.g. “Download the Newsroom app for the latest Bollywood & entertainment news, hot celebrity "
        "photos, lifestyle, fashion & beauty, Hollywood, K-Drama…”",
    )
    app_store_url = models.URLField(
        "App Store address",
        blank=True,
        validators=[StoreAddressValidator("app_store")],
        help_text=f"The app’s page on the App Store, e.g. {APP_STORES['app_store'][2]}. Leave empty for no link.",
    )
    google_play_url = models.URLField(
        "Google Play address",
        blank=True,
        validators=[StoreAddressValidator("google_play")],
        help_text=f"The app’s page on Google Play, e.g. {APP_STORES['google_play'][2]}. Leave empty for no link.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "site settings"
        # One row, changed and never added or deleted: readers always need one.
        default_permissions = ("change", "view")
        constraints = [
            models.CheckConstraint(
                condition=Q(id=SITE_SETTINGS_ID),
                name="site_settings_single_row",
                violation_error_message="The site has one set of settings; change it instead of adding another.",
            ),
        ]

    def __str__(self):
        return "Site settings"

    def get_site_name(self):
        return self.site_name or settings.SITE_NAME


class FooterLink(models.Model):
    site_settings = models.ForeignKey(SiteSettings, on_delete=models.CASCADE, related_name="footer_links")
    label = models.CharField(max_length=60, help_text="What readers read, e.g. “About us”.")
    url = models.CharField(
        "address",
        max_length=500,
        validators=[validate_link_address],
        help_text="A page of this site, e.g. /about/, or a full address starting with https://.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["position", "id"]
        # Changed with the site settings, under their permission (articles/admin.py, FooterLinkInline).
        default_permissions = ()

    def __str__(self):
        return self.label


# Search ---------------------------------------------------------------------------------------------


class FullTextField(models.TextField):
    """The document column of the search index: SQLite FTS5's hidden column, PostgreSQL's tsvector."""


@FullTextField.register_lookup
class Matches(models.Lookup):
    """`search_entry__document__matches=expression`: an FTS5 MATCH or a tsquery, built by articles/search.py
    from quoted words only (never the reader's own syntax)."""

    lookup_name = "matches"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} @@ to_tsquery('simple', {rhs})", [*lhs_params, *rhs_params]
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class SearchEntry(models.Model):
    """One article's words in the search index, written by the database's own triggers (migration 0015):
    an FTS5 table on SQLite, a tsvector table with a GIN index on PostgreSQL. Every article has one, live or
    not; readers' searches filter by `published()` when they run (articles/search.py)."""

    # FTS5 keys its rows by rowid; the PostgreSQL table names its key the same, so that one model reads both.
    article = models.OneToOneField(
        Article, primary_key=True, db_column="rowid", on_delete=models.DO_NOTHING, related_name="search_entry"
    )
    # FTS5's hidden column is named after its table; so is PostgreSQL's tsvector column.
    document = FullTextField(db_column="articles_search")
    # FTS5's hidden bm25 score with the column weights the migration sets (SQLite only).
    rank = models.FloatField(db_column="rank")

    class Meta:
        managed = False
        db_table = "articles_search"

    def __str__(self):
        return f"Search entry of article {self.article_id}"
