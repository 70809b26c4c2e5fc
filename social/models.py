from django.db import models
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.functional import cached_property

from social import platforms, text
from social.platforms import registry


# Written once, at module level, so that the model's constraints can use them too.
class State(models.TextChoices):
    ARCHIVED = "archived", "Archived"
    PENDING = "pending", "Waiting for fetch"
    FAILED = "failed", "Fetch failed"
    GONE = "gone", "Gone from the platform"


class Failure(models.TextChoices):
    """Why the last fetch failed (social/oembed.py): the first three pass, the last two need the settings."""

    UNREACHABLE = "unreachable", "The platform could not be reached"
    REFUSED = "refused", "The platform answered with an error"
    UNREADABLE = "unreadable", "The platform's answer could not be read"
    TOKEN = "token", "The platform needs a Meta access token"
    OFF = "off", "Fetching from the platform is turned off"


class SocialPostQuerySet(models.QuerySet):
    def due_for_check(self, now):
        """Posts never fetched first, then failed ones whose next try has come, then every other post, the
        longest unchecked first."""
        waiting_first = models.Case(
            models.When(state=State.PENDING, then=0),
            models.When(state=State.FAILED, then=1),
            default=2,
        )
        return self.exclude(state=State.FAILED, retry_at__gt=now).order_by(
            waiting_first, F("checked_at").asc(nulls_first=True), "pk"
        )


class SocialPost(models.Model):
    """A post from a social platform, archived when an editor pastes it, shared by everything that shows it."""

    State = State
    Failure = Failure

    platform = models.CharField(max_length=10, choices=platforms.choices)
    post_id = models.CharField(
        "post number", max_length=100, help_text="The platform’s own number or code for the post, from its address."
    )
    permalink = models.URLField(
        max_length=500, unique=True, help_text="The post’s address, spelled one way whichever way it was pasted."
    )
    author_name = models.CharField(
        max_length=200, blank=True, help_text="The name shown on the post, e.g. “Shah Rukh Khan”."
    )
    author_handle = models.CharField(
        max_length=100, blank=True, help_text="The account name without the @, e.g. “iamsrk”."
    )
    text = models.TextField(
        blank=True,
        max_length=5000,
        help_text="What the post says, as plain text. @names, #hashtags and addresses on the platform become "
        "links by themselves. For a video, its title.",
    )
    text_html = models.TextField(editable=False, blank=True)
    posted_at = models.DateTimeField("posted", null=True, blank=True, help_text="When the post was published.")
    media_url = models.URLField(
        "media link",
        max_length=1000,
        blank=True,
        help_text="The address of the post’s picture or video still on the platform, kept for reference. "
        "Readers’ browsers never load it.",
    )
    state = models.CharField(
        max_length=10,
        choices=State,
        default=State.PENDING,
        help_text="Archived: we hold the post. Waiting for fetch: only its address so far. Fetch failed: the "
        "platform did not answer (see the reason); readers see what the address tells. Gone: deleted or made "
        "private; readers see our archived copy and a note.",
    )
    state_reason = models.CharField(
        "reason",
        max_length=300,
        blank=True,
        help_text="Why the last fetch failed or why the post is gone, as the platform or the network put it.",
    )
    failure = models.CharField(
        max_length=12, choices=Failure, blank=True, help_text="What kind of failure the last fetch was."
    )
    failed_fetches = models.PositiveSmallIntegerField(
        default=0, help_text="Fetches that failed in a row; each one waits longer before the next try."
    )
    retry_at = models.DateTimeField(
        null=True, blank=True, help_text="After a failed fetch, when `check_social_posts` may try again."
    )
    fetched_at = models.DateTimeField(null=True, blank=True, help_text="When the platform last answered about it.")
    checked_at = models.DateTimeField(null=True, blank=True, help_text="When we last asked the platform about it.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SocialPostQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "checked_at"], name="socialpost_check_idx")]
        constraints = [
            models.UniqueConstraint(fields=["platform", "post_id"], name="socialpost_once_per_platform"),
            # A new platform changes this list: `makemigrations social` after registering it.
            models.CheckConstraint(
                condition=Q(platform__in=[platform.slug for platform in registry]), name="socialpost_platform_valid"
            ),
            models.CheckConstraint(condition=Q(state__in=State.values), name="socialpost_state_valid"),
            models.CheckConstraint(condition=Q(failure__in=["", *Failure.values]), name="socialpost_failure_valid"),
            models.CheckConstraint(condition=~Q(post_id=""), name="socialpost_has_post_id"),
            models.CheckConstraint(
                condition=~Q(state=State.FAILED) | (~Q(state_reason="") & ~Q(failure="")),
                name="failed_socialpost_has_reason",
                violation_error_message="A failed fetch needs its reason and its kind.",
            ),
        ]

    def __str__(self):
        who = f"@{self.author_handle}" if self.author_handle else self.author_name or self.post_id
        return f"{self.get_platform_display()} post by {who}"

    def save(self, *args, **kwargs):
        self.text_html = self.render_text_html()
        super().save(*args, **kwargs)

    def render_text_html(self):
        return text.render_text(self.text, self.platform)

    @cached_property
    def platform_info(self):
        """What the platform's module says about it (social/platforms/)."""
        return registry.get(self.platform)

    @property
    def platform_name(self):
        return self.platform_info.name

    @property
    def is_video(self):
        return self.platform_info.is_video

    @property
    def is_gone(self):
        return self.state == self.State.GONE

    @property
    def is_compact(self):
        """Little is known (no text, no video still to show): the card is a short line, not an empty box."""
        return not self.text_html and not self.is_video

    @property
    def author_url(self):
        return self.platform_info.mention_url(self.author_handle) if self.author_handle else ""

    @property
    def original_url(self):
        return self.platform_info.original_url(self)

    @property
    def embed_url(self):
        """The platform's own embed, loaded into a frame only when a reader asks for it."""
        return self.platform_info.embed_url(self)

    def state_summary(self):
        """The archive's state in plain words for editors; `state_reason` keeps the technical cause."""
        name = self.platform_name
        if self.state == self.State.GONE:
            return f"Gone from {name}: readers see our archived copy."
        if self.state != self.State.FAILED:
            return self.get_state_display()
        if self.failure == self.Failure.TOKEN:
            return f"Fetch failed: {name} answers only sites with a Meta access token, and this site has none."
        if self.failure == self.Failure.OFF:
            return f"Fetch failed: fetching from {name} is turned off on this site."
        what = {
            self.Failure.REFUSED: f"{name} answered with an error",
            self.Failure.UNREADABLE: f"{name}’s answer could not be read",
        }.get(self.failure, f"{name} could not be reached")
        if self.retry_at is None:
            return f"Fetch failed: {what}."
        when = formats.date_format(timezone.localtime(self.retry_at), "H:i, j F")
        return f"Fetch failed: {what}; we will try again after {when}."
