"""Browsers' reports of what the Content Security Policy refused: /csp-report/ (newsroom/views.py)."""

import json
import logging

import pytest
from django.core.exceptions import ValidationError

from articles.models import validate_section_slug

pytestmark = pytest.mark.django_db

OLD_REPORT = {
    "csp-report": {
        "document-uri": "https://news.example/politics/budget-2026/42/",
        "referrer": "",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "original-policy": "default-src 'self'; script-src 'self'",
        "blocked-uri": "https://evil.example/x.js",
        "status-code": 200,
    }
}
REPORTING_API_REPORTS = [
    {
        "type": "csp-violation",
        "age": 10,
        "url": "https://news.example/latest/",
        "user_agent": "Mozilla/5.0",
        "body": {
            "documentURL": "https://news.example/latest/",
            "blockedURL": "inline",
            "effectiveDirective": "style-src-attr",
            "originalPolicy": "default-src 'self'",
            "disposition": "enforce",
            "statusCode": 200,
        },
    },
    {"type": "deprecation", "age": 3, "url": "https://news.example/", "body": {"id": "x", "message": "Old API"}},
]


def post_report(client, body, content_type="application/csp-report", address="203.0.113.1"):
    data = body if isinstance(body, bytes) else json.dumps(body)
    return client.post("/csp-report/", data, content_type=content_type, REMOTE_ADDR=address)


def logged(caplog):
    return [(record.levelname, record.getMessage()) for record in caplog.records if record.name == "newsroom.views"]


def test_an_old_style_report_is_logged_on_one_line_and_answered_with_no_content(client, caplog):
    caplog.set_level(logging.WARNING)

    response = post_report(client, OLD_REPORT, address="203.0.113.10")

    assert response.status_code == 204
    assert response.content == b""
    assert logged(caplog) == [
        (
            "WARNING",
            "CSP violation: directive=script-src-elem blocked=https://evil.example/x.js "
            "document=https://news.example/politics/budget-2026/42/",
        )
    ]


def test_the_reporting_apis_csp_violations_are_logged_and_its_other_reports_left_out(client, caplog):
    caplog.set_level(logging.WARNING)

    response = post_report(client, REPORTING_API_REPORTS, "application/reports+json", address="203.0.113.11")

    assert response.status_code == 204
    assert logged(caplog) == [
        ("WARNING", "CSP violation: directive=style-src-attr blocked=inline document=https://news.example/latest/")
    ]


def test_a_report_cannot_write_a_second_line_into_the_log(client, caplog):
    caplog.set_level(logging.WARNING)
    forged = {"csp-report": {**OLD_REPORT["csp-report"], "blocked-uri": "https://a.example/\nCSP violation: fake"}}

    post_report(client, forged, address="203.0.113.12")

    [(_, message)] = logged(caplog)
    assert "\n" not in message
    assert "blocked=https://a.example/?CSP violation: fake document=" in message


def test_reports_from_one_address_are_logged_up_to_the_limit_then_once_said_and_dropped(client, caplog, settings):
    settings.CSP_REPORTS_PER_ADDRESS = 2
    caplog.set_level(logging.WARNING)

    answers = [post_report(client, OLD_REPORT, address="203.0.113.13").status_code for _ in range(4)]
    other_address = post_report(client, OLD_REPORT, address="203.0.113.14")

    assert answers == [204, 204, 204, 204]
    assert other_address.status_code == 204
    assert [message.split(" document=")[0] for _, message in logged(caplog)] == [
        "CSP violation: directive=script-src-elem blocked=https://evil.example/x.js",
        "CSP violation: directive=script-src-elem blocked=https://evil.example/x.js",
        "CSP violations from 203.0.113.13: over 2 in 60 s, the rest not logged",
        "CSP violation: directive=script-src-elem blocked=https://evil.example/x.js",
    ]


def test_a_forged_x_forwarded_for_does_not_buy_another_budget(client, caplog, settings):
    settings.CSP_REPORTS_PER_ADDRESS = 1
    caplog.set_level(logging.WARNING)

    for n in range(3):
        client.post(
            "/csp-report/",
            json.dumps(OLD_REPORT),
            content_type="application/csp-report",
            REMOTE_ADDR="203.0.113.15",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )

    assert len([message for _, message in logged(caplog) if message.startswith("CSP violation:")]) == 1


def test_a_body_over_64_kb_is_refused(client, caplog):
    caplog.set_level(logging.WARNING)
    padded = {"csp-report": {**OLD_REPORT["csp-report"], "script-sample": "x" * 64 * 1024}}

    response = post_report(client, padded, address="203.0.113.16")

    assert response.status_code == 400
    assert response.content == b"A CSP report is at most 64 KB."
    assert logged(caplog) == []


@pytest.mark.parametrize(
    ("body", "content_type", "answer"),
    [
        (b"directive=script-src", "application/x-www-form-urlencoded", b"A CSP report is JSON"),
        (b"<csp-report/>", "text/xml", b"A CSP report is JSON"),
        (b"{not json", "application/csp-report", b"This is not a CSP report."),
        (b'{"report": 1}', "application/csp-report", b"This is not a CSP report."),
        (b'"a string"', "application/reports+json", b"This is not a CSP report."),
        (b"[1, 2]", "application/reports+json", b"This is not a CSP report."),
    ],
)
def test_what_is_not_a_csp_report_is_refused_with_400(client, body, content_type, answer):
    response = post_report(client, body, content_type, address="203.0.113.17")

    assert response.status_code == 400
    assert response.content.startswith(answer)


def test_a_report_needs_no_csrf_token(client):
    strict = client.__class__(enforce_csrf_checks=True)

    response = post_report(strict, OLD_REPORT, address="203.0.113.18")

    assert response.status_code == 204


def test_the_endpoint_answers_only_posts(client):
    assert client.get("/csp-report/").status_code == 405


def test_a_report_is_never_stored_by_the_page_cache(client, settings):
    settings.PAGE_CACHE = True

    response = post_report(client, OLD_REPORT, address="203.0.113.19")

    assert response.status_code == 204
    assert "ETag" not in response
    assert "Cache-Tag" not in response


def test_every_page_names_the_report_endpoint_to_both_kinds_of_browser(client):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert policy.endswith("; report-uri /csp-report/; report-to csp")
    assert response["Reporting-Endpoints"] == 'csp="/csp-report/"'


def test_no_section_may_take_the_report_endpoints_address():
    with pytest.raises(ValidationError, match="is used by another part of the site"):
        validate_section_slug("csp-report")
