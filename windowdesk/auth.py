"""Authentication backend: Django's, reading what every page needs in as few queries as it can.

It lives with the project's settings because it joins both apps: the staff
member and their office (routing) and their unread notifications (cases).
"""

import functools

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import Count, Q

from .compiled import CompiledRead

_PERM_FIELDS = ("content_type__app_label", "codename")


@functools.cache
def _permissions_read() -> CompiledRead:
    """A user's own and their groups' permissions, compiled once.

    The permission table read through two semi-joins (`id IN` the user's own
    grants, or `IN` their groups' grants). Django's joins through `auth_group`
    and the content types, as a UNION or an OR, took PostgreSQL 0.5 ms to plan
    for a 0.07 ms lookup; this plans in about 0.1 ms. Every page checks
    permissions, and compiling the query through the ORM on each request cost
    more than running it.
    """
    from django.contrib.auth import get_user_model

    user_model = get_user_model()

    def permissions(user_id):
        own = user_model.user_permissions.through.objects.filter(user_id=user_id).values("permission_id")
        groups = user_model.groups.through.objects.filter(user_id=user_id).values("group_id")
        via_groups = Group.permissions.through.objects.filter(group_id__in=groups).values("permission_id")
        return (Permission.objects.filter(Q(id__in=own) | Q(id__in=via_groups)).select_related("content_type")
                .only(*_PERM_FIELDS).order_by())

    return CompiledRead(permissions)


class StaffBackend(ModelBackend):
    """Every page checks permissions (role menus, transitions); Django's backend
    reads a user's own and their groups' permissions in two queries per request.
    This reads both at once, with SQL compiled once, and fills the same
    per-request cache."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                perms = Permission.objects.values_list(*_PERM_FIELDS)
            else:
                perms = [(perm.content_type.app_label, perm.codename) for perm in _permissions_read()(user_id=user_obj.pk)]
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in perms}
        return user_obj._perm_cache

    def get_user(self, user_id):
        """The logged-in staff member with their office and unread count (the
        navigation bar of every page shows both), in one query compiled once."""
        from django.contrib.auth import get_user_model

        found = _logged_in_read()(pk=get_user_model()._meta.pk.to_python(user_id))
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None


@functools.cache
def _logged_in_read() -> CompiledRead:
    from django.contrib.auth import get_user_model

    return CompiledRead(lambda pk: get_user_model()._default_manager.select_related("office").annotate(
        unread_notifications=Count("notifications", filter=Q(notifications__read_at__isnull=True))).filter(pk=pk))
