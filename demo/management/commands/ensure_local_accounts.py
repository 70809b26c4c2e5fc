import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from comments.services import ensure_moderator_group


class Command(BaseCommand):
    help = (
        "Make sure the local admin account exists and print how to sign in. Its password is generated "
        "once and kept in var/, so it is the same on every run. For local use only."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG and not settings.SECRET_KEY:
            raise CommandError("Refusing to create local accounts without a SECRET_KEY.")
        password = self.local_password("admin")
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.com"}
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.is_staff = user.is_superuser = user.is_active = True
            user.save()
        port = os.environ.get("PORT") or "8000"  # empty means unset, as in the Makefile
        self.stdout.write(
            self.style.SUCCESS(f"Admin: http://127.0.0.1:{port}/admin/  user: admin  password: {password}")
        )
        self.ensure_moderator(port)

    def ensure_moderator(self, port):
        """A comment moderator: sees the comment queue in the admin, cannot edit articles."""
        password = self.local_password("moderator")
        user, created = get_user_model().objects.get_or_create(
            username="moderator", defaults={"is_staff": True, "email": "moderator@example.com"}
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.is_staff = user.is_active = True
            user.save()
        user.groups.add(ensure_moderator_group())
        self.stdout.write(
            self.style.SUCCESS(f"Moderator: http://127.0.0.1:{port}/admin/  user: moderator  password: {password}")
        )

    def local_password(self, username):
        path = settings.VAR_DIR / f"{username}_password"
        if not path.exists():
            settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(12))
            path.chmod(0o600)
        return path.read_text().strip()
