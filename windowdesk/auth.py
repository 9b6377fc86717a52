"""Authentication backend: Django's, with a staff member's permissions read in one query."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q


class StaffBackend(ModelBackend):
    """Every page checks permissions (role menus, transitions); Django's backend
    reads a user's own and their groups' permissions in two queries per request.
    This reads both at once and fills the same per-request cache."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            perms = Permission.objects.all()
            if not user_obj.is_superuser:
                perms = perms.filter(Q(user=user_obj) | Q(group__user=user_obj)).distinct()
            user_obj._perm_cache = {
                f"{app_label}.{codename}"
                for app_label, codename in perms.values_list("content_type__app_label", "codename")
            }
        return user_obj._perm_cache

    def get_user(self, user_id):
        """The logged-in staff member with their office, which every page shows."""
        user = self.user_model_with_office().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    @staticmethod
    def user_model_with_office():
        from django.contrib.auth import get_user_model

        return get_user_model()._default_manager.select_related("office")
