"""The admin's sign-in: its lockout page, and its two-factor step.

`locked_out`: django-axes calls it through AXES_LOCKOUT_CALLABLE (settings.py). Axes' own response is a bare
line of text; this one is the admin's sign-in page with the message, how long the pause lasts, and a
Retry-After header that says the same to a script.

`AdminSite`: the site's admin (through newsroom/admin_app.py). With ADMIN_TWO_FACTOR on, superusers sign in
with a code from an authenticator app (django-otp's TOTP), and so does any staff account that has one.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm


def locked_out(request, original_response=None, credentials=None):
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {
        **admin.site.each_context(request),
        "title": "Signing in is paused",
        "message": settings.AXES_COOLOFF_MESSAGE,
    }
    response = TemplateResponse(request, "admin/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response.render()


def needs_two_factor(user, devices=None):
    """With ADMIN_TWO_FACTOR on: a superuser always, any other staff account once it has an authenticator.

    `devices`: the account's authenticators, when the caller has read them already."""
    if not settings.ADMIN_TWO_FACTOR:
        return False
    return user.is_superuser or bool(list(devices_for_user(user)) if devices is None else devices)


class TwoFactorAuthenticationForm(OTPAdminAuthenticationForm):
    """The admin's sign-in with the authenticator's code, asked of the accounts `needs_two_factor` names.

    One form, one submission: the password is checked first (through authenticate(), so the throttle counts
    it), then the code. An account with one authenticator has it chosen for it; django-otp asks for an
    explicit choice only so as not to try a code against several devices in turn.
    """

    otp_error_messages = {
        **OTPAdminAuthenticationForm.otp_error_messages,
        "token_required": "Enter the six-digit code your authenticator app shows for this site.",
        "invalid_token": "That code is not right: enter the one your authenticator app shows now.",
    }
    no_authenticator = (
        "Superusers sign in with a code from an authenticator app, and this account has none yet. Ask another "
        "superuser to add one, or run `manage.py add_totp_device {username}` on the server."
    )

    def clean(self):
        self.cleaned_data = AdminAuthenticationForm.clean(self)
        user = self.get_user()
        if user is None:
            return self.cleaned_data
        devices = list(devices_for_user(user))
        if not needs_two_factor(user, devices):
            return self.cleaned_data
        if not devices:
            raise ValidationError(self.no_authenticator.format(username=user.get_username()), code="no_authenticator")
        if len(devices) == 1 and not self.cleaned_data.get("otp_device"):
            self.cleaned_data["otp_device"] = devices[0].persistent_id
        self.clean_otp(user)
        return self.cleaned_data


class AdminSite(admin.AdminSite):
    """The admin, asking for an authenticator's code when ADMIN_TWO_FACTOR is on (newsroom/admin_app.py)."""

    @property
    def login_form(self):
        return TwoFactorAuthenticationForm if settings.ADMIN_TWO_FACTOR else None

    @property
    def login_template(self):
        return "admin/login_two_factor.html" if settings.ADMIN_TWO_FACTOR else None

    def has_permission(self, request):
        """A session signed in with the password alone, from before the switch, is sent to sign in again."""
        if not super().has_permission(request):
            return False
        return request.user.is_verified() or not needs_two_factor(request.user)
