import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from articles.roles import declared_roles, sync_role

# One account per role, as `make run` prints them: (username, group or None for the superuser, what it is for)
ACCOUNTS = [
    ("writer", "Writer"),  # drafts stories and submits them for review
    ("editor", "Editor"),  # reviews, sends back, schedules, publishes
    ("moderator", "Moderator"),  # the comment queue, nothing of the articles
    ("admin", None),  # everything
]


class Command(BaseCommand):
    help = (
        "Make sure the local accounts exist, one per role (writer, editor, moderator, admin), and print how "
        "to sign in. Their passwords are generated once and kept in var/, so they are the same on every run. "
        "For local use only."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG and not settings.SECRET_KEY:
            raise CommandError("Refusing to create local accounts without a SECRET_KEY.")
        port = os.environ.get("PORT") or "8000"  # empty means unset, as in the Makefile
        roles = declared_roles()
        admin_url = f"http://127.0.0.1:{port}{reverse('admin:index')}"  # ADMIN_URL, admin/ unless set
        for username, role in ACCOUNTS:
            password = self.ensure_account(username, role, roles)
            self.stdout.write(
                self.style.SUCCESS(f"{role or 'Admin'}: {admin_url}  user: {username}  password: {password}")
            )

    def ensure_account(self, username, role, roles):
        password = self.local_password(username)
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"is_staff": True, "is_superuser": role is None, "email": f"{username}@example.com"},
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.is_staff = user.is_active = True
            user.is_superuser = role is None
            user.save()
        if role is not None:
            user.groups.add(sync_role(role, roles[role])[0])
        return password

    def local_password(self, username):
        path = settings.VAR_DIR / f"{username}_password"
        if not path.exists():
            settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(12))
            path.chmod(0o600)
        return path.read_text().strip()
