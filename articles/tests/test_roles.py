"""The roles: groups with exactly their permissions, made by migrate and kept exact by `setup_roles`."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def permissions_of(name):
    return {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename")
    }


def setup_roles():
    out = StringIO()
    call_command("setup_roles", stdout=out)
    return out.getvalue().splitlines()


def test_migrate_makes_the_writer_group_with_exactly_its_permissions():
    assert permissions_of("Writer") == {
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.add_image",
        "articles.change_image",
        "articles.view_image",
        "articles.add_tag",
        "articles.change_tag",
        "articles.view_tag",
        "articles.view_section",
        "articles.view_author",
        "social.view_socialpost",
    }


def test_editors_may_do_everything_on_articles_and_social_posts_and_publish():
    editor = permissions_of("Editor")
    everything = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.filter(content_type__app_label__in=["articles", "social"]).values_list(
            "content_type__app_label", "codename"
        )
    }

    assert editor == everything
    assert "articles.publish_article" in editor
    assert not any(name.startswith("comments.") for name in editor)


def test_moderators_keep_their_comment_permissions_only():
    assert {name.split(".")[0] for name in permissions_of("Moderator")} == {"comments"}


def test_setup_roles_puts_back_what_was_changed_and_says_so():
    Group.objects.get(name="Editor").permissions.remove(Permission.objects.get(codename="publish_article"))
    Group.objects.get(name="Writer").permissions.add(Permission.objects.get(codename="delete_article"))
    Group.objects.get(name="Moderator").delete()

    first = setup_roles()
    second = setup_roles()

    assert first[:2] == ["Writer: removed articles.delete_article", "Editor: added articles.publish_article"]
    assert first[2] == "Moderator: created"
    assert len(first) == 3 + len(permissions_of("Moderator"))
    assert second == ["Every role already has exactly its permissions."]
    assert "articles.publish_article" in permissions_of("Editor")
    assert "articles.delete_article" not in permissions_of("Writer")
