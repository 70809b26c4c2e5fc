"""
Settings for Newsroom.

Every setting that differs between a laptop and a server is read from the environment here, and only
here, with a default that is safe for local development. `.env.example` lists them all.
"""

import os
import secrets
import sys
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def generated_secret_key():
    """A key kept in var/ so that sessions survive restarts of a local production-like server."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    warnings.warn(
        f"SECRET_KEY is not set: using the generated key in {path}. Fine on this machine only; "
        "set SECRET_KEY in the environment anywhere else.",
        stacklevel=1,
    )
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 (DEBUG only)
    elif env_bool("GENERATE_SECRET_KEY", False):
        SECRET_KEY = generated_secret_key()
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'` and export it as SECRET_KEY."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

SITE_NAME = os.environ.get("SITE_NAME", "Newsroom")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",  # the task table of TASK_BACKEND=database, migrated whichever backend runs
    "social",
    "articles",
    "comments",
    "demo",  # the demo content and local accounts of `make run`; no product app imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.content_security_policy",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

# Form widgets render with the site's template settings, so widget templates can live in templates/.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "newsroom.wsgi.application"

# SQLite is set up for a multi-process web server: WAL lets readers run beside the one writer, the busy
# timeout makes a writer wait for the lock instead of failing, and IMMEDIATE transactions take the write
# lock at BEGIN so that two writers never deadlock upgrading a read lock.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA mmap_size=134217728;"
        "PRAGMA cache_size=-20000;"
    ),
}

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Kolkata")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Django serves uploaded media itself while developing. With DEBUG off it does only when SERVE_MEDIA says so
# (`make serve` does, on this machine): django.views.static.serve is not made for production, and a site
# with a front server (nginx) or a CDN, or media in object storage, serves MEDIA_ROOT without Django.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Whitenoise serves collected files with hashed names and a year of caching. Media files (originals and
# renditions) go through STORAGES["default"] only: code asks the storage for their addresses, so swapping
# the local folder for object storage (django-storages, docs/deploy-media.md) changes this setting alone.
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Uploads: a real image, not too heavy in bytes or in pixels (a 50 KB PNG can unpack to gigabytes).
IMAGE_MAX_UPLOAD_BYTES = int(os.environ.get("IMAGE_MAX_UPLOAD_BYTES", 15 * 1024 * 1024))
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", 40_000_000))
IMAGE_RENDITION_WIDTHS = (480, 800, 1200, 1600)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Reader comments (docs/comments.md). The moderation policy here is the site's; sections and articles
# override it in the admin. Limits are counted from the database, so they hold across processes.
COMMENTS_MODERATION = os.environ.get("COMMENTS_MODERATION", "pre")  # pre, post or closed
if COMMENTS_MODERATION not in {"pre", "post", "closed"}:
    raise ImproperlyConfigured(f"COMMENTS_MODERATION must be pre, post or closed, not {COMMENTS_MODERATION!r}.")
COMMENTS_AUTO_CLOSE_DAYS = int(os.environ.get("COMMENTS_AUTO_CLOSE_DAYS", "30"))  # 0: never
# Per browser and per email are the main limits; per IP address is a backstop sized for the many readers
# a mobile carrier puts behind one address (carrier-grade NAT). docs/comments.md has the reasoning.
COMMENTS_RATE_LIMIT_PER_BROWSER = int(os.environ.get("COMMENTS_RATE_LIMIT_PER_BROWSER", "5"))
COMMENTS_RATE_LIMIT_PER_EMAIL = int(os.environ.get("COMMENTS_RATE_LIMIT_PER_EMAIL", "5"))
COMMENTS_RATE_LIMIT_PER_IP = int(os.environ.get("COMMENTS_RATE_LIMIT_PER_IP", "60"))
COMMENTS_RATE_LIMIT_WINDOW = int(os.environ.get("COMMENTS_RATE_LIMIT_WINDOW", "600"))  # seconds
# A form sent back sooner is returned with "That was quick"; the same form sent that fast again is spam.
COMMENTS_MIN_SECONDS = float(os.environ.get("COMMENTS_MIN_SECONDS", "3"))
COMMENTS_FORM_MAX_AGE = int(os.environ.get("COMMENTS_FORM_MAX_AGE", str(2 * 24 * 3600)))  # seconds
COMMENTS_IP_RETENTION_DAYS = int(os.environ.get("COMMENTS_IP_RETENTION_DAYS", "30"))
# How many proxies in front of the app append to X-Forwarded-For; 0 trusts no header (REMOTE_ADDR only).
COMMENTS_TRUSTED_PROXY_COUNT = int(os.environ.get("COMMENTS_TRUSTED_PROXY_COUNT", "0"))
COMMENTS_MAX_LINKS = 2
COMMENTS_TRUSTED_AFTER = 2  # approved comments before post-moderation publishes a commenter at once
COMMENTS_FLAGS_TO_HOLD = 3  # reader reports that send a published comment back to the moderators
# The moderation queue lists the comments that waited longest first; false: the newest first.
COMMENTS_QUEUE_OLDEST_FIRST = env_bool("COMMENTS_QUEUE_OLDEST_FIRST", True)
COMMENTS_DUPLICATE_DAYS = 7
COMMENTS_PAGE_SIZE = 20  # threads per page under an article

# Replies and likes (docs/comments.md, "Reply notifications" and "Likes and sorting").
# How long the link in a "confirm your reply notifications" email works, in seconds.
COMMENTS_REPLY_CONFIRM_MAX_AGE = int(os.environ.get("COMMENTS_REPLY_CONFIRM_MAX_AGE", str(3 * 24 * 3600)))
# Likes per browser and per address within the window (seconds); an address is shared by many readers
# behind a carrier's NAT, so its limit is the larger backstop.
COMMENTS_LIKES_PER_BROWSER = int(os.environ.get("COMMENTS_LIKES_PER_BROWSER", "30"))
COMMENTS_LIKES_PER_ADDRESS = int(os.environ.get("COMMENTS_LIKES_PER_ADDRESS", "300"))
COMMENTS_LIKE_WINDOW = int(os.environ.get("COMMENTS_LIKE_WINDOW", "60"))

# Background tasks (django-tasks, the backport of Django 6's django.tasks): social post fetches, picture
# renditions and emails, each enqueued after the transaction that asked for it commits. TASK_BACKEND picks
# who runs them: "immediate" (the default: development, tests, `make run`) runs a task at once in the
# process that enqueued it; "database" (django-tasks-db) stores it in a table for `manage.py db_worker`
# (`make worker`), which runs it outside the web request and can retry it later. docs/decisions.md.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASK_BACKEND = os.environ.get("TASK_BACKEND") or "immediate"
if TASK_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASK_BACKEND must be immediate or database, not {TASK_BACKEND!r}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASK_BACKEND]}}

# Email: printed to the console while developing, sent over SMTP otherwise (tests use Django's locmem).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's public address, for the links in emails (which are read far from any request).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not DEBUG and "EMAIL_HOST" in os.environ and "SITE_URL" not in os.environ:
    raise ImproperlyConfigured(
        "SITE_URL must be set when the site sends email (EMAIL_HOST is set): the links in emails start with it, "
        "e.g. SITE_URL=https://news.example.com."
    )

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)

# Strict on every page, the admin included: scripts, styles, fonts and images come from this site only.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    # Apps add the hosts they need (social: the platforms' embeds, each loaded only when a reader clicks
    # "Load original post"), through their AppConfig.content_security_policy; see newsroom/middleware.py.
    "frame-src": [],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
CONTENT_SECURITY_POLICY_REPORT_ONLY = env_bool("CONTENT_SECURITY_POLICY_REPORT_ONLY", False)

# Embedded social posts (docs/social-posts.md): the platforms' public oEmbed endpoints are asked in the
# background after an editor pastes a bare post address, and by `manage.py check_social_posts`. Each
# platform's endpoint is written in its module (social/platforms/); SOCIAL_OEMBED_<PLATFORM> in the
# environment replaces it (SOCIAL_OEMBED_YOUTUBE=https://…), and an empty value turns that platform's
# fetching off.
SOCIAL_OEMBED_ENDPOINTS = {
    name.removeprefix("SOCIAL_OEMBED_").lower(): value
    for name, value in os.environ.items()
    if name.startswith("SOCIAL_OEMBED_") and name not in {"SOCIAL_OEMBED_TIMEOUT", "SOCIAL_OEMBED_USER_AGENT"}
}
SOCIAL_META_ACCESS_TOKEN = os.environ.get("SOCIAL_META_ACCESS_TOKEN", "")  # Instagram, Facebook, Threads
SOCIAL_OEMBED_TIMEOUT = float(os.environ.get("SOCIAL_OEMBED_TIMEOUT", "3"))  # seconds per request
SOCIAL_OEMBED_USER_AGENT = os.environ.get("SOCIAL_OEMBED_USER_AGENT", f"{SITE_NAME}/1.0 (social post archiver)")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": sys.stderr}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # django-tasks logs every task's start and end at INFO: a line per email is noise, its errors are not.
        "django_tasks": {"level": "WARNING"},
    },
}
