"""
Settings for Newsroom.

Every setting that differs between a laptop and a server is read from the environment here, and only
here, with a default that is safe for local development. `.env.example` lists them all.

Every variable is read through the env_* helpers below, which share two rules: an empty value means the
variable is not set (a line `NAME=` in .env gives the default), and a value that cannot mean anything
refuses to start with one sentence that names the variable (ImproperlyConfigured).
"""

import math
import os
import re
import secrets
import sys
import warnings
import zoneinfo
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from newsroom.csp import CSP, FRAMES

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_str(name, default=""):
    """The variable's value without surrounding spaces, or `default` when it is unset or empty."""
    return os.environ.get(name, "").strip() or default


def env_bool(name, default):
    value = env_str(name)
    if not value:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), not {value!r}.")


def in_range(name, number, value, minimum, maximum, what):
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        bounds = f"from {minimum} to {maximum}" if maximum is not None else f"of at least {minimum}"
        raise ImproperlyConfigured(f"{name} must be {what} {bounds}, not {value!r}.")
    return number


def env_int(name, default, *, minimum=0, maximum=None, unit=""):
    """A whole number (of `unit`, which only words the error), `minimum` or more unless told otherwise."""
    value = env_str(name)
    if not value:
        return default
    what = f"a whole number of {unit}" if unit else "a whole number"
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {what}, not {value!r}.") from None
    return in_range(name, number, value, minimum, maximum, what)


def env_float(name, default, *, minimum=0, maximum=None, unit=""):
    value = env_str(name)
    if not value:
        return default
    what = f"a number of {unit}" if unit else "a number"
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ImproperlyConfigured(f"{name} must be {what}, not {value!r}.")
    return in_range(name, number, value, minimum, maximum, what)


def env_choice(name, default, choices):
    """One of `choices`, whatever the case it is written in."""
    value = env_str(name)
    if not value:
        return default
    for choice in choices:
        if value.lower() == choice.lower():
            return choice
    *others, last = choices
    raise ImproperlyConfigured(f"{name} must be {', '.join(others)} or {last}, not {value!r}.")


