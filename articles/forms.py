from django import forms
from django.conf import settings
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone

from articles import services
from articles.admin_revisions import conflict_message
from articles.models import LIVE_STATUSES, Action, Article
from social import paste


class BodyEditor(forms.Textarea):
    """A Markdown textarea with a live preview rendered by the same code that renders the saved body."""

    template_name = "articles/admin/body_editor.html"

    class Media:
        css = {"all": ["articles/admin/body_editor.css"]}
        js = ["articles/admin/body_editor.js"]

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 24, "class": "body-editor__input", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["preview_url"] = reverse_lazy("admin:articles_article_preview")
        return context


def site_zone():
    """The site's time zone named as editors read it: "Asia/Kolkata, IST"."""
    return f"{settings.TIME_ZONE}, {timezone.localtime().tzname()}"


class ArticleAdminForm(forms.ModelForm):
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
        widgets = {"body": BodyEditor, "standfirst": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "body": f"{Article._meta.get_field('body').help_text} To embed a post from {paste.platform_names()}, "
            "paste its address or the platform’s embed code on a line of its own.",
        }

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
