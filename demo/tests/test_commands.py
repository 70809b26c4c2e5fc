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


def test_the_local_accounts_are_made_once_with_passwords_kept_in_var_and_printed(var_dir, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    first, second = StringIO(), StringIO()

    call_command("ensure_local_accounts", stdout=first)
    call_command("ensure_local_accounts", stdout=second)

    admin_password = (var_dir / "admin_password").read_text()
    moderator_password = (var_dir / "moderator_password").read_text()
    assert first.getvalue().splitlines() == [
        f"Admin: http://127.0.0.1:8123/admin/  user: admin  password: {admin_password}",
        f"Moderator: http://127.0.0.1:8123/admin/  user: moderator  password: {moderator_password}",
    ]
    assert second.getvalue() == first.getvalue()
    admin, moderator = get_user_model().objects.order_by("username")
    assert (admin.username, admin.is_superuser, admin.check_password(admin_password)) == ("admin", True, True)
    assert (moderator.is_staff, moderator.is_superuser, moderator.check_password(moderator_password)) == (
        True,
        False,
        True,
    )
    assert list(moderator.groups.values_list("name", flat=True)) == ["Moderator"]
    assert moderator.has_perm("comments.moderate_comment")
    assert not moderator.has_perm("articles.change_article")


def test_a_changed_password_is_set_back_to_the_one_kept_in_var(var_dir):
    call_command("ensure_local_accounts", stdout=StringIO())
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("something else")
    admin.save()

    call_command("ensure_local_accounts", stdout=StringIO())

    admin.refresh_from_db()
    assert admin.check_password((var_dir / "admin_password").read_text())
