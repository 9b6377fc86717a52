"""Authentication backend: Django's, reading what every page needs in as few queries as it can.

It lives with the project's settings because it joins both apps: the staff
member and their office (routing) and their unread notifications (cases).
"""

import functools

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connections
from django.db.models import Count, Q

_PERM_FIELDS = ("content_type__app_label", "codename")
_MARKER_USER = -8_765_432  # a user id no row has: the compiled query's placeholder


@functools.cache
def _permissions_query(alias: str) -> tuple[str, int]:
    """A user's own and their groups' permissions, as SQL compiled once per database.

    A UNION of the two short lookups: an OR across both joins would join every
    group membership of every user first. Every page checks permissions, and
    compiling the union through the ORM on each request cost more than running it.
    Returns the SQL and how many of its parameters (all of them the user) it takes.
    """
    own = Permission.objects.using(alias).filter(user=_MARKER_USER).order_by().values_list(*_PERM_FIELDS)
    union = own.union(Permission.objects.filter(group__user=_MARKER_USER).order_by().values_list(*_PERM_FIELDS))
    sql, params = union.query.sql_with_params()
    if set(params) != {_MARKER_USER}:
        raise AssertionError(f"unexpected parameters in the permission query: {params!r}")
    return sql, len(params)


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
                alias = user_obj._state.db or "default"
                sql, user_params = _permissions_query(alias)
                with connections[alias].cursor() as cursor:
                    cursor.execute(sql, [user_obj.pk] * user_params)
                    perms = cursor.fetchall()
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in perms}
        return user_obj._perm_cache

    def get_user(self, user_id):
        """The logged-in staff member with their office and unread count (the
        navigation bar of every page shows both), in one query."""
        from django.contrib.auth import get_user_model

        user = (get_user_model()._default_manager.select_related("office")
                .annotate(unread_notifications=Count("notifications", filter=Q(notifications__read_at__isnull=True)))
                .filter(pk=user_id).first())
        return user if user is not None and self.user_can_authenticate(user) else None
