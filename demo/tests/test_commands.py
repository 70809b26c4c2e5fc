from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.VAR_DIR


def test_the_local_accounts_are_made_once_per_role_with_passwords_kept_in_var_and_printed(var_dir, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    first, second = StringIO(), StringIO()

    call_command("ensure_local_accounts", stdout=first)
    call_command("ensure_local_accounts", stdout=second)

    passwords = {
        name: (var_dir / f"{name}_password").read_text() for name in ["writer", "editor", "moderator", "admin"]
    }
    assert first.getvalue().splitlines() == [
        f"Writer: http://127.0.0.1:8123/admin/  user: writer  password: {passwords['writer']}",
        f"Editor: http://127.0.0.1:8123/admin/  user: editor  password: {passwords['editor']}",
        f"Moderator: http://127.0.0.1:8123/admin/  user: moderator  password: {passwords['moderator']}",
        f"Admin: http://127.0.0.1:8123/admin/  user: admin  password: {passwords['admin']}",
    ]
    assert second.getvalue() == first.getvalue()
    users = {user.username: user for user in get_user_model().objects.all()}
    assert {name: user.check_password(passwords[name]) for name, user in users.items()} == dict.fromkeys(
        passwords, True
    )
    assert {name: (user.is_staff, user.is_superuser) for name, user in users.items()} == {
        "writer": (True, False),
        "editor": (True, False),
        "moderator": (True, False),
        "admin": (True, True),
    }
    assert {name: list(user.groups.values_list("name", flat=True)) for name, user in users.items()} == {
        "writer": ["Writer"],
        "editor": ["Editor"],
        "moderator": ["Moderator"],
        "admin": [],
    }
    assert [users[name].has_perm("articles.publish_article") for name in ["writer", "editor", "moderator"]] == [
        False,
        True,
        False,
    ]
    assert users["moderator"].has_perm("comments.moderate_comment")
    assert not users["moderator"].has_perm("articles.change_article")
    assert users["writer"].has_perm("articles.add_article")


def test_a_changed_password_is_set_back_to_the_one_kept_in_var(var_dir):
    call_command("ensure_local_accounts", stdout=StringIO())
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("something else")
    admin.save()

    call_command("ensure_local_accounts", stdout=StringIO())

    admin.refresh_from_db()
    assert admin.check_password((var_dir / "admin_password").read_text())
