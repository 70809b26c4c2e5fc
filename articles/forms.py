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
