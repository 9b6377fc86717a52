"""After closing: the callback (回访), the citizen's rating (好差评) and the
rectification of a bad rating (差评整改).

Every row here is written by a service in `cases.services.aftercare`; the
clocks (`due_at`, `warn_at`) come from the one deadline function,
`routing.clock.deadline`, like every other clock of the app.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from routing import clock
from routing.models import Office

from .case import Case
from .labels import ChoiceLabelsMixin

# Tries at reaching the citizen before the callback is closed as "not reached".
MAX_CALLBACK_TRIES = 3
# The provinces' rectification loop: a verifying callback within one working
# day of a bad rating, the rectification itself within fifteen.
VERIFY_WORKING_DAYS = 1
RECTIFY_WORKING_DAYS = 15


class _Clocked(models.Model):
    """A row with a clock from `opened_at` to `due_at`, and its light."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office"))
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now, editable=False)
    due_at = models.DateTimeField(_("due at"), editable=False)
    # Set once the duty leader was told the row is overdue: the sweep tells them once.
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        raise NotImplementedError

    @property
    def light(self) -> str | None:
        """green / yellow / red while open, None once done (the same rule as a case's tier clock)."""
        if not self.is_open:
            return None
        return clock.light(start=self.opened_at, due=self.due_at, now=timezone.now(), hours=self.office)


class Callback(ChoiceLabelsMixin, _Clocked):
    """One call to the citizen: after closing, or to verify a bad rating."""

    class Kind(models.TextChoices):
        AFTER_CLOSING = "after_closing", _("callback after closing")
        VERIFYING = "verifying", _("verifying callback after a bad rating")

    class Outcome(models.TextChoices):
        SATISFIED = "satisfied", _("reached and satisfied")
        PARTLY = "partly", _("partly solved")
        NOT_SOLVED = "not_solved", _("not solved")
        NOT_REACHED = "not_reached", _("not reached")
        DECLINED = "declined", _("declined to answer")
        # Nobody called: the rectification was finished first, so the verifying call was no longer needed.
        SUPERSEDED = "superseded", _("not made: the rectification was finished first")

        @classmethod
        def recorded_choices(cls):
            """The outcomes a person records after calling (never "not made", which only the rectification sets)."""
            return [(value, label) for value, label in cls.choices if value != cls.SUPERSEDED]

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="callbacks", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.AFTER_CLOSING)
    rectification = models.ForeignKey("cases.Rectification", null=True, blank=True, on_delete=models.CASCADE,
                                      related_name="callbacks", verbose_name=_("rectification"))
    tries = models.PositiveSmallIntegerField(_("tries"), default=0, editable=False)
    last_tried_at = models.DateTimeField(_("last tried at"), null=True, blank=True, editable=False)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True, editable=False)
    note = models.TextField(_("what the citizen said"), max_length=2000, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True, editable=False)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("called by"))

    class Meta:
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        ordering = ["due_at", "id"]
        permissions = [
            ("call_back", _("Can call citizens back and record ratings given at the window")),
            ("rectify", _("Can rectify a bad rating")),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=["after_closing", "verifying"]), name="callback_kind_valid"),
            models.CheckConstraint(condition=models.Q(outcome__in=["", "satisfied", "partly", "not_solved",
                                                                   "not_reached", "declined", "superseded"]),
                                   name="callback_outcome_valid"),
            # Open exactly while it has no outcome.
            models.CheckConstraint(condition=models.Q(outcome="", done_at__isnull=True)
                                   | (~models.Q(outcome="") & models.Q(done_at__isnull=False)),
                                   name="callback_done_has_outcome"),
            models.CheckConstraint(condition=models.Q(tries__lte=MAX_CALLBACK_TRIES), name="callback_tries_at_most_3"),
            # A case has one callback open at a time of each kind.
            models.UniqueConstraint(fields=["case", "kind"], condition=models.Q(done_at__isnull=True),
                                    name="callback_one_open_per_case_kind"),
        ]
        indexes = [
            # The callback queue: an office's open callbacks, most urgent first.
            # Partial, so it holds only what is still to be called, never the history.
            models.Index(fields=["office", "due_at", "id"], name="callback_open_queue",
                         condition=models.Q(done_at__isnull=True)),
            # The sweep's overdue step: open callbacks whose duty leader was not yet told.
            models.Index(fields=["due_at"], name="callback_overdue_due",
                         condition=models.Q(done_at__isnull=True, overdue_notified_at__isnull=True)),
            # The daily summary: the callbacks an office made since the last summary.
            models.Index(fields=["office", "done_at"], name="callback_office_done",
                         condition=models.Q(done_at__isnull=False)),
        ]

    def __str__(self):
        return f"{self.case_id} {self.kind}"

    @property
    def is_open(self) -> bool:
        return self.done_at is None

    @property
    def tries_left(self) -> int:
        return MAX_CALLBACK_TRIES - self.tries


