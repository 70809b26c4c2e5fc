from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy

from articles import services
from articles.admin_revisions import conflict_message
from articles.models import Article
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


class ArticleAdminForm(forms.ModelForm):
    # The status and the publication time are the publishing service's to write (articles/services.py,
    # change_status, called by the admin after the save): the form only carries the editor's choice, so the
    # row it saves, and the model validation of it, keep the status they had until the service moves it.
    status = Article._meta.get_field("status").formfield()
    published_at = Article._meta.get_field("published_at").formfield(
        form_class=forms.SplitDateTimeField, widget=widgets.AdminSplitDateTime
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
        if self.instance.pk:
            self.initial.setdefault("status", self.instance.status)
            self.initial.setdefault("published_at", self.instance.published_at)
            self.initial.setdefault("version", self.instance.version)

    def clean(self):
        cleaned_data = super().clean()
        self.refuse_edit_conflict(cleaned_data.get("version"))
        if cleaned_data.get("status") == Article.Status.PUBLISHED:
            # The rules are the publishing service's; the form only asks, so that the editor reads the
            # refusal beside the status with everything typed kept, instead of after the save.
            story = Article(headline=cleaned_data.get("headline", ""), body=cleaned_data.get("body", ""))
            for problem in services.publication_problems(story):
                self.add_error("status", problem)
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
