from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import BusinessArea, CalendarChange, CalendarDay, CalendarYear, Department, DutyAssignment, Office, User
from . import admin_lockouts  # noqa: F401,E402  (login lockouts, scoped to the office)


class ReadOnlyAdminMixin:
    """For records written only by the app (audit trails, clocks): the admin reads them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OwnOfficeListFilter(admin.RelatedFieldListFilter):
    """A sidebar filter over offices, staff, departments or business areas that offers
    only the administrator's own office's rows: the full list would name every other
    office (and its people) in the deployment. Superusers still see every choice."""

    def field_choices(self, field, request, model_admin):
        if request.user.is_superuser:
            return super().field_choices(field, request, model_admin)
        own = {"pk": request.user.office_id} if field.related_model is Office else {"office_id": request.user.office_id}
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, ordering=ordering, limit_choices_to=own)


class OfficeScopedAdmin(admin.ModelAdmin):
    """An office administrator sees and edits only their own office's rows.

    `office_path` names the lookup from the model to its office. Superusers
    (the deployment's operators, with no office) see everything.
    """

    office_path = "office"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{self.office_path: request.user.office_id}) if request.user.office_id else qs.none()

    def get_list_filter(self, request):
        scoped = (Office, User, Department, BusinessArea)
        filters = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str) and "__" not in entry:
                field = self.model._meta.get_field(entry)
                if field.is_relation and field.related_model in scoped:
                    entry = (entry, OwnOfficeListFilter)
            filters.append(entry)
        return filters

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser and db_field.related_model is Office:
            kwargs["queryset"] = Office.objects.filter(pk=request.user.office_id)
        elif not request.user.is_superuser and db_field.related_model is User:
            kwargs["queryset"] = User.objects.filter(office_id=request.user.office_id)
        elif not request.user.is_superuser and db_field.related_model in (BusinessArea, Department):
            kwargs["queryset"] = db_field.related_model.objects.filter(office_id=request.user.office_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class BusinessAreaInline(admin.TabularInline):
    model = BusinessArea
    extra = 0


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0
    autocomplete_fields = ["head"]


@admin.register(Office)
class OfficeAdmin(OfficeScopedAdmin):
    office_path = "pk"
    list_display = ["code", "name", "parent", "tier1_days", "tier2_days", "tier3_days"]
    list_select_related = ["parent"]
    search_fields = ["code", "name"]
    inlines = [BusinessAreaInline, DepartmentInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "parent", "timezone"]}),
        (_("Office hours"), {"fields": [("morning_opens", "morning_closes"), ("afternoon_opens", "afternoon_closes"),
                                         "daily_summary_at"]}),
        (_("Time limits (working days)"), {"fields": [("tier1_days", "tier2_days", "tier3_days"), "callback_working_days"]}),
    ]


@admin.register(Department)
class DepartmentAdmin(OfficeScopedAdmin):
    list_display = ["name", "office", "kind", "head", "is_regular_window", "active"]
    list_filter = ["office", "kind", "active"]
    list_select_related = ["office", "head"]
    search_fields = ["name"]
    autocomplete_fields = ["head"]


@admin.register(BusinessArea)
class BusinessAreaAdmin(OfficeScopedAdmin):
    list_display = ["name", "office", "position", "active"]
    list_filter = ["office"]


@admin.register(User)
class StaffAdmin(OfficeScopedAdmin, UserAdmin):
    list_display = ["username", "get_full_name", "office", "title", "is_active"]
    list_filter = ["office", "groups", "is_active"]
    list_select_related = ["office"]
    fieldsets = UserAdmin.fieldsets + ((_("Office"), {"fields": ["office", "title"]}),)

    def get_readonly_fields(self, request, obj=None):
        # Only the deployment's operators hand out powers beyond the role groups.
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["is_superuser", "is_staff", "user_permissions", "office", "last_login", "date_joined"]
    add_fieldsets = UserAdmin.add_fieldsets + ((_("Office"), {"fields": ["office", "title"]}),)


# --- The national calendar ------------------------------------------------------
# Every save and delete here is recorded as a CalendarChange with the acting
# user, and sends routing.signals.calendar_changed (through the models' signals)
# so open deadlines are recomputed.



class CalendarYearListFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = CalendarDay.objects.dates("date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(date__year=int(self.value()))
        return queryset


class AuditedCalendarAdmin(admin.ModelAdmin):
    """Records who changed the calendar, and how, in CalendarChange."""

    def save_model(self, request, obj, form, change):
        before = type(obj).objects.get(pk=obj.pk).snapshot() if change else None
        super().save_model(request, obj, form, change)
        CalendarChange.record(user=request.user, before=before, after=obj.snapshot())

    def delete_model(self, request, obj):
        before = obj.snapshot()
        super().delete_model(request, obj)
        CalendarChange.record(user=request.user, before=before, after=None)

    def delete_queryset(self, request, queryset):
        # One by one, so each deletion is audited and signalled.
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedCalendarAdmin):
    list_display = ["date", "name", "kind", "is_working_day", "source", "updated_at"]
    list_filter = [CalendarYearListFilter, "kind", "source", "is_working_day"]
    search_fields = ["name", "notice"]
    date_hierarchy = "date"
    ordering = ["-date"]


@admin.register(CalendarYear)
class CalendarYearAdmin(AuditedCalendarAdmin):
    list_display = ["year", "published", "notice", "updated_at"]
    list_filter = ["published"]
    search_fields = ["notice"]


@admin.register(CalendarChange)
class CalendarChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail: readable, never written from the admin."""

    list_display = ["changed_at", "user", "year", "date", "action", "what"]
    list_filter = ["action", "year"]
    list_select_related = ["user"]
    search_fields = ["what"]
    date_hierarchy = "changed_at"
    readonly_fields = ["changed_at", "user", "year", "date", "action", "what", "before", "after"]


@admin.register(DutyAssignment)
class DutyAssignmentAdmin(OfficeScopedAdmin):
    list_display = ["day", "office", "leader", "assigned_by"]
    list_filter = ["office"]
    list_select_related = ["office", "leader", "assigned_by"]
    date_hierarchy = "day"
    readonly_fields = ["assigned_by", "assigned_at"]

    def save_model(self, request, obj, form, change):
        obj.assigned_by = request.user
        super().save_model(request, obj, form, change)
