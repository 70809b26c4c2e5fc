import ast
import copy
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import checks
from django.db import OperationalError, connection, connections, transaction
from django.db.utils import load_backend
from dotenv import dotenv_values

BASE_DIR = Path(__file__).resolve().parents[2]


def load_settings(tmp_path, show="s.SECRET_KEY[:8], s.DEBUG", **environment):
    """Import the settings in a fresh interpreter with exactly this environment; print `show` of them (s)."""
    env = {"PATH": os.environ["PATH"], "VAR_DIR": str(tmp_path), **environment}
    return subprocess.run(  # noqa: S603 (the test's own code, no outside input)
        [sys.executable, "-c", f"import newsroom.settings as s; print({show})"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = load_settings(tmp_path, DEBUG="0")

    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_local_production_generates_a_secret_key_once_with_a_warning(tmp_path):
    first = load_settings(tmp_path, DEBUG="0", GENERATE_SECRET_KEY="1")
    second = load_settings(tmp_path, DEBUG="0", GENERATE_SECRET_KEY="1")

    assert first.returncode == 0
    assert "SECRET_KEY is not set: using the generated key" in first.stderr
    assert first.stdout == second.stdout
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_a_platforms_oembed_endpoint_is_replaced_or_turned_off_by_its_own_variable(tmp_path):
    result = load_settings(
        tmp_path,
        show="sorted(s.SOCIAL_OEMBED_ENDPOINTS.items()), s.SOCIAL_OEMBED_TIMEOUT",
        SOCIAL_OEMBED_YOUTUBE="https://oembed.example/youtube",
        SOCIAL_OEMBED_FACEBOOK="",
        SOCIAL_OEMBED_TIMEOUT="5",
    )

    assert result.stdout == "[('facebook', ''), ('youtube', 'https://oembed.example/youtube')] 5.0\n"


def test_a_production_site_that_sends_email_needs_its_address_for_the_links(tmp_path):
    refused = load_settings(tmp_path, DEBUG="0", SECRET_KEY="k" * 50, EMAIL_HOST="smtp.example")
    started = load_settings(
        tmp_path,
        show="s.SITE_URL, s.EMAIL_BACKEND",
        DEBUG="0",
        SECRET_KEY="k" * 50,
        EMAIL_HOST="smtp.example",
        SITE_URL="https://news.example/",
    )

    assert refused.returncode == 1
    assert "ImproperlyConfigured: SITE_URL must be set when the site sends email (EMAIL_HOST is set)" in (
        refused.stderr
    )
    assert started.stdout == "https://news.example django.core.mail.backends.smtp.EmailBackend\n"


def test_emails_are_printed_to_the_console_while_developing(tmp_path):
    result = load_settings(tmp_path, show="s.EMAIL_BACKEND, s.TASKS['default']['BACKEND']", DEBUG="1")

    assert result.stdout == (
        "django.core.mail.backends.console.EmailBackend django_tasks.backends.immediate.ImmediateBackend\n"
    )


def refusal(result):
    """The sentence a refused start ends with (the last line of the traceback, without the class name)."""
    assert result.returncode == 1, result.stdout
    return result.stderr.strip().splitlines()[-1].removeprefix("django.core.exceptions.ImproperlyConfigured: ")


@pytest.mark.parametrize(
    ("variable", "value", "sentence"),
    [
        ("DEBUG", "maybe", "DEBUG must be true or false (1/0, yes/no, on/off), not 'maybe'."),
        ("SOCIAL_OEMBED_TIMEOUT", "soon", "SOCIAL_OEMBED_TIMEOUT must be a number of seconds, not 'soon'."),
        ("SOCIAL_OEMBED_TIMEOUT", "nan", "SOCIAL_OEMBED_TIMEOUT must be a number of seconds, not 'nan'."),
        (
            "COMMENTS_RATE_LIMIT_PER_IP",
            "lots",
            "COMMENTS_RATE_LIMIT_PER_IP must be a whole number of comments, not 'lots'.",
        ),
        (
            "COMMENTS_RATE_LIMIT_PER_IP",
            "-1",
            "COMMENTS_RATE_LIMIT_PER_IP must be a whole number of comments of at least 0, not '-1'.",
        ),
        ("EMAIL_PORT", "70000", "EMAIL_PORT must be a whole number from 1 to 65535, not '70000'."),
        ("COMMENTS_MODERATION", "later", "COMMENTS_MODERATION must be pre, post or closed, not 'later'."),
        ("LOG_LEVEL", "loud", "LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not 'loud'."),
        ("TIME_ZONE", "Mars/Olympus", "TIME_ZONE must be a time zone name such as Asia/Kolkata, not 'Mars/Olympus'."),
        (
            "SITE_URL",
            "news.example.com",
            "SITE_URL must be an address such as https://news.example.com, not a value with no scheme://.",
        ),
        (
            "DATABASE_URL",
            "mongodb://editor:s3cret@db.example/newsroom",
            "DATABASE_URL must be an address such as sqlite:///var/db.sqlite3 or "
            "postgres://user:password@127.0.0.1:5432/newsroom, not one starting with 'mongodb://'.",
        ),
        (
            "DATABASE_URL",
            "mysql://editor:s3cret@db.example/newsroom",
            "DATABASE_URL must be an address such as sqlite:///var/db.sqlite3 or "
            "postgres://user:password@127.0.0.1:5432/newsroom, not one starting with 'mysql://'.",
        ),
        (
            "CACHE_URL",
            "memcached://:s3cret@127.0.0.1:11211",
            "CACHE_URL must be an address such as redis://127.0.0.1:6379/0, not one starting with 'memcached://'.",
        ),
        (
            "REDIS_URL",
            "file:///var/tmp/cache",
            "REDIS_URL must be an address such as redis://127.0.0.1:6379/0, not one starting with 'file://'.",
        ),
        (
            "SECURE_PROXY_SSL_HEADER",
            "X-Forwarded-Proto: https",
            "SECURE_PROXY_SSL_HEADER must be the name of a header, such as X-Forwarded-Proto, "
            "not 'X-Forwarded-Proto: https'.",
        ),
    ],
)
def test_a_value_that_means_nothing_stops_the_start_with_one_sentence_naming_the_variable(
    tmp_path, variable, value, sentence
):
    result = load_settings(tmp_path, **{variable: value})

    assert refusal(result) == sentence
    assert "s3cret" not in result.stderr


def test_a_database_address_that_cannot_be_parsed_is_refused_naming_the_variable(tmp_path):
    result = load_settings(tmp_path, DATABASE_URL="postgres://editor@db.example:port/newsroom")

    assert refusal(result).startswith("DATABASE_URL is not a valid address: ")


def test_tls_and_ssl_for_email_at_once_are_refused(tmp_path):
    result = load_settings(tmp_path, EMAIL_USE_TLS="1", EMAIL_USE_SSL="1")

    assert refusal(result) == (
        "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on: STARTTLS (587) or TLS (465), one of them."
    )


def test_an_empty_database_url_means_the_default_sqlite_file(tmp_path):
    result = load_settings(tmp_path, show="s.DATABASES['default']['NAME']", DATABASE_URL="")

    assert result.stdout == f"{tmp_path / 'db.sqlite3'}\n"


def every_setting(tmp_path, **environment):
    # Sets are shown sorted: their order changes with each interpreter's hash seed.
    show = "sorted((n, repr(sorted(v) if isinstance(v, set) else v)) for n, v in vars(s).items() if n.isupper())"
    result = load_settings(tmp_path, show=show, **environment)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_every_variable_left_empty_gives_the_same_settings_as_none_set(tmp_path):
    empty = {name: "" for name in template_variables(examples=False) if name != "VAR_DIR"}

    assert every_setting(tmp_path, **empty) == every_setting(tmp_path)


def test_words_for_true_and_false_are_read_in_any_case(tmp_path):
    result = load_settings(
        tmp_path,
        show="s.DEBUG, s.SECURE_SSL_REDIRECT, s.COMMENTS_MODERATION, s.LOG_LEVEL",
        DEBUG="Yes",
        SECURE_SSL_REDIRECT="OFF",
        COMMENTS_MODERATION="Post",
        LOG_LEVEL="warning",
    )

    assert result.stdout == "True False post WARNING\n"


def test_a_relative_media_root_starts_at_the_project_folder_not_the_working_directory(tmp_path):
    result = load_settings(tmp_path, show="s.MEDIA_ROOT", MEDIA_ROOT="uploads/media")

    assert result.stdout == f"{BASE_DIR / 'uploads' / 'media'}\n"


def test_behind_a_proxy_the_https_header_and_strict_transport_security_come_from_the_environment(tmp_path):
    result = load_settings(
        tmp_path,
        show="s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        SECURE_SSL_REDIRECT="1",
        SECURE_HSTS_SECONDS="31536000",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        SECURE_HSTS_PRELOAD="0",
    )

    assert result.stdout == "('HTTP_X_FORWARDED_PROTO', 'https') True 31536000 True False\n"


def test_without_a_proxy_nothing_claims_https_and_nothing_redirects(tmp_path):
    result = load_settings(
        tmp_path,
        show="s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS",
        DEBUG="0",
        SECRET_KEY="k" * 50,
    )

    assert result.stdout == "None False 0\n"


# The cache -----------------------------------------------------------------------------------------------

CACHE = "s.CACHES['default']['BACKEND'].rpartition('.')[2], s.CACHES['default'].get('LOCATION')"


def test_without_a_cache_address_the_cache_is_local_memory(tmp_path):
    assert load_settings(tmp_path, show=CACHE).stdout == "LocMemCache None\n"
    assert load_settings(tmp_path, show=CACHE, CACHE_URL="", REDIS_URL="").stdout == "LocMemCache None\n"


def test_the_page_cache_is_on_in_production_off_while_developing_and_the_variable_says_otherwise(tmp_path):
    production = {"DEBUG": "0", "SECRET_KEY": "x" * 50}
    assert load_settings(tmp_path, show="s.PAGE_CACHE", **production).stdout == "True\n"
    assert load_settings(tmp_path, show="s.PAGE_CACHE", **production, PAGE_CACHE="0").stdout == "False\n"
    assert load_settings(tmp_path, show="s.PAGE_CACHE").stdout == "False\n"
    assert load_settings(tmp_path, show="s.PAGE_CACHE", PAGE_CACHE="1").stdout == "True\n"


def test_cache_url_puts_the_cache_on_redis_with_djangos_backend_its_clients_kept(tmp_path):
    result = load_settings(
        tmp_path,
        show="s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'], s.CACHES['default']['OPTIONS']",
        CACHE_URL="redis://10.0.0.4:6379/1",
    )

    assert result.stdout == (
        "newsroom.redis_cache.RedisCache redis://10.0.0.4:6379/1 {'socket_connect_timeout': 1, 'socket_timeout': 1}\n"
    )


def test_redis_url_is_read_when_cache_url_is_not_set_and_cache_url_wins_when_both_are(tmp_path):
    only_redis_url = load_settings(tmp_path, show=CACHE, CACHE_URL="", REDIS_URL="rediss://cache.internal:6380/0")
    both = load_settings(tmp_path, show=CACHE, CACHE_URL="redis://127.0.0.1:6379/2", REDIS_URL="redis://elsewhere/0")

    assert only_redis_url.stdout == "RedisCache rediss://cache.internal:6380/0\n"
    assert both.stdout == "RedisCache redis://127.0.0.1:6379/2\n"


def test_every_address_of_a_replicated_cache_is_checked(tmp_path):
    result = load_settings(tmp_path, CACHE_URL="redis://primary:6379/0,memcached://replica:11211")

    assert refusal(result) == (
        "CACHE_URL must be an address such as redis://127.0.0.1:6379/0, not one starting with 'memcached://'."
    )


# Every variable, in .env.example ----------------------------------------------------------------------

ASSIGNMENT = re.compile(r"(?:# )?([A-Z][A-Z0-9_]*)=(.*)")


def template_lines():
    return (BASE_DIR / ".env.example").read_text().splitlines()


def template_variables(*, examples=True):
    """Names assigned in .env.example, commented-out examples (`# NAME=value`) included unless told not to."""
    pattern = ASSIGNMENT if examples else re.compile(ASSIGNMENT.pattern.removeprefix("(?:# )?"))
    return [match[1] for line in template_lines() if (match := pattern.fullmatch(line))]


def variables_the_settings_read():
    """The first argument of every env_*() call in settings.py, and the prefix env_prefixed() reads."""
    tree = ast.parse((BASE_DIR / "newsroom" / "settings.py").read_text())
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id.startswith("env_")
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
        and not node.args[0].value.endswith("_")  # env_prefixed("SOCIAL_OEMBED_"): examples, below
    } | {"CACHE_URL", "REDIS_URL"}  # read through cache_variable


def test_settings_read_the_environment_only_through_the_env_helpers():
    """So that every variable follows their rules: empty is unset, a bad value is one clear sentence."""
    tree = ast.parse((BASE_DIR / "newsroom" / "settings.py").read_text())

    def environment_reads(node):
        return {
            found.lineno
            for found in ast.walk(node)
            if isinstance(found, ast.Attribute) and found.attr in {"environ", "getenv"}
        }

    in_helpers = set().union(
        *(
            environment_reads(node)
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("env_")
        )
    )
    elsewhere = sorted(environment_reads(tree) - in_helpers)

    assert elsewhere == [], f"settings.py lines {elsewhere} read os.environ: use env_str, env_int, env_bool…"


def test_env_example_lists_every_variable_the_settings_read_and_no_other():
    listed = set(template_variables())
    read = variables_the_settings_read()
    examples = {name for name in listed if name.startswith("SOCIAL_OEMBED_") and name not in read}

    assert len(template_variables()) == len(listed), "a variable is listed twice"
    assert listed - examples - {"ENV_FILE"} == read
    assert examples == {"SOCIAL_OEMBED_YOUTUBE", "SOCIAL_OEMBED_FACEBOOK"}


def test_env_example_is_read_alike_by_python_dotenv_docker_and_systemd():
    """Every line is blank, a comment, or NAME=value with nothing the three loaders treat differently.

    Docker's --env-file keeps quotes and everything after the = as the value; systemd keeps a # after a
    value, strips spaces around it and reads quotes and backslashes; python-dotenv expands ${NAME}. A
    value free of all of those means the same to each, which python-dotenv's own reading confirms.
    """
    plain = r"[^\s\"'#$\\]+"  # no quote, #, $ or backslash, and (below) no space at either end
    line_format = re.compile(rf"([A-Z][A-Z0-9_]*)=((?:{plain}(?: +{plain})*)?)")
    problems = []
    written = {}
    for number, line in enumerate(template_lines(), start=1):
        if not line or line.startswith("#"):
            continue
        if match := line_format.fullmatch(line):
            written[match[1]] = match[2]
        else:
            problems.append(f"line {number}: {line}")

    assert problems == []
    assert dotenv_values(BASE_DIR / ".env.example", interpolate=False) == written


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """Opens connections to one new database file, set up exactly as settings.DATABASES["default"] says.

    The test database is in memory, where WAL cannot apply, so these connections are built from the
    site's own settings with only the file name changed (and, where a test asks, an option).
    """
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite settings apply only when the database is SQLite")
    opened = []

    def connect(**options):
        settings_dict = copy.deepcopy(settings.DATABASES["default"])
        settings_dict["NAME"] = str(tmp_path / "db.sqlite3")
        settings_dict["OPTIONS"].update(options)
        alias = f"sqlite_file_{len(opened)}"
        # Registered like a configured database, so that transaction.atomic(using=alias) finds it.
        connections[alias] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
        opened.append(alias)
        return connections[alias]

    with django_db_blocker.unblock():
        yield connect
        for alias in opened:
            connections[alias].close()
            del connections[alias]


def test_a_sqlite_connection_runs_in_wal_mode_with_foreign_keys_and_a_20_second_busy_timeout(sqlite_file):
    with sqlite_file().cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone() == ("wal",)
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone() == (1,)
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone() == (20000,)


def test_a_sqlite_transaction_takes_the_write_lock_when_it_begins_not_at_its_first_write(sqlite_file):
    writer = sqlite_file()
    other_writer = sqlite_file(timeout=0.05)
    other_writer.ensure_connection()

    # The first transaction writes nothing: were transactions DEFERRED, the second BEGIN would go through.
    with (
        transaction.atomic(using=writer.alias),
        pytest.raises(OperationalError, match="database is locked"),
        transaction.atomic(using=other_writer.alias),
    ):
        pass


@pytest.mark.django_db
def test_every_page_gets_the_strict_content_security_policy(client):
    response = client.get("/this-page-does-not-exist/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert "unsafe-inline" not in policy


def test_check_deploy_warns_of_a_cache_each_process_has_to_itself_and_only_then(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    local = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.caches])
    settings.CACHES = {"default": {"BACKEND": "newsroom.redis_cache.RedisCache", "LOCATION": "redis://10.0.0.4/0"}}
    shared = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.caches])

    assert [message.id for message in local] == ["newsroom.W001"]
    assert shared == []


