from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import BusinessArea, Department, Office, User


class BusinessAreaInline(admin.TabularInline):
    model = BusinessArea
    extra = 0


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0
    autocomplete_fields = ["head"]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "tier1_days", "tier2_days", "tier3_days"]
    list_select_related = ["parent"]
    search_fields = ["code", "name"]
    inlines = [BusinessAreaInline, DepartmentInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "parent", "timezone"]}),
        (_("Office hours"), {"fields": [("morning_opens", "morning_closes"), ("afternoon_opens", "afternoon_closes")]}),
        (_("Time limits (working days)"), {"fields": [("tier1_days", "tier2_days", "tier3_days")]}),
    ]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "kind", "head", "is_regular_window", "active"]
    list_filter = ["office", "kind", "active"]
    list_select_related = ["office", "head"]
    search_fields = ["name"]
    autocomplete_fields = ["head"]


@admin.register(BusinessArea)
class BusinessAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "position", "active"]
    list_filter = ["office"]


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ["username", "get_full_name", "office", "title", "is_active"]
    list_filter = ["office", "groups", "is_active"]
    list_select_related = ["office"]
    fieldsets = UserAdmin.fieldsets + ((_("Office"), {"fields": ["office", "title"]}),)
    add_fieldsets = UserAdmin.add_fieldsets + ((_("Office"), {"fields": ["office", "title"]}),)
