from django import forms
from django.conf import settings
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone

from articles import images, services
from articles.admin_revisions import conflict_message
from articles.models import LIVE_STATUSES, Action, Article, Author, Image, Section, Tag
from articles.slugs import slug_for
from social import paste


class SlugInput(forms.TextInput):
    """The slug box, filled from another field as the editor types it, by the server's own slug_for().

    It replaces the admin's prepopulated_fields, whose script drops every letter outside Latin, Greek,
    Cyrillic and a few others, so a Hindi headline gave an empty slug. Without script the box stays empty
    and the form fills it on save (SlugFromSource.clean_slug).
    """

    class Media:
        js = ["articles/admin/slug.js"]

    def __init__(self, source, attrs=None):
        self.source = source
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-slug-source": f"id_{self.source}",
                "data-slug-url": reverse_lazy("admin:articles_slug"),
                "data-slug-max-length": self.attrs.get("maxlength", ""),
            }
        )
        return context


class Counted:
    """A text box that counts its characters against `limit`, marking where search engines stop (`mark`).

    Without `maxlength`, so that pasting a long text never cuts it silently: the form's own max_length check
    refuses it with the count, and the script shows the count while typing.
    """

    class Media:
        css = {"all": ["articles/admin/fields.css"]}
        js = ["articles/admin/fields.js"]

    def __init__(self, limit, mark=None, attrs=None):
        attrs = {**(attrs or {}), "data-count-limit": limit}
        if mark:
            attrs["data-count-mark"] = mark
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("maxlength", None)
        return context


class CountedTextInput(Counted, forms.TextInput):
    pass


class CountedTextarea(Counted, forms.Textarea):
    pass


# Roughly what Google shows of a title and of a description in its results.
SEARCH_TITLE_LENGTH = 110
SEARCH_DESCRIPTION_LENGTH = 160


class SlugFromSource(forms.ModelForm):
    """A model form whose `slug` may be left empty: it is then made from the `slug_source` field."""

    slug_source = "name"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" not in self.fields or self.slug_source not in self.fields:
            return  # read-only for this user
        field = self.fields["slug"]
        field.required = False
        field.widget = SlugInput(self.slug_source, attrs=field.widget.attrs)
        label = self.fields[self.slug_source].label.lower()
        field.help_text = f"{field.help_text} Left empty, it is made from the {label}.".strip()

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug:
            return slug
        slug = slug_for(self.cleaned_data.get(self.slug_source, ""), self.fields["slug"].max_length)
        if not slug and self.slug_source not in self.errors:
            raise ValidationError(
                f"The {self.fields[self.slug_source].label.lower()} has no letters or digits to make an address "
                "from: type a slug, e.g. “new-trailer”."
            )
        return slug


class SectionAdminForm(SlugFromSource):
    class Meta:
        model = Section
        fields = ["name", "slug", "description", "position"]


class TagAdminForm(SlugFromSource):
    class Meta:
        model = Tag
        fields = ["name", "slug"]


class AuthorAdminForm(SlugFromSource):
    class Meta:
        model = Author
        fields = ["name", "slug", "bio", "photo", "user"]


class BodyEditor(forms.Textarea):
    """A Markdown textarea with a live preview rendered by the same code that renders the saved body."""

    template_name = "articles/admin/body_editor.html"

    class Media:
        css = {"all": ["articles/admin/body_editor.css"]}
        js = ["articles/admin/body_editor.js", "articles/admin/image_chooser.js"]

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 24, "class": "body-editor__input", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["preview_url"] = reverse_lazy("admin:articles_article_preview")
        context["frame_url"] = reverse_lazy("admin:articles_article_preview_frame")
        context["chooser_url"] = reverse_lazy("admin:articles_article_image_chooser")
        context["image_add_url"] = reverse_lazy("admin:articles_image_add")
        return context


def site_zone():
    """The site's time zone named as editors read it: "Asia/Kolkata, IST"."""
    return f"{settings.TIME_ZONE}, {timezone.localtime().tzname()}"


