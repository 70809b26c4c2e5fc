from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy

from articles import services
from articles.models import Article, Author, Section, Tag
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
        js = ["articles/admin/body_editor.js"]

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 24, "class": "body-editor__input", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["preview_url"] = reverse_lazy("admin:articles_article_preview")
        return context


class ArticleAdminForm(SlugFromSource):
    # The status and the publication time are the publishing service's to write (articles/services.py,
    # change_status, called by the admin after the save): the form only carries the editor's choice, so the
    # row it saves, and the model validation of it, keep the status they had until the service moves it.
    status = Article._meta.get_field("status").formfield()
    published_at = Article._meta.get_field("published_at").formfield(
        form_class=forms.SplitDateTimeField, widget=widgets.AdminSplitDateTime
    )

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

    slug_source = "headline"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("status", self.instance.status)
            self.initial.setdefault("published_at", self.instance.published_at)

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("status") == Article.Status.PUBLISHED:
            # The rules are the publishing service's; the form only asks, so that the editor reads the
            # refusal beside the status with everything typed kept, instead of after the save.
            story = Article(headline=cleaned_data.get("headline", ""), body=cleaned_data.get("body", ""))
            for problem in services.publication_problems(story):
                self.add_error("status", problem)
        return cleaned_data
