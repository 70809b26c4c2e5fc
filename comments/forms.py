import time
import unicodedata

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.conf import settings
from django.core import signing

from comments.models import Comment, CommentFlag

TOKEN_SALT = "comments.form-timestamp"  # noqa: S105 (a signing salt, not a secret)
ALLOWED_CONTROLS = {"\n", "\r", "\t"}


def form_token(article_id, now=None):
    """A signed note of which article the form is for and when it was served."""
    return signing.dumps({"a": article_id, "t": round(now if now is not None else time.time(), 2)}, salt=TOKEN_SALT)


def has_control_characters(value, allowed=frozenset()):
    return any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co"} and ch not in allowed for ch in value)


class CommentForm(forms.Form):
    name = forms.CharField(
        max_length=Comment._meta.get_field("name").max_length,
        error_messages={
            "required": "Please enter your name.",
            "max_length": "Please keep your name under %(limit_value)d characters (it has %(show_value)d).",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        max_length=Comment._meta.get_field("email").max_length,
        help_text="Never shown to anyone but our moderators.",
        error_messages={
            "required": "Please enter your email address.",
            "invalid": "Please enter a valid email address, like name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    text = forms.CharField(
        label="Comment",
        max_length=Comment._meta.get_field("text").max_length,
        error_messages={
            "required": "Please write your comment.",
            "max_length": "Please keep your comment under %(limit_value)d characters (it has %(show_value)d).",
        },
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    notify_replies = forms.BooleanField(
        required=False,
        label="Email me when someone replies",
        help_text="We first send you a link to confirm. Every email has a link to stop them.",
    )
    # Hidden from people by a CSS class (no inline style under our CSP) and from screen readers by
    # aria-hidden on its wrapper; robots that fill every field fill this one.
    website = forms.CharField(required=False, label="Leave this field empty", max_length=200)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    token = forms.CharField(widget=forms.HiddenInput, error_messages={"required": "This form is incomplete."})

    def __init__(self, *args, article, **kwargs):
        self.article = article
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", form_token(article.pk))
        self.form_age = None
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("parent"),
            Field("token"),
            Field("name"),
            Field("email"),
            Field("text"),
            Field("notify_replies"),
            Field("website", wrapper_class="comment-form__trap", tabindex="-1", autocomplete="off"),
            Submit("submit", "Post comment", css_class="comment-button"),
        )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Please enter your name.")
        if has_control_characters(name):
            raise forms.ValidationError("Your name contains characters we cannot show. Please type it again.")
        if "<" in name or ">" in name:
            raise forms.ValidationError("Please leave out < and > from your name.")
        return name

    def clean_text(self):
        text = self.cleaned_data["text"].replace("\r\n", "\n").replace("\r", "\n").strip()
        if not text:
            raise forms.ValidationError("Please write your comment.")
        if has_control_characters(text, ALLOWED_CONTROLS):
            raise forms.ValidationError("Your comment contains invisible control characters. Please remove them.")
        return text

    def clean_email(self):
        email = self.cleaned_data["email"]
        if has_control_characters(email):
            raise forms.ValidationError("Please enter a valid email address, like name@example.com.")
        return email.lower()

    def clean_token(self):
        try:
            data = signing.loads(self.cleaned_data["token"], salt=TOKEN_SALT)
        except signing.BadSignature:
            raise forms.ValidationError(
                "This form was changed or is incomplete, so we could not accept it. Please reload the page."
            ) from None
        if not isinstance(data, dict) or data.get("a") != self.article.pk or not isinstance(data.get("t"), float | int):
            raise forms.ValidationError("This form belongs to another story. Please reload the page.")
        self.form_age = time.time() - data["t"]
        if self.form_age > settings.COMMENTS_FORM_MAX_AGE:
            raise forms.ValidationError("This form was open for too long. We kept your text: please send it again.")
        return self.cleaned_data["token"]

    def clean(self):
        cleaned = super().clean()
        if "website" not in self.data:
            raise forms.ValidationError("This form is incomplete. Please reload the page and try again.")
        if self.errors.get("token"):
            # A fresh token lets the reader send the form again without losing what they typed.
            self.data = self.data.copy()
            self.data["token"] = form_token(self.article.pk)
        return cleaned


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        choices=CommentFlag.Reason.choices,
        widget=forms.RadioSelect,
        label="What is wrong with this comment?",
        error_messages={"required": "Please choose a reason."},
    )