def env_list(name, default):
    """Comma-separated values; an empty variable gives the default, as everywhere else."""
    value = env_str(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_path(name, default):
    """A folder or file; a relative path is taken from the project folder, whatever the working directory."""
    return BASE_DIR / env_str(name, str(default))


def env_prefixed(prefix, *, exclude=()):
    """{suffix in lower case: value} of every variable named PREFIX_…, empty values kept.

    The one exception to "empty means unset": SOCIAL_OEMBED_<PLATFORM>= (empty) turns that platform's
    fetching off, which an absent variable cannot say.
    """
    return {
        name.removeprefix(prefix).lower(): value.strip()
        for name, value in os.environ.items()
        if name.startswith(prefix) and name not in exclude
    }


def check_address(name, address, schemes, example):
    """Refuse an address whose scheme is not one of `schemes`, in a sentence that names only the scheme
    (the rest of an address may hold a password)."""
    scheme = urlsplit(address).scheme if "://" in address else ""
    if scheme not in schemes:
        given = f"one starting with {scheme + '://'!r}" if scheme else "a value with no scheme://"
        raise ImproperlyConfigured(f"{name} must be an address such as {example}, not {given}.")
    return address


VAR_DIR = env_path("VAR_DIR", BASE_DIR / "var")


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

SECRET_KEY = env_str("SECRET_KEY")
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

SITE_NAME = env_str("SITE_NAME", "Newsroom")

INSTALLED_APPS = [
    "newsroom.admin_app.AdminConfig",  # django.contrib.admin with the site's AdminSite (newsroom/signin.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "django_otp",  # two-factor sign-in for the admin when ADMIN_TWO_FACTOR is on (below, "Signing in")
    "django_otp.plugins.otp_totp",  # its authenticator-app devices: the table is there whether it is on or off
    "axes",  # the admin sign-in's throttle (below, "Signing in"): its attempts and access log tables
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",  # the task table of TASK_BACKEND=database, migrated whichever backend runs
    "newsroom",  # the project: its deployment checks (newsroom/checks.py), no models
    "social",
    "articles",
    "comments",
    "demo",  # the demo content and local accounts of `make run`; no product app imports it
]

MIDDLEWARE = [
    # First: /healthz answers any Host, over HTTP, before sessions and CSRF (newsroom/health.py says why).
    "newsroom.health.health_check",
    # Then the page cache (docs/caching.md): under gunicorn a hit for an anonymous reader is answered before
    # Django's handler (newsroom/wsgi.py); this stores the pages the views let it share, with the headers every
    # middleware below set (the security headers among them), and answers hits under any other handler. It
    # leaves alone what SecurityMiddleware would redirect to https and the static files whitenoise serves.
    "newsroom.page_cache.page_cache",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for clients that accept gzip: an article with its comments is about 95 KB of HTML, 12 KB
    # gzipped (Lighthouse's uses-text-compression). Static files are not its business: whitenoise serves them
    # compressed ahead of time, above. Django's own BREACH mitigation pads each response (docs/decisions.md).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session signed in with an authenticator's code (no query
    # unless it did). Read by the admin when ADMIN_TWO_FACTOR is on.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A reader whose held comments were all moderated gets the shared pages again (comments/middleware.py).
    "comments.middleware.forget_settled_pending",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.content_security_policy",
    "newsroom.unavailable.WriteRefusedMiddleware",  # a refused write answers 503, not 500 (its docstring)
    # Last, as django-axes asks: it turns a sign-in its backend refused into the lockout page, which then
    # goes out through every middleware above (the security headers and the CSP among them).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

# Two engines. Readers' pages (jinja2/: base.html and every page on it, the error pages, the comment pages,
# the social cards) render on Jinja2, which compiles a template to Python once and renders several times
# faster than Django's engine (docs/performance.md); it comes first, so a reader template's name finds it.
# Admin, the desk, emails, robots.txt, sitemaps and form widgets (crispy's too) stay on Django's
# (templates/). APP_DIRS is off for Jinja2: django.forms ships jinja2/ widget templates, which must not
# take the widgets' names from Django's. docs/decisions.md says why.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "newsroom.jinja2.environment",
            # request, csrf_input and csrf_token come with the backend.
            "context_processors": [
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
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

# Only the engines the code is written for: comments' rate limit, for one, locks differently on each.
# Lower-case names are not settings, so no settings dump or error page shows the address and its password.
database_url = check_address(
    "DATABASE_URL",
    env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
    {"sqlite", "postgres", "postgresql", "pgsql"},
    "sqlite:///var/db.sqlite3 or postgres://user:password@127.0.0.1:5432/newsroom",
)
try:
    DATABASES = {
        "default": dj_database_url.parse(database_url, conn_max_age=env_int("CONN_MAX_AGE", 600, unit="seconds"))
    }
except ValueError as error:  # a port that is not a number, characters that should have been quoted…
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid address: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

# The cache: Redis when CACHE_URL (or REDIS_URL, as hosting platforms call it) is set, one cache shared by
# every worker and server; unset, local memory, which each process has to itself: right for `make run`,
# wrong for anything several workers must agree on, and `manage.py check --deploy` says so (newsroom.W001).
# No file or database cache is offered: neither is shared between servers the way it would seem to be.
# docs/decisions.md says what goes through this cache.
cache_variable = "CACHE_URL" if env_str("CACHE_URL") else "REDIS_URL"
cache_url = env_str(cache_variable)
if cache_url:
    for address in re.split("[;,]", cache_url):  # as RedisCache splits it: writes go to the first server
        check_address(cache_variable, address.strip(), {"redis", "rediss", "unix"}, "redis://127.0.0.1:6379/0")
    CACHES = {
        "default": {
            # Django's backend, its redis-py clients made once per connection pool (newsroom/redis_cache.py).
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": cache_url,
            # A Redis that stops answering costs a request a second instead of hanging its worker; the
            # address's own ?socket_timeout=… wins. redis-py parses with hiredis when it is installed.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The page cache (newsroom/page_cache.py, docs/caching.md "The page cache"): whole pages for anonymous readers
# in the cache above. On wherever DEBUG is off (`make serve`, production); off under `make run`, where a
# developer changing a template expects to see it on the next reload. PAGE_CACHE=0 or 1 says otherwise
# (measuring, debugging); the tests run with it off but theirs.
PAGE_CACHE = env_bool("PAGE_CACHE", not DEBUG)
# The longest a page is kept; invalidation and the next scheduled story end it sooner.
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 600, minimum=1, unit="seconds")
# Cache-Control of shared pages: browsers keep one max-age, a CDN s-maxage (each capped by the entry's time left).
PAGE_CACHE_MAX_AGE = env_int("PAGE_CACHE_MAX_AGE", 60, unit="seconds")
PAGE_CACHE_S_MAXAGE = env_int("PAGE_CACHE_S_MAXAGE", 300, unit="seconds")
PAGE_CACHE_STALE_WHILE_REVALIDATE = 30
# A CDN's purge endpoint: each invalidation POSTs {"tags": [...]} to it, from a background task. Empty: off.
PAGE_CACHE_PURGE_URL = env_str("PAGE_CACHE_PURGE_URL")
# With the local-memory cache, the file whose modification time tells every worker on this box that pages
# changed (newsroom/page_cache.py, "Local memory").
PAGE_CACHE_GENERATION_FILE = VAR_DIR / "page-cache-generation"
if PAGE_CACHE_PURGE_URL:
    check_address("PAGE_CACHE_PURGE_URL", PAGE_CACHE_PURGE_URL, {"http", "https"}, "https://cdn.example/purge")
# Which requests are a reader's own, neither served from nor stored in the cache: PER_READER_COOKIES, below.
# The query parameters that change a page; any other (utm_*, fbclid, a cache-buster) shares the page's entry.
# page: every list; q, section, since, until: search (articles.forms.SearchForm); sort: a comment page.
PAGE_CACHE_QUERY_PARAMETERS = {"page", "q", "section", "since", "until", "sort"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# PostgreSQL connections (docs/deploy.md, "PostgreSQL and PgBouncer"). By default each process keeps its
# connection for CONN_MAX_AGE seconds and checks it before reusing it in a new request (CONN_HEALTH_CHECKS),
# so a restarted database costs no failed request. DATABASE_POOL=1 uses Django's connection pool instead
# (psycopg_pool, one per process): each request takes a connection from it and gives it back, so it needs
# CONN_MAX_AGE=0 and refuses to start with any other value; CONN_HEALTH_CHECKS then checks a connection as
# it leaves the pool. Behind PgBouncer in transaction mode: no pool, and DISABLE_SERVER_SIDE_CURSORS=1.
DATABASE_POOL = env_bool("DATABASE_POOL", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("CONN_HEALTH_CHECKS", True)
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DISABLE_SERVER_SIDE_CURSORS", False)
    if DATABASE_POOL:
        if (conn_max_age := env_int("CONN_MAX_AGE", 0, unit="seconds")) != 0:
            raise ImproperlyConfigured(
                f"DATABASE_POOL cannot be used with CONN_MAX_AGE={conn_max_age}: the pool keeps its connections "
                "open itself, so unset CONN_MAX_AGE (or set it to 0) or unset DATABASE_POOL."
            )
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        # A sync gunicorn worker uses one connection at a time; up to 4 serve a threaded worker. A request
        # waits at most 10 s for one, then fails, rather than queueing behind a stuck database for ever.
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": 4, "timeout": 10}
elif DATABASE_POOL:
    raise ImproperlyConfigured(
        "DATABASE_POOL needs a PostgreSQL DATABASE_URL (Django's connection pool is psycopg's), so unset it for SQLite."
    )

# Argon2 first: the winner of the Password Hashing Competition, memory-hard, so a stolen table costs a
# guesser memory as well as time (docs/decisions.md). Django's default hashers stay after it, so that a
# password stored before reads as before, and is hashed again with Argon2 at its next sign-in.
# The tests use MD5 for speed (conftest.py), but the one that shows the upgrade.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Where the admin answers (newsroom/urls.py): admin/ by default. A path of one's own (desk-7f3a/) keeps the
# robots that try /admin/ on every site away from its sign-in; it hides nothing from anyone who is shown a
# link, and the throttle below is what protects the passwords. Code and templates reach the admin only
# through reverse("admin:…") and {% url %}, never a written /admin/.
ADMIN_URL = env_str("ADMIN_URL", "admin/")
if not re.fullmatch(r"([A-Za-z0-9_-]+/)+", ADMIN_URL):
    raise ImproperlyConfigured(
        "ADMIN_URL must be a path such as admin/ or desk-7f3a/: letters, digits, - and _ in segments that "
        f"each end with /, with no / at the start, not {ADMIN_URL!r}."
    )

# The admin's sign-in is the site's only one: where a page that needs an account sends a visitor, and where
# signing in lands when `next` is missing or unsafe (another host: https://evil.example/), instead of
# Django's /accounts/profile/, which this site does not have.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# Signing in (docs/deploy.md, "Signing in"; docs/decisions.md, "The admin sign-in"). django-axes counts failed
# sign-ins in the database, so every worker and server agrees, per account and per address apart: either
# reaching SIGNIN_FAILURE_LIMIT pauses sign-in for SIGNIN_COOLOFF_MINUTES, counted from the failure that
# reached it (a further try while paused does not extend it, so the page's promise holds). The address is
# the project's own (newsroom/clients.py), which trusts X-Forwarded-For only from our proxies.
# Its backend comes first and only refuses; ModelBackend signs in. It needs the request, which the admin's
# login passes: tests sign in with force_login, or client.login(request=HttpRequest(), ...) (conftest.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Two-factor sign-in (django-otp, time-based codes from an authenticator app): off by default. On, every
# superuser signs in with a code, and so does any staff account that has an authenticator (added in the
# admin, Two-factor authentication, or with `manage.py add_totp_device USERNAME`); others use their password.
ADMIN_TWO_FACTOR = env_bool("ADMIN_TWO_FACTOR", False)
OTP_TOTP_ISSUER = SITE_NAME  # the name the authenticator app shows beside the code

SIGNIN_FAILURE_LIMIT = env_int("SIGNIN_FAILURE_LIMIT", 10, minimum=1, unit="failed sign-ins")
SIGNIN_COOLOFF_MINUTES = env_int("SIGNIN_COOLOFF_MINUTES", 15, minimum=1, unit="minutes")
AXES_FAILURE_LIMIT = SIGNIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=SIGNIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one reaching the limit locks
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful sign-in does not clear the count: it would clear the address's too, and one account of an
# attacker's own would then reset the count between guesses at the others.
AXES_RESET_ON_SUCCESS = False
# What a locked-out editor reads (newsroom/signin.py, templates/admin/locked_out.html), with how long to wait.
AXES_COOLOFF_MESSAGE = (
    "Too many failed sign-ins for this account or from this address. Signing in is paused for "
    f"{SIGNIN_COOLOFF_MINUTES} minute{'' if SIGNIN_COOLOFF_MINUTES == 1 else 's'}: try again after that. An "
    "administrator can lift the pause sooner by deleting it under Axes, Access attempts."
)
AXES_CLIENT_IP_CALLABLE = "newsroom.clients.client_ip"
AXES_LOCKOUT_CALLABLE = "newsroom.signin.locked_out"
# The database handler writes a row per sign-in (the access log, in the admin beside the attempts); the
# refused ones are enough, and the table would otherwise grow with every editor's morning.
AXES_DISABLE_ACCESS_LOG = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Asia/Kolkata")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"TIME_ZONE must be a time zone name such as Asia/Kolkata, not {TIME_ZONE!r}.") from None
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", VAR_DIR / "media")
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
# the local folder for object storage (django-storages, docs/deploy.md) changes this setting alone.
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Uploads: a real image, not too heavy in bytes or in pixels (a 50 KB PNG can unpack to gigabytes).
IMAGE_MAX_UPLOAD_BYTES = env_int("IMAGE_MAX_UPLOAD_BYTES", 15 * 1024 * 1024, minimum=1, unit="bytes")
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000, minimum=1, unit="pixels")
IMAGE_RENDITION_WIDTHS = (480, 800, 1200, 1600)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Reader comments (docs/comments.md). The moderation policy here is the site's; sections and articles
# override it in the admin. Limits are counted from the database, so they hold across processes.
COMMENTS_MODERATION = env_choice("COMMENTS_MODERATION", "pre", ["pre", "post", "closed"])
COMMENTS_AUTO_CLOSE_DAYS = env_int("COMMENTS_AUTO_CLOSE_DAYS", 30, unit="days")  # 0: never
# Per browser and per email are the main limits; per IP address is a backstop sized for the many readers
# a mobile carrier puts behind one address (carrier-grade NAT). docs/comments.md has the reasoning.
COMMENTS_RATE_LIMIT_PER_BROWSER = env_int("COMMENTS_RATE_LIMIT_PER_BROWSER", 5, unit="comments")
COMMENTS_RATE_LIMIT_PER_EMAIL = env_int("COMMENTS_RATE_LIMIT_PER_EMAIL", 5, unit="comments")
COMMENTS_RATE_LIMIT_PER_IP = env_int("COMMENTS_RATE_LIMIT_PER_IP", 60, unit="comments")
COMMENTS_RATE_LIMIT_WINDOW = env_int("COMMENTS_RATE_LIMIT_WINDOW", 600, minimum=1, unit="seconds")
# A form sent back sooner is returned with "That was quick"; the same form sent that fast again is spam.
COMMENTS_MIN_SECONDS = env_float("COMMENTS_MIN_SECONDS", 3.0, unit="seconds")
COMMENTS_FORM_MAX_AGE = env_int("COMMENTS_FORM_MAX_AGE", 2 * 24 * 3600, minimum=1, unit="seconds")
COMMENTS_IP_RETENTION_DAYS = env_int("COMMENTS_IP_RETENTION_DAYS", 30, unit="days")
# How many proxies in front of the app append to X-Forwarded-For; 0 trusts no header (REMOTE_ADDR only).
COMMENTS_TRUSTED_PROXY_COUNT = env_int("COMMENTS_TRUSTED_PROXY_COUNT", 0, unit="proxies")
COMMENTS_MAX_LINKS = 2
COMMENTS_TRUSTED_AFTER = 2  # approved comments before post-moderation publishes a commenter at once
COMMENTS_FLAGS_TO_HOLD = 3  # reader reports that send a published comment back to the moderators
# The moderation queue lists the comments that waited longest first; false: the newest first.
COMMENTS_QUEUE_OLDEST_FIRST = env_bool("COMMENTS_QUEUE_OLDEST_FIRST", True)
COMMENTS_DUPLICATE_DAYS = 7
COMMENTS_PAGE_SIZE = 20  # threads per page under an article
# The signed cookie that lets a reader see their own comments awaiting moderation (docs/decisions.md, "The
# per-reader parts of a cached page"): set only when a new comment is held, deleted once none is.
COMMENTS_PENDING_COOKIE = "comments_pending"
COMMENTS_PENDING_MAX_AGE = env_int("COMMENTS_PENDING_MAX_AGE", 3 * 24 * 3600, minimum=1, unit="seconds")

# Replies and likes (docs/comments.md, "Reply notifications" and "Likes and sorting").
# How long the link in a "confirm your reply notifications" email works, in seconds.
COMMENTS_REPLY_CONFIRM_MAX_AGE = env_int("COMMENTS_REPLY_CONFIRM_MAX_AGE", 3 * 24 * 3600, minimum=1, unit="seconds")
# Likes per browser and per address within the window (seconds); an address is shared by many readers
# behind a carrier's NAT, so its limit is the larger backstop.
COMMENTS_LIKES_PER_BROWSER = env_int("COMMENTS_LIKES_PER_BROWSER", 30, unit="likes")
COMMENTS_LIKES_PER_ADDRESS = env_int("COMMENTS_LIKES_PER_ADDRESS", 300, unit="likes")
COMMENTS_LIKE_WINDOW = env_int("COMMENTS_LIKE_WINDOW", 60, minimum=1, unit="seconds")

# Background tasks (django-tasks, the backport of Django 6's django.tasks): social post fetches, picture
# renditions and emails, each enqueued after the transaction that asked for it commits. TASK_BACKEND picks
# who runs them: "immediate" (the default: development, tests, `make run`) runs a task at once in the
# process that enqueued it; "database" (django-tasks-db) stores it in a table for `manage.py db_worker`
# (`make worker`), which runs it outside the web request and can retry it later. docs/decisions.md.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASK_BACKEND = env_choice("TASK_BACKEND", "immediate", list(TASK_BACKENDS))
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASK_BACKEND]}}

# Email: printed to the console while developing, sent over SMTP otherwise (tests use Django's locmem).
EMAIL_BACKEND = env_str("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on: STARTTLS (587) or TLS (465), one of them."
    )
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1, unit="seconds")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's public address, for the links in emails (which are read far from any request).
SITE_URL = check_address(
    "SITE_URL", env_str("SITE_URL", "http://127.0.0.1:8000"), {"http", "https"}, "https://news.example.com"
).rstrip("/")
if not DEBUG and env_str("EMAIL_HOST") and not env_str("SITE_URL"):
    raise ImproperlyConfigured(
        "SITE_URL must be set when the site sends email (EMAIL_HOST is set): the links in emails start with it, "
        "e.g. SITE_URL=https://news.example.com."
    )

SESSION_COOKIE_HTTPONLY = True
# Reader pages are the same for every anonymous reader, except for a request carrying one of these
# cookies: a session (staff), a message waiting to be shown, a comment of the reader's own awaiting
# moderation. Such a request is never served from, nor stored in, a shared page cache.
PER_READER_COOKIES = ("sessionid", "messages", COMMENTS_PENDING_COOKIE)
# A refused CSRF check on a comment post brings the form back with the reader's text (comments/views.py).
CSRF_FAILURE_VIEW = "comments.views.csrf_failure"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)

