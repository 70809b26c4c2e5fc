"""The security headers every response carries (newsroom/middleware.py, settings SECURE_*)."""

import pytest

from articles.services import link_social_posts
from articles.tests.builders import make_article
from newsroom.csp import CSP
from newsroom.middleware import policy_header
from newsroom.tests.test_settings import load_settings
from social.tests.builders import make_social_post

pytestmark = pytest.mark.django_db


def directive(policy, name):
    """The sources of directive `name` in the header value `policy`, or None when it is left out."""
    for part in policy.split("; "):
        found, *sources = part.split(" ")
        if found == name:
            return sources
    return None


def test_the_site_policy_is_read_from_secure_csp_as_django_6_reads_it(client, settings):
    settings.SECURE_CSP = {
        "default-src": [CSP.SELF],
        "img-src": {"https://b.example", "https://a.example"},
        "media-src": CSP.NONE,
        "upgrade-insecure-requests": True,
        "sandbox": None,
        "worker-src": False,
    }

    response = client.get("/")

    assert response["Content-Security-Policy"] == (
        "default-src 'self'; img-src https://a.example https://b.example; media-src 'none'; upgrade-insecure-requests"
    )
    assert "Content-Security-Policy-Report-Only" not in response


def test_secure_csp_report_only_is_sent_as_a_second_policy_beside_the_enforced_one(client, settings):
    settings.SECURE_CSP_REPORT_ONLY = {"default-src": [CSP.SELF], "img-src": [CSP.SELF]}

    response = client.get("/")

    assert response["Content-Security-Policy-Report-Only"] == "default-src 'self'; img-src 'self'"
    assert directive(response["Content-Security-Policy"], "script-src") == ["'self'"]


def test_an_empty_secure_csp_sends_no_enforced_policy(client, settings):
    settings.SECURE_CSP = {}

    response = client.get("/")

    assert "Content-Security-Policy" not in response


def test_the_site_policy_allows_no_inline_code_and_no_frame(client):
    policy = client.get("/")["Content-Security-Policy"]

    assert directive(policy, "script-src") == ["'self'"]
    assert directive(policy, "style-src") == ["'self'"]
    assert directive(policy, "frame-src") == ["'none'"]
    assert directive(policy, "frame-ancestors") == ["'none'"]
    assert directive(policy, "object-src") == ["'none'"]
    assert "unsafe-inline" not in policy


def test_a_source_added_to_a_directive_of_none_replaces_none():
    policy = policy_header({"frame-src": [CSP.NONE]}, extend={"frame-src": ["https://embed.example"]})

    assert policy == "frame-src https://embed.example"


def test_csp_report_only_in_the_environment_moves_the_whole_policy_to_report_only(tmp_path):
    result = load_settings(
        tmp_path,
        show="s.SECURE_CSP, s.SECURE_CSP_REPORT_ONLY['script-src'] == [\"'self'\"]",
        CSP_REPORT_ONLY="1",
    )

    assert result.stdout == "{} True\n"


PERMISSIONS = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=(), interest-cohort=(), "
    "fullscreen=(self)"
)


def test_every_page_denies_the_browsers_powerful_features_and_interest_based_ads(client):
    response = client.get("/")

    assert response["Permissions-Policy"] == PERMISSIONS


def test_the_permissions_policy_is_read_from_its_setting(client, settings):
    settings.SECURE_PERMISSIONS_POLICY = {"camera": [], "geolocation": ["self", '"https://maps.example"']}

    response = client.get("/")

    assert response["Permissions-Policy"] == 'camera=(), geolocation=(self "https://maps.example")'


def test_a_story_with_a_video_lets_only_that_platforms_player_go_full_screen(client):
    video = make_social_post(platform="youtube", post_id="Kx1V3ZcmvWQ", permalink="https://youtu.be/Kx1V3ZcmvWQ")
    article = make_article(body=video.permalink)
    link_social_posts(article)

    response = client.get(article.get_absolute_url())

    assert response["Permissions-Policy"].endswith(', fullscreen=(self "https://www.youtube-nocookie.com")')


def test_the_admin_article_form_frames_its_own_preview_and_lets_no_platform_go_full_screen(admin_client):
    response = admin_client.get("/admin/articles/article/add/")

    assert directive(response["Content-Security-Policy"], "frame-src") == ["'self'"]
    assert response["Permissions-Policy"] == PERMISSIONS
