"""The admin app, with the site's own AdminSite (newsroom/signin.py): INSTALLED_APPS names this in place of
django.contrib.admin. Kept apart from signin.py because settings load it before any model exists."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "newsroom.signin.AdminSite"
