"""Authentication backend: Django's `ModelBackend`, reading what every page needs with the user.

It lives with the project's settings because it joins both apps: the staff
member and their office (routing), their unread notifications and their office's
web reports waiting for triage (cases).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import Count, Q

from cases.selectors.triage import waiting_count_for_user


class StaffBackend(ModelBackend):
    """Every page names the user's office, unread notifications and (for a
    clerk) the office's web reports waiting for triage in its navigation bar and checks permissions (role menus, transitions); this reads
    the user with both, and the permissions in one query instead of Django's two."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = (user_model._default_manager.select_related("office")
                    .annotate(unread_notifications=Count("notifications",
                                                         filter=Q(notifications__read_at__isnull=True)),
                              web_reports_waiting=waiting_count_for_user())
                    .get(pk=user_id))
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        """The user's own and their groups' permissions, as Django's backend
        gives them, read through two semi-joins (`id IN` the user's grants or
        `IN` their groups' grants): a join through groups and content types
        as Django writes it took PostgreSQL longer to plan than to run."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_staff_perm_cache"):
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                own = user_obj.user_permissions.through.objects.filter(user_id=user_obj.pk).values("permission_id")
                groups = user_obj.groups.through.objects.filter(user_id=user_obj.pk).values("group_id")
                via_groups = Group.permissions.through.objects.filter(group_id__in=groups).values("permission_id")
                permissions = permissions.filter(Q(id__in=own) | Q(id__in=via_groups))
            user_obj._staff_perm_cache = {f"{app_label}.{codename}" for app_label, codename in
                                          permissions.values_list("content_type__app_label", "codename").order_by()}
        return user_obj._staff_perm_cache
