from django import forms
from django.urls import reverse_lazy
from django.utils import timezone

from articles.models import Article


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
            "status",
            "published_at",
            "updated_at",
            "tags",
            "comments_open",
            "comment_prompt",
        ]
        widgets = {"body": BodyEditor, "standfirst": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "body": f"{Article._meta.get_field('body').help_text} To embed a post from X, Instagram, YouTube, "
            "TikTok or Facebook, paste its address or the platform’s embed code on a line of its own.",
        }

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("status") == Article.Status.PUBLISHED and not cleaned_data.get("published_at"):
            # "Publish" with no time means now; the field's help text tells the editor so.
            cleaned_data["published_at"] = timezone.now()
        return cleaned_data
