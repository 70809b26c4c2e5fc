from urllib.parse import urlencode

from django.db import models
from django.db.models import F, Q

from social import addresses, text


class SocialPostQuerySet(models.QuerySet):
    def due_for_check(self):
        """Posts never fetched first, then failed ones, then every other post, the longest unchecked first."""
        waiting_first = models.Case(
            models.When(state=SocialPost.State.PENDING, then=0),
            models.When(state=SocialPost.State.FAILED, then=1),
            default=2,
        )
        return self.order_by(waiting_first, F("checked_at").asc(nulls_first=True), "pk")


class SocialPost(models.Model):
    """A post from a social platform, archived when an editor pastes it, shared by everything that shows it."""

    class Platform(models.TextChoices):
        X = addresses.X, "X"
        INSTAGRAM = addresses.INSTAGRAM, "Instagram"
        YOUTUBE = addresses.YOUTUBE, "YouTube"
        TIKTOK = addresses.TIKTOK, "TikTok"
        FACEBOOK = addresses.FACEBOOK, "Facebook"

    class State(models.TextChoices):
        ARCHIVED = "archived", "Archived"
        PENDING = "pending", "Waiting for fetch"
        FAILED = "failed", "Fetch failed"
        GONE = "gone", "Gone from the platform"

    platform = models.CharField(max_length=10, choices=Platform.choices)
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
        choices=State.choices,
        default=State.PENDING,
        help_text="Archived: we hold the post. Waiting for fetch: only its address so far. Fetch failed: the "
        "platform did not answer (see the reason); readers see what the address tells. Gone: deleted or made "
        "private; readers see our archived copy and a note.",
    )
    state_reason = models.CharField(
        "reason", max_length=300, blank=True, help_text="Why the last fetch failed or why the post is gone."
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
            models.CheckConstraint(
                condition=Q(platform__in=list(addresses.PLATFORM_NAMES)), name="socialpost_platform_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["archived", "pending", "failed", "gone"]), name="socialpost_state_valid"
            ),
            models.CheckConstraint(condition=~Q(post_id=""), name="socialpost_has_post_id"),
            models.CheckConstraint(
                condition=~Q(state="failed") | ~Q(state_reason=""),
                name="failed_socialpost_has_reason",
                violation_error_message="A failed fetch needs its reason.",
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

    @property
    def platform_name(self):
        return self.get_platform_display()

    @property
    def is_video(self):
        return self.platform in (self.Platform.YOUTUBE, self.Platform.TIKTOK)

    @property
    def is_gone(self):
        return self.state == self.State.GONE

    @property
    def author_url(self):
        return text.mention_url(self.platform, self.author_handle) if self.author_handle else ""

    @property
    def original_url(self):
        if self.platform == self.Platform.X and self.author_handle:
            return f"https://x.com/{self.author_handle}/status/{self.post_id}"
        return self.permalink

    @property
    def embed_url(self):
        """The platform's own embed, loaded into a frame only when a reader asks for it."""
        if self.platform == self.Platform.X:
            return f"https://platform.twitter.com/embed/Tweet.html?id={self.post_id}&dnt=true"
        if self.platform == self.Platform.YOUTUBE:
            return f"https://www.youtube-nocookie.com/embed/{self.post_id}"
        if self.platform == self.Platform.TIKTOK:
            return f"https://www.tiktok.com/embed/v2/{self.post_id}"
        if self.platform == self.Platform.INSTAGRAM:
            return f"https://www.instagram.com/p/{self.post_id}/embed/"
        plugin = "video.php" if "/videos/" in self.permalink or "/watch/" in self.permalink else "post.php"
        return f"https://www.facebook.com/plugins/{plugin}?{urlencode({'href': self.permalink, 'show_text': 'true'})}"
