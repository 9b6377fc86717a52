"""The organisation: offices (窗口单位), their business areas, departments and staff."""

import datetime
import functools
import zoneinfo

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

office_code_validator = RegexValidator(
    r"^[A-Z][A-Z0-9]{1,11}$",
    _("Use 2 to 12 capital letters or digits, starting with a letter."),
)



@functools.cache
def known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    """A zone the clock can read: one misspelt name ("Asia/Shangai") once stopped that office's registrations."""
    if value not in known_timezones():
        raise ValidationError(_("“%(value)s” is not a time zone; use a name such as Asia/Shanghai."),
                              code="invalid_timezone", params={"value": value})


def validate_whole_minute(value: datetime.time) -> None:
    """The job runs once a minute, so a summary time is a whole minute."""
    if value.second or value.microsecond:
        raise ValidationError(_("Give the time in hours and minutes."), code="whole_minute")


class Office(models.Model):
    """One window unit: a bureau, a county bureau or another agency.

    `path` is the chain of ancestor ids ("/1/4/"), kept by `save()`, so the
    offices below one are a single indexed prefix query and an overseer's list
    never walks the tree row by row.
    """

    code = models.CharField(
        _("code"), max_length=12, unique=True, validators=[office_code_validator],
        help_text=_("Prefix of every case number, e.g. DD in DD-2026-000123."),
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("overseeing office"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="/")
    timezone = models.CharField(_("time zone"), max_length=40, default="Asia/Shanghai", validators=[validate_timezone])
    morning_opens = models.TimeField(_("morning opens"), default=datetime.time(8, 30))
    morning_closes = models.TimeField(_("morning closes"), default=datetime.time(12, 0))
    afternoon_opens = models.TimeField(_("afternoon opens"), default=datetime.time(13, 0))
    afternoon_closes = models.TimeField(_("afternoon closes"), default=datetime.time(17, 0))
    # The 1-3-5 mechanism (Dandong's defaults): working days each tier has.
    tier1_days = models.PositiveSmallIntegerField(_("tier 1 days (duty leader)"), default=1, validators=[MinValueValidator(1)])
    tier2_days = models.PositiveSmallIntegerField(_("tier 2 days (center party committee)"), default=3, validators=[MinValueValidator(1)])
    tier3_days = models.PositiveSmallIntegerField(_("tier 3 days (bureau party group)"), default=5, validators=[MinValueValidator(1)])
    # Work-order limits by kind of matter (Yanhu's practice): a matter that should
    # have been done (应办未办) gets 5 working days, one that cannot be done at all
    # (完全不能) 3 days to answer with the reasons.
    work_order_days_should_have_done = models.PositiveSmallIntegerField(
        _("work order days: should have been done"), default=5, validators=[MinValueValidator(1)])
    work_order_days_cannot_be_done = models.PositiveSmallIntegerField(
        _("work order days: cannot be done, answer with reasons"), default=3, validators=[MinValueValidator(1)])
    # After this many returns the duty leader's assignment is final (no "work
    # orders flying in the sky").
    max_work_order_returns = models.PositiveSmallIntegerField(_("returns allowed per case"), default=2)
    # A paused clock is flagged when the pause runs longer than this.
    max_pause_working_days = models.PositiveSmallIntegerField(_("pause flagged after (working days)"), default=10,
                                                              validators=[MinValueValidator(1)])
    # After closing the office calls the citizen back (回访) within this many working days.
    callback_working_days = models.PositiveSmallIntegerField(_("callback within (working days of closing)"), default=3,
                                                             validators=[MinValueValidator(1)])
    # The daily summary (每日汇总, Yanhu's practice) is made when the office's
    # clock passes this time on a working day, for the next day's duty leader.
    daily_summary_at = models.TimeField(_("daily summary at"), default=datetime.time(17, 30),
                                        validators=[validate_whole_minute],
                                        help_text=_("Office time on each working day; not before the morning opening."))

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["path", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(morning_opens__lt=models.F("morning_closes"))
                & models.Q(morning_closes__lte=models.F("afternoon_opens"))
                & models.Q(afternoon_opens__lt=models.F("afternoon_closes")),
                name="office_hours_in_order",
            ),
            # A summary before opening would count a day that has not begun.
            models.CheckConstraint(condition=models.Q(daily_summary_at__gte=models.F("morning_opens")),
                                   name="office_summary_after_opening"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.daily_summary_at and self.morning_opens and self.daily_summary_at < self.morning_opens:
            raise ValidationError({"daily_summary_at": _("The daily summary cannot be made before the office opens.")})

    def save(self, *args, **kwargs):
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValueError("An office cannot oversee itself.")
        # One transaction: an office moved in the tree and the offices below it
        # move together, or none does (a half-moved subtree hides cases from overseers).
        with transaction.atomic():
            super().save(*args, **kwargs)
            parent_path = self.parent.path if self.parent_id else "/"
            new_path = f"{parent_path}{self.pk}/"
            if new_path != self.path:
                old_path = self.path
                Office.objects.filter(pk=self.pk).update(path=new_path)
                self.path = new_path
                if old_path != "/":
                    # Re-root the subtree that hung below the old place.
                    for child in Office.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                        child.save()

    def subtree(self):
        """This office and every office below it."""
        return Office.objects.filter(path__startswith=self.path)


class BusinessArea(models.Model):
    """A line of business an office handles (pension, medical insurance, ...)."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="business_areas", verbose_name=_("office"))
    name = models.CharField(_("name"), max_length=50)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("business area")
        verbose_name_plural = _("business areas")
        ordering = ["office", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["office", "name"], name="business_area_unique_per_office")]

    def __str__(self):
        return self.name


class Department(models.Model):
    """A section, a center or an outside agency a case can be sent to."""

    class Kind(models.TextChoices):
        SECTION = "section", _("section")
        CENTER = "center", _("center")
        EXTERNAL = "external", _("outside agency")

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="departments", verbose_name=_("office"))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SECTION)
    head = models.ForeignKey(
        "routing.User", verbose_name=_("head"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="headed_departments",
    )
    is_regular_window = models.BooleanField(
        _("regular window"), default=False,
        help_text=_("A business window of the hall where a matter can fail."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["office", "name"]
        constraints = [models.UniqueConstraint(fields=["office", "name"], name="department_unique_per_office")]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A staff member; every one works in exactly one office (none for superusers)."""

    office = models.ForeignKey(
        Office, verbose_name=_("office"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="staff",
    )
    title = models.CharField(_("title"), max_length=50, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        # Chinese names are written family name first, without a space.
        return f"{self.last_name}{self.first_name}".strip()

    def has_role(self, role: str) -> bool:
        return self.groups.filter(name=role).exists()
