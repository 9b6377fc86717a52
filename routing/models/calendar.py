"""The national working-day calendar (全国节假日安排) and its audit trail.

Only days that differ from the plain rule (Monday to Friday work, Saturday and
Sunday off) are stored: a statutory holiday on a weekday, a make-up working
weekend (调休), or any other correction. `routing.clock` reads these rows; it
never writes them.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """One day whose status differs from the weekday/weekend rule."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("statutory holiday")
        MAKEUP = "makeup", _("make-up working day (调休)")
        OTHER = "other", _("other")

    class Source(models.TextChoices):
        # Seeded from chinese-calendar or entered by the administrator from the
        # State Council's notice.
        OFFICIAL = "official", _("official")
        # Computed by law (holidays.China) for a year whose notice is not out yet.
        ESTIMATE = "estimate", _("statutory estimate")

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50, blank=True, help_text=_("e.g. 春节"))
    notice = models.TextField(_("notice"), blank=True, help_text=_("The State Council notice this day comes from."))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.OFFICIAL)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            # A holiday is a day off and a make-up day is a working day by
            # definition; "other" covers any correction either way.
            models.CheckConstraint(
                condition=models.Q(kind="holiday", is_working_day=False)
                | models.Q(kind="makeup", is_working_day=True)
                | models.Q(kind="other"),
                name="calendar_day_kind_matches_status",
            ),
        ]

    def __str__(self):
        status = _("working day") if self.is_working_day else _("day off")
        return f"{self.date.isoformat()} {self.name or self.get_kind_display()} ({status})"

    def snapshot(self) -> dict:
        """The audited fields as JSON-friendly values (for CalendarChange)."""
        return {
            "date": self.date.isoformat(),
            "is_working_day": self.is_working_day,
            "kind": self.kind,
            "name": self.name,
            "notice": self.notice,
            "source": self.source,
        }


class CalendarYear(models.Model):
    """Whether a year's official schedule has been entered.

    A year without a published row is estimated by `routing.clock` from the
    statutory holidays, with no make-up days, and the back office warns about it.
    """

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(1900), MaxValueValidator(2999)],
    )
    published = models.BooleanField(
        _("official schedule entered"), default=False,
        help_text=_("Tick once every holiday and make-up day of the State Council's notice is entered."),
    )
    notice = models.TextField(_("notice"), blank=True, help_text=_("Title and number of the State Council notice."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)

    def snapshot(self) -> dict:
        return {"year": self.year, "published": self.published, "notice": self.notice}


class CalendarChangeQuerySet(models.QuerySet):
    # The audit trail is append-only, also through bulk queryset calls.
    def update(self, **kwargs):
        raise PermissionError("Calendar changes are an audit trail and cannot be edited.")

    def delete(self):
        raise PermissionError("Calendar changes are an audit trail and cannot be deleted.")


class CalendarChange(models.Model):
    """One recorded change of the calendar: who, when, which day, before and after.

    The calendar moves every deadline in the system, so each change is kept
    for good (domain note: every privileged action is recorded).
    """

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        CHANGED = "changed", _("changed")
        DELETED = "deleted", _("deleted")

    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # A change of one day has its date; a change of a year's record has none.
    date = models.DateField(_("date"), null=True, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    what = models.CharField(_("what changed"), max_length=200)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    objects = CalendarChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar change")
        verbose_name_plural = _("calendar changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.changed_at:%Y-%m-%d %H:%M} {self.what}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Calendar changes are an audit trail and cannot be edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Calendar changes are an audit trail and cannot be deleted.")

    @classmethod
    def record(cls, *, user, before: dict | None, after: dict | None, what: str = "") -> "CalendarChange":
        """Append one audit row; `before`/`after` are snapshots (None when absent)."""
        state = after or before or {}
        if "date" in state:
            date = datetime.date.fromisoformat(state["date"])
            year = date.year
        else:
            date = None
            year = state["year"]
        if before is None:
            action = cls.Action.CREATED
        elif after is None:
            action = cls.Action.DELETED
        else:
            action = cls.Action.CHANGED
        if not what:
            fields = sorted(k for k in set(before or {}) | set(after or {}) if (before or {}).get(k) != (after or {}).get(k))
            what = f"{date or year}: {action} " + ", ".join(fields)
        return cls.objects.create(
            user=user if (user is not None and user.is_authenticated) else None,
            date=date, year=year, action=action, what=what[:200], before=before, after=after,
        )
