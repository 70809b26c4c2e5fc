"""The site settings: changed by editors in the admin, read by every page through the cache, refreshed on save."""

import logging
import subprocess
import sys
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import site_settings
from articles.models import SITE_SETTINGS_ID, FooterLink, SiteSettings
from articles.site_settings import CACHE_KEY, update_site_settings
from articles.tests.builders import make_article, make_image, make_staff

pytestmark = pytest.mark.django_db

CHANGE_URL = "/admin/articles/sitesettings/1/change/"
APP_TEXT = (
    "Download the Newsroom app for the latest Bollywood & entertainment news, hot celebrity photos, lifestyle, "
    "fashion & beauty, Hollywood, K-Drama…"
)
PROMOTION = {
    "app_promotion_heading": "Get the Newsroom app",
    "app_promotion_text": APP_TEXT,
    "app_store_url": "https://apps.apple.com/app/id123456789",
    "google_play_url": "https://play.google.com/store/apps/details?id=com.example.newsroom",
}


def settings_form(**overrides):
    """The POST data of the site settings' change form, everything switched on, with any field overridden."""
    data = {
        "site_name": "",
        "show_logo": "on",
        "logo": "",
        "logo_alt_text": "",
        "show_tagline": "on",
        "tagline": "Entertainment news, written by people.",
        "show_social_profiles": "on",
        **{f"{slug}_url": "" for slug in ["x", "instagram", "youtube", "facebook", "tiktok", "threads", "bluesky"]},
        "show_footer_links": "on",
        "show_app_promotion": "on",
        **PROMOTION,
        "footer_links-TOTAL_FORMS": "0",
        "footer_links-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def with_footer_link(data, label, url, position=0):
    n = int(data["footer_links-TOTAL_FORMS"])
    data.update(
        {f"footer_links-{n}-label": label, f"footer_links-{n}-url": url, f"footer_links-{n}-position": position}
    )
    data["footer_links-TOTAL_FORMS"] = str(n + 1)
    return data


@pytest.fixture
def editor_client():
    editor = Client()
    editor.force_login(make_staff("Editor"))
    return editor


def page(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# The admin


def test_the_site_settings_open_straight_on_their_change_form_made_the_first_time(editor_client):
    response = editor_client.get("/admin/articles/sitesettings/")

    assert response.status_code == 302
    assert response["Location"] == CHANGE_URL
    assert editor_client.get(CHANGE_URL).status_code == 200
    assert SiteSettings.objects.get().tagline == "Entertainment news, written by people."


def test_an_editor_changes_the_settings_and_readers_see_them_on_the_next_page(
    editor_client, client, django_capture_on_commit_callbacks
):
    data = with_footer_link(
        settings_form(tagline="Gossip, checked twice.", site_name="Filmi"), "Lifestyle", "/lifestyle/"
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(CHANGE_URL, data)

    assert response.status_code == 302
    assert response["Location"] == CHANGE_URL
    html = page(client)
    assert f"<p>© {timezone.localtime():%Y} Filmi. Gossip, checked twice.</p>" in html
    assert '<li><a href="/lifestyle/">Lifestyle</a></li>' in html
    assert list(FooterLink.objects.values_list("label", "url")) == [("Lifestyle", "/lifestyle/")]


def test_a_writer_may_not_open_or_change_the_settings_and_a_forged_post_is_refused(client):
    client.force_login(make_staff("Writer"))
    site_settings.settings_row()

    assert client.get("/admin/articles/sitesettings/").status_code == 403
    assert client.get(CHANGE_URL).status_code == 403
    assert client.post(CHANGE_URL, settings_form(tagline="Hacked")).status_code == 403
    assert SiteSettings.objects.get().tagline == "Entertainment news, written by people."


def test_nobody_adds_or_deletes_the_settings_not_even_a_superuser(admin_client):
    site_settings.settings_row()

    assert admin_client.get("/admin/articles/sitesettings/add/").status_code == 403
    assert admin_client.post("/admin/articles/sitesettings/1/delete/", {"post": "yes"}).status_code == 403
    assert SiteSettings.objects.count() == 1


def test_the_database_holds_one_settings_row():
    site_settings.settings_row()

    with pytest.raises(IntegrityError):
        SiteSettings.objects.create(pk=2)


def test_the_editor_role_is_given_the_change_permission_and_the_writer_is_not():
    editor, writer = make_staff("Editor"), make_staff("Writer")

    assert [editor.has_perm("articles.change_sitesettings"), writer.has_perm("articles.change_sitesettings")] == [
        True,
        False,
    ]


# Validation: each address on its own platform's or store's host, what was typed kept


def test_a_youtube_address_in_the_instagram_field_is_refused_saying_so_and_kept(editor_client):
    response = editor_client.post(CHANGE_URL, settings_form(instagram_url="https://www.youtube.com/@newsroom"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "instagram_url": [
            "This is a YouTube address, not Instagram’s. Enter the address of the Instagram profile, on "
            "instagram.com, e.g. https://www.instagram.com/newsroom/"
        ]
    }
    assert 'value="https://www.youtube.com/@newsroom"' in response.content.decode()
    assert SiteSettings.objects.get().instagram_url == ""


def test_an_address_on_no_known_platform_is_refused_with_the_host_to_use(editor_client):
    response = editor_client.post(CHANGE_URL, settings_form(bluesky_url="https://example.com/newsroom"))

    assert response.context["adminform"].form.errors == {
        "bluesky_url": [
            "Enter the address of the Bluesky profile, on bsky.app, e.g. https://bsky.app/profile/newsroom.example.com"
        ]
    }


def test_a_malformed_profile_address_is_refused_as_an_address_not_with_an_error_page(editor_client):
    response = editor_client.post(CHANGE_URL, settings_form(x_url="https://[x.com/newsroom"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"x_url": ["Enter a valid URL."]}


def test_a_malformed_profile_address_given_to_the_service_is_refused_as_an_address():
    with pytest.raises(ValidationError) as refused:
        update_site_settings(x_url="https://[x.com/newsroom")

    assert refused.value.message_dict == {
        "x_url": ["Enter a valid URL.", "Enter the address of the X profile, on x.com, e.g. https://x.com/newsroom"]
    }


def test_a_store_link_on_another_host_is_refused_naming_the_store(editor_client):
    response = editor_client.post(CHANGE_URL, settings_form(google_play_url="https://apps.apple.com/app/id1"))

    assert response.context["adminform"].form.errors == {
        "google_play_url": [
            "Enter the app’s address on Google Play, e.g. https://play.google.com/store/apps/details?id=com.example.newsroom"
        ]
    }


def test_a_footer_link_is_a_page_of_the_site_or_a_web_address(editor_client):
    data = with_footer_link(settings_form(), "Bad", "javascript:alert(1)")

    response = editor_client.post(CHANGE_URL, data)

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors == [
        {
            "url": [
                "Enter a page of this site starting with “/”, e.g. /about/, or a full address starting with https://."
            ]
        }
    ]


# The cache


def test_a_save_writes_the_new_settings_into_the_cache_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        update_site_settings(tagline="Fresh")
        assert cache.get(CACHE_KEY)["tagline"] == "Entertainment news, written by people."

    for callback in callbacks:
        callback()
    assert cache.get(CACHE_KEY)["tagline"] == "Fresh"


def test_with_the_settings_in_the_cache_a_page_reads_them_without_a_query(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        update_site_settings(tagline="Fresh", footer_links=[("A", "/a/"), ("B", "https://example.com/b")])

    with CaptureQueriesContext(connection) as queries:
        current = site_settings.current()

    assert len(queries) == 0
    assert current["footer_links"] == [{"label": "A", "url": "/a/"}, {"label": "B", "url": "https://example.com/b"}]


def test_on_local_memory_another_worker_s_save_reaches_this_worker_at_its_next_page(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    # Each worker's local memory is its own: another worker's save writes its own cache and moves the page
    # cache's generation file (here, from another process); this worker's copy must not outlive that.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "page-cache-generation"
    settings.PAGE_CACHE_GENERATION_FILE.touch()
    with django_capture_on_commit_callbacks(execute=True):
        update_site_settings(tagline="Before")
    assert site_settings.current()["tagline"] == "Before"  # this worker's copy, written by its own save
    SiteSettings.objects.filter(pk=SITE_SETTINGS_ID).update(tagline="Saved by another worker")
    later = "import os, sys, time; os.utime(sys.argv[1], ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))"

    subprocess.run([sys.executable, "-c", later, str(settings.PAGE_CACHE_GENERATION_FILE)], check=True)  # noqa: S603

    assert site_settings.current()["tagline"] == "Saved by another worker"


def test_a_cache_that_lost_the_settings_is_filled_again_with_one_query(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        update_site_settings(
            tagline="Kept", logo=make_image(), footer_links=[("Second", "/2/"), ("First", "/1/")], **PROMOTION
        )
    cache.delete(CACHE_KEY)

    with CaptureQueriesContext(connection) as queries:
        current = site_settings.current()

    assert len(queries) == 1
    assert current == cache.get(CACHE_KEY)
    assert current["tagline"] == "Kept"
    assert [link["label"] for link in current["footer_links"]] == ["Second", "First"]
    assert current["logo"]["height"] >= 80


UNREACHABLE_REDIS = {"default": {"BACKEND": "newsroom.redis_cache.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}}


def test_a_cache_that_does_not_answer_leaves_the_pages_up_reading_the_database(client, caplog):
    update_site_settings(tagline="From the database")

    with override_settings(CACHES=UNREACHABLE_REDIS), caplog.at_level(logging.WARNING, logger="articles.site_settings"):
        html = page(client)

    assert "From the database</p>" in html
    assert [record.getMessage() for record in caplog.records] == [
        "Site settings: the cache did not answer; read from the database"
    ]


# What readers see


def promoted_article_page(client, django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        update_site_settings(**{**PROMOTION, **fields})
    return page(client, make_article().get_absolute_url())


def test_the_app_promotion_comes_after_the_story_and_before_the_comments(client, django_capture_on_commit_callbacks):
    html = promoted_article_page(client, django_capture_on_commit_callbacks)

    assert html.index("</article>") < html.index('<aside class="app-promotion"') < html.index('class="comments')
    assert '<h2 id="app-promotion-heading" class="app-promotion__heading">Get the Newsroom app</h2>' in html
    assert (
        '<p class="app-promotion__text">Download the Newsroom app for the latest Bollywood &amp; entertainment news, '
        "hot celebrity photos, lifestyle, fashion &amp; beauty, Hollywood, K-Drama…</p>"
    ) in html
    assert (
        '<a class="app-promotion__store" href="https://apps.apple.com/app/id123456789" rel="noopener">'
        "Download on the App Store</a>"
    ) in html
    assert ">Get it on Google Play</a>" in html


def test_the_app_promotion_shows_on_article_pages_only(client, django_capture_on_commit_callbacks):
    promoted_article_page(client, django_capture_on_commit_callbacks)

    assert "app-promotion" not in page(client)


def test_the_header_shows_the_logo_beside_the_name(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        update_site_settings(logo=make_image(), logo_alt_text="A red N")
    logo = cache.get(CACHE_KEY)["logo"]

    assert (
        f'<img class="site-name__logo" src="{logo["url"]}" width="{logo["width"]}" height="{logo["height"]}" '
        'alt="A red N">Newsroom</a>'
    ) in page(client)


def test_the_social_profiles_are_plain_links_named_by_their_platform(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        update_site_settings(
            instagram_url="https://www.instagram.com/newsroom/", bluesky_url="https://bsky.app/profile/newsroom.test"
        )

    html = page(client)

    assert '<nav class="site-footer__links" aria-label="Newsroom elsewhere">' in html
    assert '<li><a href="https://www.instagram.com/newsroom/" rel="me noopener">Instagram</a></li>' in html
    assert '<li><a href="https://bsky.app/profile/newsroom.test" rel="me noopener">Bluesky</a></li>' in html


SWITCHES = {
    "show_logo": 'class="site-name__logo"',
    "show_tagline": "Gossip, checked twice.",
    "show_social_profiles": "Newsroom elsewhere",
    "show_footer_links": "About Newsroom",
    "show_app_promotion": 'class="app-promotion"',
}


@pytest.mark.parametrize("switch", SWITCHES)
def test_each_switch_hides_its_part_and_only_that(client, django_capture_on_commit_callbacks, switch):
    everything = {
        "logo": make_image(),
        "tagline": "Gossip, checked twice.",
        "x_url": "https://x.com/newsroom",
        "footer_links": [("Lifestyle", "/lifestyle/")],
    }
    shown = promoted_article_page(client, django_capture_on_commit_callbacks, **everything)

    hidden = promoted_article_page(client, django_capture_on_commit_callbacks, **everything, **{switch: False})

    assert [marker in shown for marker in SWITCHES.values()] == [True] * len(SWITCHES)
    assert {name: marker in hidden for name, marker in SWITCHES.items()} == {name: name != switch for name in SWITCHES}


def test_the_tagline_and_the_app_text_are_shown_as_text_never_as_markup(client, django_capture_on_commit_callbacks):
    script = '<script>alert("x")</script>'
    html = promoted_article_page(
        client,
        django_capture_on_commit_callbacks,
        tagline=script,
        app_promotion_text=script,
        app_promotion_heading=script,
    )

    assert script not in html
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    assert html.count(escaped) == 3


def test_setup_roles_gives_the_editors_back_the_change_permission():
    editors = Group.objects.get(name="Editor")
    editors.permissions.remove(Permission.objects.get(codename="change_sitesettings"))
    out = StringIO()

    call_command("setup_roles", stdout=out)

    assert out.getvalue().splitlines() == ["Editor: added articles.change_sitesettings"]


def test_a_cache_that_does_not_answer_is_logged_once_a_minute_not_on_every_page(client, caplog):
    with override_settings(CACHES=UNREACHABLE_REDIS), caplog.at_level(logging.WARNING, logger="articles.site_settings"):
        pages = [page(client) for _ in range(3)]

    assert len(pages) == 3
    assert [record.getMessage() for record in caplog.records] == [
        "Site settings: the cache did not answer; read from the database"
    ]
