"""
WSGI config for newsroom project.

It exposes the WSGI callable as a module-level variable named ``application``: Django's, behind the page
cache's front, which answers a stored page before Django's handler runs (newsroom/page_cache.py). The
variables of .env, when there is one, are read first; those already in the environment win
(newsroom/envfile.py).

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

from newsroom.envfile import load_env_file

load_env_file()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()

from newsroom.page_cache import serve_stored_pages  # noqa: E402 (needs the settings get_wsgi_application set up)

application = serve_stored_pages(application)