# Behind a reverse proxy that ends HTTPS (docs/deploy.md): the header the proxy sets to "https" on requests
# that came to it over HTTPS, as nginx's `proxy_set_header X-Forwarded-Proto $scheme`. Set it only when
# the proxy always writes that header (replacing any a client sent), or any client can claim HTTPS.
SECURE_PROXY_SSL_HEADER = None
if proxy_header := env_str("SECURE_PROXY_SSL_HEADER"):
    if not re.fullmatch(r"[A-Za-z0-9_-]+", proxy_header):
        raise ImproperlyConfigured(
            f"SECURE_PROXY_SSL_HEADER must be the name of a header, such as X-Forwarded-Proto, not {proxy_header!r}."
        )
    meta_name = proxy_header.upper().replace("-", "_")
    SECURE_PROXY_SSL_HEADER = (meta_name if meta_name.startswith("HTTP_") else f"HTTP_{meta_name}", "https")
# Off by default: with no proxy header set (above), a redirect to https behind a proxy would loop. /healthz
# is never redirected (newsroom/health.py answers before SecurityMiddleware).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# Strict-Transport-Security, sent on HTTPS responses only: start small (3600) and raise it to a year
# (31536000) once every page works over HTTPS; include subdomains and preload only when all of them do.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, unit="seconds")
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# `check --deploy` warns while either is off (security.W005, security.W021). Both are the site owner's call,
# not a default this code can make: every subdomain must serve HTTPS first, and preloading asks the browser
# vendors to hard-code the site, which takes months to undo. Left empty, the check keeps asking; set to 0,
# the owner has answered no, and that warning is silenced (docs/decisions.md, "check --deploy reports nothing").
SILENCED_SYSTEM_CHECKS = [
    check
    for name, check in [("SECURE_HSTS_INCLUDE_SUBDOMAINS", "security.W005"), ("SECURE_HSTS_PRELOAD", "security.W021")]
    if env_str(name).lower() in FALSE_WORDS
]