class ArticleAdminForm(SlugFromSource):
    """The article's fields, and the workflow move the editor or writer chose (applied after the save).

    The status and the publication time are the workflow services' to write (articles/services.py): the
    form offers only the moves its `actor` may make now and checks them here, so that a refusal shows
    beside the choice with everything typed kept; the admin applies the move once the article is saved.
    """

    actor = None  # the signed-in user: ArticleAdmin.get_form sets it on the class it returns
    KEEP = ""
    LABELS = {
        Action.SUBMITTED: "Submit for review",
        Action.SENT_BACK: "Send back to the writer, with the note below",
        Action.SCHEDULED: "Schedule for the time below",
        Action.PUBLISHED: "Publish now",
        Action.UNPUBLISHED: "Unpublish (take it away from readers)",
    }

    workflow = forms.ChoiceField(
        label="Next step",
        required=False,
        help_text="What happens to the story when you save. Only the steps your role allows are offered.",
    )
    send_back_note = forms.CharField(
        label="Note to the writer",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Say what the story needs before it can go out. The writer sees it on the article.",
    )
    schedule_at = forms.SplitDateTimeField(
        label="Schedule for",
        required=False,
        widget=widgets.AdminSplitDateTime,
        help_text="The story goes live by itself at this time, no one needs to be online.",
    )
    publish_now_instead = forms.BooleanField(
        label="Publish now instead",
        required=False,
        help_text="If the time you picked has already passed, tick this to publish the story now.",
    )

    # Revisions: the version of the article this form was opened on, for the optimistic lock that
    # services.save_article checks. Excluded from the model part of the form (ArticleAdmin.exclude).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "section",
            "authors",
            "hero_image",
            "body",
            "updated_at",
            "tags",
            "comments_open",
            "comment_prompt",
        ]
        widgets = {
            "headline": CountedTextInput(
                Article._meta.get_field("headline").max_length, SEARCH_TITLE_LENGTH, attrs={"class": "headline-input"}
            ),
            "standfirst": CountedTextarea(
                Article._meta.get_field("standfirst").max_length, SEARCH_DESCRIPTION_LENGTH, attrs={"rows": 3}
            ),
            "body": BodyEditor,
        }
        help_texts = {
            "headline": f"Up to {Article._meta.get_field('headline').max_length} characters. Search engines show "
            f"about the first {SEARCH_TITLE_LENGTH}: put the names and the news there.",
            "standfirst": f"{Article._meta.get_field('standfirst').help_text} Up to "
            f"{Article._meta.get_field('standfirst').max_length} characters; search engines show about the first "
            f"{SEARCH_DESCRIPTION_LENGTH} under the headline.",
            "body": f"{Article._meta.get_field('body').help_text} To embed a post from {paste.platform_names()}, "
            "paste its address or the platform’s embed code on a line of its own.",
        }

    slug_source = "headline"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = services.allowed_actions(self.instance, self.actor) if self.actor is not None else []
        state = self.instance.state_display() if self.instance.pk else "New draft"
        self.fields["workflow"].choices = [
            (self.KEEP, f"Keep it as it is ({state})"),
            *((action, self.LABELS[action]) for action in self.allowed),
        ]
        self.fields["schedule_at"].help_text = f"In {site_zone()}. {self.fields['schedule_at'].help_text}"
        if self.instance.status == Article.Status.SCHEDULED and not self.instance.is_published():
            self.initial.setdefault("schedule_at", self.instance.published_at)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)

    def clean(self):
        cleaned_data = super().clean()
        self.refuse_edit_conflict(cleaned_data.get("version"))
        action = cleaned_data.get("workflow") or self.KEEP
        if action == Action.SENT_BACK and not cleaned_data.get("send_back_note", "").strip():
            self.add_error("send_back_note", "Say what the story needs, so the writer knows what to change.")
        if action == Action.SCHEDULED:
            action = self.clean_schedule(cleaned_data)
        cleaned_data["workflow"] = action
        goes_live = action in (Action.SCHEDULED, Action.PUBLISHED)
        stays_live = action == self.KEEP and self.instance.status in LIVE_STATUSES
        if goes_live or stays_live:
            # The rules are the services'; asked here, on the story as typed, so the refusal comes before the save.
            for problem in services.publication_problems(self.story_as_typed(cleaned_data)):
                self.add_error("workflow", problem)
        elif action == Action.SUBMITTED:
            for problem in services.review_problems(self.story_as_typed(cleaned_data)):
                self.add_error("workflow", problem)
        return cleaned_data

    def refuse_edit_conflict(self, version):
        """Refuse the save when someone else saved the article since this form was opened on `version`.

        The editor's text stays in the form, with what the other person changed; the form now carries the
        version saved, so saving again replaces their text knowingly. services.save_article checks the
        lock again as it saves, for the saves that come closer together than this check.
        """
        conflict = services.edit_conflict(self.instance, version)
        if conflict is None:
            return
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = conflict.version
        self.add_error(None, ValidationError(conflict_message(conflict), code="edit_conflict"))

    def clean_schedule(self, cleaned_data):
        """The move a schedule becomes: itself, or publishing now when the time has passed and the editor agrees."""
        at = cleaned_data.get("schedule_at")
        if at is None:
            if "schedule_at" not in self.errors:
                self.add_error("schedule_at", "Pick the date and time the story should go live.")
            return Action.SCHEDULED
        try:
            services.check_schedule_time(at)
        except services.ScheduleTimeHasPassed as error:
            if cleaned_data.get("publish_now_instead") and Action.PUBLISHED in self.allowed:
                return Action.PUBLISHED
            self.add_error("schedule_at", error)
        return Action.SCHEDULED

    def story_as_typed(self, cleaned_data):
        """The article with what was typed, for the services' checks; fields read-only for this person keep theirs."""
        story = Article(
            headline=self.instance.headline,
            body=self.instance.body,
            section_id=self.instance.section_id,
            hero_image=self.instance.hero_image if self.instance.hero_image_id else None,
        )
        for name in ["headline", "body", "section", "hero_image"]:
            if name in self.fields and name in cleaned_data:
                setattr(story, name, cleaned_data[name])
        story.headline, story.body = story.headline or "", story.body or ""
        return story

    def apply_workflow(self, article, *, actor):
        """The move chosen on the form, through its service, once the article is saved (ArticleAdmin.save_related)."""
        action = self.cleaned_data["workflow"]
        if action == Action.SUBMITTED:
            services.submit_for_review(article, actor=actor)
        elif action == Action.SENT_BACK:
            services.send_back(article, actor=actor, note=self.cleaned_data["send_back_note"])
        elif action == Action.SCHEDULED:
            services.schedule_article(article, at=self.cleaned_data["schedule_at"], actor=actor)
        elif action == Action.PUBLISHED:
            services.publish_article(article, actor=actor)
        elif action == Action.UNPUBLISHED:
            services.unpublish_article(article, actor=actor)


class SearchForm(forms.Form):
    """The reader's search (articles/search.py): the words, and optionally a section and a range of dates."""

    # A pasted paragraph is searched for its first words (search.MAX_WORDS); this much is kept to show back.
    QUERY_KEPT = 300

    q = forms.CharField(label="Search for", required=False)
    section = forms.ModelChoiceField(
        Section.objects.all(), to_field_name="slug", required=False, empty_label="All sections"
    )
    since = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_q(self):
        return self.cleaned_data["q"][: self.QUERY_KEPT]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise ValidationError("The “From” date must come before the “To” date.")
        return cleaned


class ImageAdminForm(forms.ModelForm):
    """The picture library's form: a new file is refused, with the cause, when the media folder cannot take
    it and its renditions (images.check_media_writable), before anything is stored."""

    class Meta:
        model = Image
        fields = ["file", "focal_x", "focal_y", "alt_text", "caption", "credit"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if "file" in self.changed_data and upload:
            images.check_media_writable(Image._meta.get_field("file").storage, upload.size)
        return upload
