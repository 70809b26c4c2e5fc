from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from comments.tests.builders import make_comment

pytestmark = pytest.mark.django_db


def test_purge_comment_ips_clears_old_addresses_and_prints_counts(settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 30
    old = make_comment(ip_address="192.0.2.1", created_at=timezone.now() - timedelta(days=40))
    recent = make_comment(ip_address="192.0.2.2")
    out = StringIO()

    call_command("purge_comment_ips", stdout=out)

    assert out.getvalue() == (
        "Cleared the IP address of 1 comment and 0 reports older than 30 days.\n"
        "Cleared the address of 0 likes and deleted 0 withdrawn likes.\n"
    )
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.ip_address is None
    assert recent.ip_address == "192.0.2.2"


def test_purge_comment_ips_twice_clears_nothing_the_second_time():
    make_comment(ip_address="192.0.2.1", created_at=timezone.now() - timedelta(days=40))
    call_command("purge_comment_ips", "--days", "10", stdout=StringIO())
    out = StringIO()

    call_command("purge_comment_ips", "--days", "10", stdout=out)

    assert out.getvalue() == (
        "Cleared the IP address of 0 comments and 0 reports older than 10 days.\n"
        "Cleared the address of 0 likes and deleted 0 withdrawn likes.\n"
    )


def test_migrate_creates_the_moderator_group_with_comment_permissions_only():
    group = Group.objects.get(name="Moderator")

    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))

    assert ("comments", "moderate_comment") in codenames
    assert ("comments", "change_comment") in codenames
    assert {app for app, _ in codenames} == {"comments"}