# Security headers on every response, error pages included (docs/decisions.md, "Security headers on every
# response"). The Content Security Policy is named and shaped as Django 6's SECURE_CSP: a directive maps to
# its sources (a list; True for a directive without sources). Strict on every page, the admin included:
# scripts, styles, fonts and images come from this site only, and no page shows a frame unless its view
# allows one (newsroom/middleware.py: allow_frames, for a story's embedded posts; the admin's body preview).
CSP_REPORT_URL = "/csp-report/"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    # Browsers report what the policy refused to newsroom/views.py's csp_report, which logs it: report-uri for
    # those that know only it, report-to (with the Reporting-Endpoints header below) for the Reporting API.
    "report-uri": [CSP_REPORT_URL],
    "report-to": ["csp"],
}
# A second policy, only reported (Content-Security-Policy-Report-Only): a change tried on real readers before
# it is enforced. Empty, no header. CSP_REPORT_ONLY=1 sends the whole policy above this way instead.
SECURE_CSP_REPORT_ONLY = {}
if env_bool("CSP_REPORT_ONLY", False):
    SECURE_CSP, SECURE_CSP_REPORT_ONLY = {}, SECURE_CSP
# The Reporting API's endpoints (Reporting-Endpoints), named by report-to. A path: a browser sends the report
# to the site that served the page, whatever address it was reached by.
SECURE_REPORTING_ENDPOINTS = {"csp": CSP_REPORT_URL}
# What the pages may ask the browser for (Permissions-Policy): nothing of the reader's camera, microphone,
# place, payments or devices, no interest-based ads; full screen for the site and, on a page that shows a
# platform's embed, for that platform's frame (FRAMES: the origins the page's allow_frames named).
SECURE_PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "browsing-topics": [],
    "interest-cohort": [],
    "fullscreen": ["self", FRAMES],
}
# Violations logged per client address and window, so that one browser (or one attacker) cannot fill the log.
CSP_REPORTS_PER_ADDRESS = env_int("CSP_REPORTS_PER_ADDRESS", 20, unit="reports")
CSP_REPORT_WINDOW = env_int("CSP_REPORT_WINDOW", 60, minimum=1, unit="seconds")

