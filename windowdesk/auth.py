"""Authentication backend: Django's, reading what every page needs in as few queries as it can.

It lives with the project's settings because it joins both apps: the staff
member and their office (routing) and their unread notifications (cases).
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connections
from django.db.models import CharField, Count, OuterRef, Q, Value
from django.db.models.functions import Concat

_PERM_FIELDS = ("content_type__app_label", "codename")


def _perm_names(permissions):
    """'app_label.codename' of each permission, worked out by the database."""
    return permissions.order_by().values_list(
        Concat("content_type__app_label", Value("."), "codename", output_field=CharField()), flat=True)


class StaffBackend(ModelBackend):
    """Every page checks permissions (role menus, transitions); Django's backend
    reads a user's own and their groups' permissions in two queries per request.
    On PostgreSQL they come with the user (two array subqueries of the user
    query); elsewhere both in one query at the first check."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                perms = Permission.objects.values_list(*_PERM_FIELDS)
            else:
                # A UNION of the two short lookups: an OR across both joins would
                # join every group membership of every user first.
                own = Permission.objects.filter(user=user_obj).order_by().values_list(*_PERM_FIELDS)
                perms = own.union(Permission.objects.filter(group__user=user_obj).order_by().values_list(*_PERM_FIELDS))
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in perms}
        return user_obj._perm_cache

    def get_user(self, user_id):
        """The logged-in staff member with their office, unread count (the
        navigation bar of every page shows both) and, on PostgreSQL, their
        permissions, in one query."""
        from django.contrib.auth import get_user_model

        model = get_user_model()
        users = (model._default_manager.select_related("office")
                 .annotate(unread_notifications=Count("notifications", filter=Q(notifications__read_at__isnull=True))))
        with_perms = connections[users.db].vendor == "postgresql"
        if with_perms:
            from django.contrib.postgres.expressions import ArraySubquery

            users = users.annotate(
                own_perm_names=ArraySubquery(_perm_names(Permission.objects.filter(user=OuterRef("pk")))),
                group_perm_names=ArraySubquery(_perm_names(Permission.objects.filter(group__user=OuterRef("pk")))),
            )
        user = users.filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        if with_perms and not user.is_superuser:
            user._perm_cache = {*user.own_perm_names, *user.group_perm_names}
        return user
