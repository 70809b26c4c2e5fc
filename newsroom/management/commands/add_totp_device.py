from base64 import b32encode

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Add an authenticator app to an account, for two-factor sign-in to the admin (ADMIN_TWO_FACTOR): "
        "prints the address to open on the phone (or turn into a QR code) and its secret to type in instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Authenticator app", help="What the admin calls this device.")

    def handle(self, *args, username, name, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"There is no account {username!r}.") from None
        device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        secret = b32encode(device.bin_key).decode()
        self.stdout.write(f"Added {name!r} to {username}. In the authenticator app, add:\n")
        self.stdout.write(f"  {device.config_url}\n")
        self.stdout.write(f"or type in the secret {secret} (time-based, 6 digits, every 30 seconds).\n")
        self.stdout.write("Keep this output private: anyone with it can make codes for this account.\n")