# Embedded social posts (docs/social-posts.md): the platforms' public oEmbed endpoints are asked in the
# background after an editor pastes a bare post address, and by `manage.py check_social_posts`. Each
# platform's endpoint is written in its module (social/platforms/); SOCIAL_OEMBED_<PLATFORM> in the
# environment replaces it (SOCIAL_OEMBED_YOUTUBE=https://…), and an empty value turns that platform's
# fetching off.
SOCIAL_OEMBED_ENDPOINTS = env_prefixed("SOCIAL_OEMBED_", exclude={"SOCIAL_OEMBED_TIMEOUT", "SOCIAL_OEMBED_USER_AGENT"})
SOCIAL_META_ACCESS_TOKEN = env_str("SOCIAL_META_ACCESS_TOKEN")  # Instagram, Facebook, Threads
SOCIAL_OEMBED_TIMEOUT = env_float("SOCIAL_OEMBED_TIMEOUT", 3.0, minimum=0.1, unit="seconds")  # per request
SOCIAL_OEMBED_USER_AGENT = env_str("SOCIAL_OEMBED_USER_AGENT", f"{SITE_NAME}/1.0 (social post archiver)")

LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"])
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": sys.stderr}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # django-tasks logs every task's start and end at INFO: a line per email is noise, its errors are not.
        "django_tasks": {"level": "WARNING"},
        # django-axes logs each failed sign-in at WARNING and its bookkeeping at INFO: the lockouts are what matter.
        "axes": {"level": "WARNING"},
    },
}