class Rating(ChoiceLabelsMixin, models.Model):
    """The citizen's rating of a case on the national five levels (好差评).

    Once per case, and once more after a bad rating was rectified (the follow-up).
    """

    class Level(models.TextChoices):
        VERY_SATISFIED = "very_satisfied", _("very satisfied")
        SATISFIED = "satisfied", _("satisfied")
        BASICALLY_SATISFIED = "basically", _("basically satisfied")
        DISSATISFIED = "dissatisfied", _("dissatisfied")
        VERY_DISSATISFIED = "very_dissatisfied", _("very dissatisfied")

    class Channel(models.TextChoices):
        WINDOW = "window", _("given at the window")
        LINK = "link", _("given through the tracking link")

    BAD = (Level.DISSATISFIED, Level.VERY_DISSATISFIED)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("case"))
    follow_up = models.BooleanField(_("follow-up rating after rectification"), default=False, editable=False)
    level = models.CharField(_("rating"), max_length=20, choices=Level.choices)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    channel = models.CharField(_("given"), max_length=8, choices=Channel.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    given_at = models.DateTimeField(_("given at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["given_at", "id"]
        constraints = [
            # Rating once per case (and one follow-up): two submits at once cannot both land.
            models.UniqueConstraint(fields=["case", "follow_up"], name="rating_once_per_case"),
            models.CheckConstraint(condition=models.Q(level__in=["very_satisfied", "satisfied", "basically",
                                                                 "dissatisfied", "very_dissatisfied"]),
                                   name="rating_level_valid"),
        ]
        # The daily summary: the ratings given since the last summary (then their cases' office).
        indexes = [models.Index(fields=["given_at"], name="rating_given_at")]

    def __str__(self):
        return f"{self.case_id} {self.level}"

    @property
    def is_bad(self) -> bool:
        return self.level in self.BAD

    @property
    def reason_labels(self) -> list[str]:
        labels = dict(REASONS.get(self.level, ()))
        return [str(labels.get(code, code)) for code in self.reasons]


# A few reasons per level, as the national evaluation system's forms offer them.
REASONS = {
    Rating.Level.VERY_SATISFIED: (
        ("done_at_once", _("done in one visit")), ("warm", _("warm and patient service")),
        ("fast", _("quick answer")),
    ),
    Rating.Level.SATISFIED: (
        ("solved", _("the matter was solved")), ("clear", _("clear explanation")), ("polite", _("polite staff")),
    ),
    Rating.Level.BASICALLY_SATISFIED: (
        ("slow", _("took long")), ("several_visits", _("needed more than one visit")),
        ("unclear", _("explanation not quite clear")),
    ),
    Rating.Level.DISSATISFIED: (
        ("not_solved", _("the matter was not solved")), ("passed_around", _("passed from one desk to another")),
        ("attitude", _("poor attitude")),
    ),
    Rating.Level.VERY_DISSATISFIED: (
        ("not_solved", _("the matter was not solved")), ("passed_around", _("passed from one desk to another")),
        ("attitude", _("poor attitude")), ("demands", _("asked for papers not required")),
    ),
}


class Rectification(ChoiceLabelsMixin, _Clocked):
    """差评整改: a bad rating checked by a verifying callback, then put right.

    It ends either with the case reopened and handled again, or with a written
    explanation where the request has no legal basis; the citizen is then asked
    for one follow-up rating.
    """

    class Outcome(models.TextChoices):
        REHANDLED = "rehandled", _("case reopened and handled again")
        EXPLAINED = "explained", _("explained: the request has no legal basis")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="rectifications", verbose_name=_("case"))
    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="rectification",
                                  verbose_name=_("bad rating"))
    reopened_at = models.DateTimeField(_("case reopened at"), null=True, blank=True, editable=False)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True, editable=False)
    explanation = models.TextField(_("what was done, or why the request has no legal basis"), max_length=4000, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True, editable=False)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("done by"))

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["due_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(outcome__in=["", "rehandled", "explained"]),
                                   name="rectification_outcome_valid"),
            models.CheckConstraint(condition=models.Q(outcome="", done_at__isnull=True)
                                   | (~models.Q(outcome="") & models.Q(done_at__isnull=False)),
                                   name="rectification_done_has_outcome"),
        ]
        indexes = [
            models.Index(fields=["office", "due_at", "id"], name="rectification_open_queue",
                         condition=models.Q(done_at__isnull=True)),
            models.Index(fields=["due_at"], name="rectification_overdue_due",
                         condition=models.Q(done_at__isnull=True, overdue_notified_at__isnull=True)),
        ]

    def __str__(self):
        return f"{self.case_id} rectification"

    @property
    def is_open(self) -> bool:
        return self.done_at is None


class RatingInvitation(models.Model):
    """The one text inviting a rating, due some days after closing if none was given.

    A row per closing; the sweep reads the due ones through the partial index
    and marks each sent (or dropped when a rating came first), so it is sent once.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="rating_invitations")
    due_at = models.DateTimeField(editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    dropped = models.BooleanField(default=False, editable=False, help_text="A rating was given first, or no phone.")

    class Meta:
        indexes = [
            models.Index(fields=["due_at"], name="rating_invitation_due",
                         condition=models.Q(sent_at__isnull=True, dropped=False)),
        ]
