"""Authentication backend: Django's, reading what every page needs in as few queries as it can.

It lives with the project's settings because it joins both apps: the staff
member and their office (routing) and their unread notifications (cases).
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Count, Q


class StaffBackend(ModelBackend):
    """Every page checks permissions (role menus, transitions); Django's backend
    reads a user's own and their groups' permissions in two queries per request.
    This reads both at once and fills the same per-request cache."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            fields = ("content_type__app_label", "codename")
            if user_obj.is_superuser:
                perms = Permission.objects.values_list(*fields)
            else:
                # A UNION of the two short lookups: an OR across both joins would
                # join every group membership of every user first.
                own = Permission.objects.filter(user=user_obj).order_by().values_list(*fields)
                perms = own.union(Permission.objects.filter(group__user=user_obj).order_by().values_list(*fields))
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
