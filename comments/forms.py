import time
import unicodedata

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import ngettext

from comments.models import Comment, CommentFlag
from comments.text import harmful_character, is_blank, normalize

TOKEN_SALT = "comments.form-timestamp"  # noqa: S105 (a signing salt, not a secret)
NAME_MAX_LENGTH = Comment._meta.get_field("name").max_length
TEXT_MAX_LENGTH = Comment._meta.get_field("text").max_length


def form_token(article_id, now=None, quick_tries=0):
    """A signed note of which article the form is for, when it was served, and how often it came back too fast."""
    data = {"a": article_id, "t": round(now if now is not None else time.time(), 2)}
    if quick_tries:
        data["q"] = quick_tries
    return signing.dumps(data, salt=TOKEN_SALT)


def has_control_characters(value):
    """For email addresses, which have no use for any invisible character at all."""
    return any(unicodedata.category(ch)[0] == "C" for ch in value)


class CommentForm(forms.Form):
    name = forms.CharField(
        max_length=NAME_MAX_LENGTH,
        error_messages={
            "required": "Please enter your name.",
            "max_length": "Please keep your name under %(limit_value)d characters (it has %(show_value)d).",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name", "dir": "auto"}),
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
    # No max_length on the field: its maxlength attribute makes the browser cut a long paste without a
    # word. clean_text() checks the limit on the text as it will be stored, and names both numbers; the
    # script's counter reads the limit from data-max-chars.
    text = forms.CharField(
        label="Comment",
        error_messages={"required": "Please write your comment."},
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto", "data-max-chars": TEXT_MAX_LENGTH}),
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
        self.quick_tries = 0
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
        name = " ".join(normalize(self.cleaned_data["name"]).split())
        if is_blank(name):
            raise forms.ValidationError("Please enter your name.")
        problem = harmful_character(name, label="Your name", allowed=frozenset())
        if problem:
            raise forms.ValidationError(f"{problem} Please type your name again.")
        if "<" in name or ">" in name:
            raise forms.ValidationError("Please leave out < and > from your name.")
        if len(name) > NAME_MAX_LENGTH:  # NFC can lengthen a name, e.g. a Devanagari letter with a nukta
            raise forms.ValidationError(
                f"Please keep your name under {NAME_MAX_LENGTH} characters (it has {len(name)})."
            )
        return name

    def clean_text(self):
        text = normalize(self.cleaned_data["text"]).strip()
        if is_blank(text):
            raise forms.ValidationError("Please write your comment.")
        problem = harmful_character(text, label="Your comment")
        if problem:
            raise forms.ValidationError(
                f"{problem} Please delete it and send your comment again: it often comes with copied text."
            )
        if len(text) > TEXT_MAX_LENGTH:
            over = len(text) - TEXT_MAX_LENGTH
            message = ngettext(
                "Your comment has %(length)s characters and the limit is %(limit)s: please shorten it by "
                "%(over)s character. We kept all of it here.",
                "Your comment has %(length)s characters and the limit is %(limit)s: please shorten it by "
                "%(over)s characters. We kept all of it here.",
                over,
            )
            raise forms.ValidationError(
                message % {"length": f"{len(text):,}", "limit": f"{TEXT_MAX_LENGTH:,}", "over": f"{over:,}"}
            )
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
        self.quick_tries = data["q"] if isinstance(data.get("q"), int) else 0
        if self.form_age > settings.COMMENTS_FORM_MAX_AGE:
            raise forms.ValidationError("This form was open for too long. We kept your text: please send it again.")
        return self.cleaned_data["token"]

    def clean(self):
        cleaned = super().clean()
        if "website" not in self.data:
            raise forms.ValidationError("This form is incomplete. Please reload the page and try again.")
        if self.errors.get("token"):
            self.renew_token()
        return cleaned

    def renew_token(self, *, quick_tries=0):
        """A fresh timestamp in the form sent back, so the reader can send it again without losing a word."""
        self.data = self.data.copy()
        self.data["token"] = form_token(self.article.pk, quick_tries=quick_tries)


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        choices=CommentFlag.Reason.choices,
        widget=forms.RadioSelect,
        label="What is wrong with this comment?",
        error_messages={"required": "Please choose a reason."},
    )
