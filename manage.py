#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    """Run administrative tasks, with the variables of .env when there is one (newsroom/envfile.py)."""
    try:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment?"
        ) from exc
    from newsroom.envfile import load_env_file

    try:
        load_env_file()
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
        settings.INSTALLED_APPS  # noqa: B018 (imports the settings now, so that a bad variable stops here)
    except ImproperlyConfigured as error:
        # The sentence names the variable and what it must be; a traceback would only bury it.
        sys.exit(str(error))
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
