"""The staff roles (Writer, Editor, Moderator) as groups with exactly their permissions.

Each app declares the roles it knows in a `roles` attribute of its AppConfig: {group name: ["app.codename",
…]}. This module finds them through the app registry, so articles reads the comments' Moderator without
importing comments (the apps depend one way: comments → articles → social). Groups are brought to their
declared permissions after every migrate (each app's post_migrate, once Django has created the
permissions) and by `manage.py setup_roles`, which prints what it changed.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q


def declared_roles():
    """{group name: sorted permission names} from every installed app that declares roles."""
    roles = {}
    for config in apps.get_app_configs():
        for name, permissions in getattr(config, "roles", {}).items():
            roles.setdefault(name, set()).update(permissions)
    return {name: sorted(permissions) for name, permissions in roles.items()}


def permission_name(permission):
    return f"{permission.content_type.app_label}.{permission.codename}"


@transaction.atomic
def sync_role(name, permissions):
    """Give group `name` exactly `permissions` ("app.codename"); returns the group and what changed, in words.

    A permission that does not exist (yet) is skipped: after a migrate that adds it, the next run grants it.
    """
    group, created = Group.objects.get_or_create(name=name)
    wanted = Q(pk__in=[])
    for dotted in permissions:
        app_label, codename = dotted.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    wanted_set = set(Permission.objects.filter(wanted).select_related("content_type"))
    current = set(group.permissions.select_related("content_type"))
    group.permissions.remove(*(current - wanted_set))
    group.permissions.add(*(wanted_set - current))
    changes = [f"{name}: created"] if created else []
    changes += [f"{name}: added {permission_name(p)}" for p in sorted(wanted_set - current, key=permission_name)]
    changes += [f"{name}: removed {permission_name(p)}" for p in sorted(current - wanted_set, key=permission_name)]
    return group, changes


def sync_roles(names=None):
    """Bring every declared role (or those in `names`) to its permissions; returns what changed, in words."""
    changes = []
    for name, permissions in declared_roles().items():
        if names is None or name in names:
            changes += sync_role(name, permissions)[1]
    return changes


def sync_roles_after_migrate(sender, **kwargs):
    """post_migrate of an app that declares roles: its roles, now that their permissions exist."""
    sync_roles(getattr(sender, "roles", {}).keys())