def make_dry_run(*arguments):
    """`make -n …` in the project: prints what a target would run, and runs nothing."""
    # --no-print-directory: under `make test` this make is a sub-make, which would print "Entering
    # directory" around what the test reads.
    return subprocess.run(  # noqa: S603 (the test's own arguments)
        [shutil.which("make"), "--no-print-directory", "-n", *arguments],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("port", ["abc", "0", "70000", "80 80"])
def test_make_refuses_a_port_that_is_not_one_before_any_target_runs(port):
    result = make_dry_run("run", f"PORT={port}")

    assert result.returncode == 2
    assert f"*** PORT must be a whole number from 1 to 65535, not '{port}'.  Stop." in result.stderr
    assert result.stdout == ""


def test_make_takes_an_empty_port_as_unset():
    result = make_dry_run("run", "PORT=")

    assert result.stdout.splitlines()[-1] == ".venv/bin/python manage.py runserver 127.0.0.1:8000"


# What docs/deploy.md ("The variables") has a real one-box site set on top of the secret: HTTPS behind nginx,
# and the Redis its five gunicorn workers share (on local memory each would keep its own site settings).
# The check does not connect to Redis, so none needs to run here.
PRODUCTION_ONE_BOX = {
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "3600",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "0",
    "CACHE_URL": "redis://:a-long-random-password@127.0.0.1:6379/0",
}


def test_check_deploy_reports_nothing_for_a_copy_of_env_example_with_a_secret_and_the_documented_https_and_cache(
    tmp_path,
):
    lines = (BASE_DIR / ".env.example").read_text().splitlines()
    production = {"SECRET_KEY": secrets.token_urlsafe(50), **PRODUCTION_ONE_BOX}
    env = tmp_path / ".env"
    env.write_text(
        "\n".join(
            f"{line.partition('=')[0]}={production.pop(line.partition('=')[0])}"
            if line.partition("=")[0] in production
            else line
            for line in lines
        )
        + "\n"
    )

    result = subprocess.run(  # noqa: S603 (the test's own code, no outside input)
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env={"PATH": os.environ["PATH"], "VAR_DIR": str(tmp_path), "ENV_FILE": str(env)},
        capture_output=True,
        text=True,
        check=False,
    )

    assert production == {}  # every variable above is in .env.example, and was set there
    assert (result.returncode, result.stderr) == (0, "")
    # The one silenced is security.W021: SECURE_HSTS_PRELOAD=0 says the owner chose not to preload.
    assert result.stdout == "System check identified no issues (1 silenced).\n"


def test_hsts_without_subdomains_or_preload_is_warned_of_until_the_owner_sets_them_to_0(tmp_path):
    show = "s.SILENCED_SYSTEM_CHECKS"
    undecided = load_settings(tmp_path, show=show, SECURE_HSTS_INCLUDE_SUBDOMAINS="", SECURE_HSTS_PRELOAD="")
    declined = load_settings(tmp_path, show=show, SECURE_HSTS_INCLUDE_SUBDOMAINS="0", SECURE_HSTS_PRELOAD="no")
    accepted = load_settings(tmp_path, show=show, SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1")

    assert undecided.stdout == "[]\n"
    assert declined.stdout == "['security.W005', 'security.W021']\n"
    assert accepted.stdout == "[]\n"
