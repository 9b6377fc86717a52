"""The case: its number, the people, the matter, and its state machine."""

import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import MD5, Lower, Replace, Trim
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from encrypted_fields.fields import EncryptedCharField

from cases import pii
from cases.text_search import SEARCHED_TEXTS, CharacterPairs, PostgresGinIndex
from routing import clock
from routing.models import BusinessArea, Office

from .choices import HANDLING_STATES, OPEN_STATES, REJECTED_TRIAGE, Category, Channel, State, Triage
from .labels import ChoiceLabelsMixin


def matter_key_expression():
    """How the same request typed twice compares: the matter without spaces, full
    stops or letter case, as an MD5 (32 characters, so an index can carry it
    whatever the matter's length). The database computes it on every write."""
    text = Trim("matter")
    for mark in (" ", "\u3000", "。", "."):
        text = Replace(text, models.Value(mark, output_field=models.TextField()),
                       models.Value("", output_field=models.TextField()))
    return MD5(Lower(text))


def new_tracking_token() -> str:
    """The citizen's key to their case's tracking page: 256 random bits,
    never derived from the case number (which is sequential and printed)."""
    return secrets.token_urlsafe(32)


class CaseNumberCounter(models.Model):
    """The last number issued per office and year.

    The row is locked while a case is saved, so numbers are issued one at a time
    and, because the counter moves inside the case's transaction, a failed save
    gives its number back: the sequence has no gaps and never repeats.
    """

    office = models.ForeignKey(Office, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    last_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "year"], name="one_counter_per_office_year")]


class Case(ConcurrentTransitionMixin, ChoiceLabelsMixin, models.Model):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="cases", verbose_name=_("office"))
    number = models.CharField(_("case number"), max_length=32, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    sequence = models.PositiveIntegerField(editable=False)

    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.WINDOW)
    reporter_name = models.CharField(_("reporter's name"), max_length=50, validators=[pii.validate_visible_name])
    reporter_phone = EncryptedCharField(_("reporter's phone"), max_length=20, blank=True, null=True)
    reporter_phone_hash = models.CharField(max_length=64, blank=True, editable=False)
    reporter_id_number = EncryptedCharField(_("reporter's ID number"), max_length=18, blank=True, null=True)
    reporter_id_hash = models.CharField(max_length=64, blank=True, editable=False)
    on_behalf = models.BooleanField(_("reports on behalf of someone else"), default=False)
    subject_name = models.CharField(_("name of the person concerned"), max_length=50, blank=True,
                                    validators=[pii.validate_visible_name])
    subject_id_number = EncryptedCharField(_("ID number of the person concerned"), max_length=18, blank=True, null=True)
    subject_id_hash = models.CharField(max_length=64, blank=True, editable=False)
    subject_relation = models.CharField(_("relation to the reporter"), max_length=30, blank=True)

    business_area = models.ForeignKey(BusinessArea, on_delete=models.PROTECT, verbose_name=_("business area"))
    matter = models.TextField(_("what the person wanted to get done"), max_length=2000)
    # Repeated matters (selectors/causes.py) group on it from the index below.
    matter_key = models.GeneratedField(expression=matter_key_expression(), output_field=models.CharField(max_length=32),
                                       db_persist=True)
    failed_at = models.CharField(_("where it failed"), max_length=100, blank=True)
    failure_reason = models.TextField(_("why it could not get done"), max_length=2000)

    category = models.CharField(_("category"), max_length=10, choices=Category.choices, blank=True)
    leader_instruction = models.TextField(_("duty leader's instruction"), max_length=2000, blank=True)
    result = models.TextField(_("handling result"), max_length=4000, blank=True)

    state = FSMField(_("state"), max_length=12, choices=State.choices, default=State.REGISTERED, protected=True)

    # The clock of the tier the case is in (1-3-5). `due_at` and `warn_at` are
    # what the sweep looks for; both are cleared or moved, never left stale.
    duty_leader = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="owned_cases", verbose_name=_("duty leader (first responsibility)"))
    tier_entered_at = models.DateTimeField(_("entered this tier at"), null=True, blank=True, editable=False)
    tier_days = models.PositiveSmallIntegerField(_("working days for this tier"), null=True, blank=True, editable=False)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True, editable=False)
    warn_at = models.DateTimeField(null=True, blank=True, editable=False,
                                   help_text="When the light turns yellow; cleared once the owner is told.")
    paused_at = models.DateTimeField(_("clock stopped at"), null=True, blank=True, editable=False)
    pause_reason = models.CharField(_("why the clock is stopped"), max_length=200, blank=True)
    paused_seconds = models.PositiveIntegerField(default=0, editable=False,
                                                 help_text="Office-hour seconds paused in this tier, added to the deadline.")
    overdue_flagged_on = models.DateField(null=True, blank=True, editable=False,
                                          help_text="Last working day an overdue tier-3 case was flagged to the director.")
    next_overdue_flag_at = models.DateTimeField(
        null=True, blank=True, editable=False,
        help_text="When an overdue tier-3 case is next flagged: its deadline, then each working morning.")
    escalated_at = models.DateTimeField(_("first escalated at"), null=True, blank=True, editable=False)
    party_group_decision = models.TextField(_("party group's decision"), max_length=4000, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    # Empty for a report from the public form: no clerk took it (the audit row records the channel).
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("registered by"))
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now, editable=False)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, editable=False)
    # --- the citizen's side --------------------------------------------------
    # Every case registered since the citizens' side opened has one; cases from
    # before it have none (no million-row rewrite on upgrade), and no page needs one.
    tracking_token = models.CharField(_("tracking code"), max_length=64, unique=True, null=True, editable=False,
                                      default=new_tracking_token)
    public_answer = models.TextField(_("answer to the citizen"), max_length=4000, blank=True,
                                     help_text=_("Shown to the citizen on the tracking page; internal notes stay elsewhere."))
    reporter_confidential = models.BooleanField(
        _("keep the reporter's identity confidential"), default=False,
        help_text=_("Staff without the right to reveal personal data see the name masked."))
    consented_at = models.DateTimeField(_("consented to the use of personal data at"), null=True, blank=True,
                                        editable=False)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("closed by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    # --- triage of web reports ------------------------------------------------
    triage = models.CharField(_("triage"), max_length=10, choices=Triage.choices, blank=True, default="",
                              editable=False)
    triaged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("triaged by"))
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True, editable=False)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_reports",
                                    verbose_name=_("merged into"))
    # --- the register's search ---------------------------------------------------
    # The pairs of adjacent characters of the texts a word is searched in,
    # computed by the database on every write (see cases/text_search.py).
    text_pairs = models.GeneratedField(expression=CharacterPairs(*SEARCHED_TEXTS), output_field=SearchVectorField(),
                                       db_persist=True, editable=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-registered_at", "-id"]
        permissions = [
            ("register_case", _("Can register a case")),
            ("handle_case", _("Can classify and handle a case")),
            ("close_case", _("Can close a case")),
            ("approve_deficiency", _("Can approve acceptance with deficiencies")),
            ("reopen_case", _("Can reopen a closed case")),
            ("reveal_personal_data", _("Can reveal full ID numbers and phones")),
            ("record_accountability", _("Can record accountability")),
            ("oversee_subordinate_offices", _("Can read the cases of the offices below")),
            ("manage_innovations", _("Can record institutional innovations")),
            ("escalate_case", _("Can escalate a case to the center party committee")),
            ("refer_to_party_group", _("Can refer a case to the bureau party group")),
            ("dispatch_case", _("Can dispatch work orders and convene meetings")),
            ("pause_case", _("Can stop and restart a case's clock")),
            ("decide_case", _("Can record the party group's decision")),
            ("review_escalations", _("Can review escalations")),
            ("triage_web_report", _("Can accept, merge or reject web reports")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "sequence"], name="case_sequence_unique_per_office_year"),
            models.CheckConstraint(condition=models.Q(state__in=State.values), name="case_state_valid"),
            models.CheckConstraint(condition=models.Q(category__in=[*Category.values, ""]), name="case_category_valid"),
            models.CheckConstraint(condition=models.Q(channel__in=Channel.values), name="case_channel_valid"),
            models.CheckConstraint(
                condition=~models.Q(state=State.CLOSED) | (models.Q(closed_at__isnull=False) & ~models.Q(result="")),
                name="closed_case_has_result",
            ),
            models.CheckConstraint(condition=models.Q(triage__in=[*Triage.values, ""]), name="case_triage_valid"),
            # A merged report always says which case its matter is handled under.
            models.CheckConstraint(
                condition=models.Q(triage=Triage.MERGED, merged_into__isnull=False)
                | (~models.Q(triage=Triage.MERGED) & models.Q(merged_into__isnull=True)),
                name="case_merged_names_its_case",
            ),
        ]
        indexes = [
            # The desk's list: one office, newest first, optionally by state.
            models.Index(fields=["office", "-registered_at", "-id"], name="case_office_newest"),
            models.Index(fields=["office", "state", "-registered_at", "-id"], name="case_office_state_newest"),
            # The desk's default "open (in hand)" filter spans four states: one
            # partial index keeps that list in date order without a sort.
            models.Index(fields=["office", "-registered_at", "-id"], name="case_office_open_newest",
                         condition=models.Q(state__in=["registered", "tier1", "tier2", "tier3"])),
            # Search by person and phone through their keyed hashes.
            models.Index(fields=["reporter_id_hash"], name="case_reporter_id_hash"),
            models.Index(fields=["subject_id_hash"], name="case_subject_id_hash"),
            models.Index(fields=["reporter_phone_hash"], name="case_reporter_phone_hash"),
            # The sweep: cases whose tier-1 or tier-2 time has run out, lights turning
            # yellow, overdue tier-3 cases to flag again. Partial, so each index holds
            # only the few running clocks, never the closed register; tier 3 has its
            # own (next_overdue_flag_at), or an overdue tier-3 backlog would be read
            # again on every tick.
            models.Index(fields=["due_at"], name="case_escalation_due",
                         condition=models.Q(state__in=["tier1", "tier2"], paused_at__isnull=True)),
            models.Index(fields=["next_overdue_flag_at"], name="case_overdue_flag_due",
                         condition=models.Q(next_overdue_flag_at__isnull=False)),
            models.Index(fields=["warn_at"], name="case_warn_due", condition=models.Q(warn_at__isnull=False)),
            # The director's review: cases that left tier 1, newest first.
            models.Index(fields=["office", "-escalated_at"], name="case_escalated_newest",
                         condition=models.Q(escalated_at__isnull=False)),
            # The duty leader's queue and the committee's and party group's, most
            # urgent first: a page reads its own rows in order, whatever the backlog.
            models.Index(fields=["duty_leader", "state", "due_at", "id"], name="case_leader_queue_due",
                         condition=models.Q(state__in=["tier1", "tier2", "tier3"])),
            models.Index(fields=["office", "state", "due_at", "id"], name="case_office_tier_queue_due",
                         condition=models.Q(state__in=["tier1", "tier2", "tier3"])),
            # The clerks' web-report queue and its count in the navigation: one
            # office's untriaged reports, most urgent first. Partial, so it holds
            # only the few waiting, never the register.
            models.Index(fields=["office", "due_at", "id"], name="case_web_reports_to_triage",
                         condition=models.Q(triage="pending", state__in=["tier1", "tier2", "tier3"])),
            # The triage figures: the web reports of some offices over a period,
            # a few among the register's rows (without it, a period's whole register is read).
            models.Index(fields=["office", "registered_at"], name="case_web_reports_by_date",
                         condition=~models.Q(triage="")),
            # The root-cause figures (selectors/causes.py): a period's cases of some
            # offices grouped by business area, category and place. Covering, so the
            # grouped read never visits the table: a city director's year at a
            # million cases took 1.1 s reading the rows, 0.05 s from this index.
            # It carries the matter key and the reporter's ID hash too, so the
            # repeated matters and reporters are grouped from it as well (0.4 s
            # each from the rows, under 0.1 s from here).
            models.Index(fields=["office", "registered_at"], name="case_office_period_causes",
                         include=["id", "business_area", "category", "failed_at", "triage", "matter_key",
                                  "reporter_id_hash"]),
            # The daily summary: the cases an office closed since the last summary.
            models.Index(fields=["office", "closed_at"], name="case_office_closed",
                         condition=models.Q(closed_at__isnull=False)),
            # The register's search: words in the texts (by their character pairs)
            # and a part of a number (by its trigrams; 000123 finds S01-2026-000123).
            PostgresGinIndex(fields=["text_pairs"], name="case_text_pairs"),
            PostgresGinIndex(fields=["number"], opclasses=["gin_trgm_ops"], name="case_number_trigrams"),
        ]

    def __str__(self):
        return self.number

    # --- derived -----------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_closed(self) -> bool:
        return self.state == State.CLOSED

    @property
    def masked_reporter_id(self) -> str:
        return pii.mask_id_number(self.reporter_id_number)

    @property
    def masked_subject_id(self) -> str:
        return pii.mask_id_number(self.subject_id_number)

    @property
    def masked_phone(self) -> str:
        return pii.mask_phone(self.reporter_phone)

    @property
    def masked_reporter_name(self) -> str:
        return pii.mask_name(self.reporter_name)

    def reporter_name_for(self, user) -> str:
        """The reporter's name as `user` may see it: masked when the reporter asked
        for confidentiality and the user may not reveal personal data."""
        if self.reporter_confidential and not user.has_perm("cases.reveal_personal_data"):
            return self.masked_reporter_name
        return self.reporter_name

    @property
    def awaits_triage(self) -> bool:
        return self.triage == Triage.PENDING and self.state in HANDLING_STATES

    @property
    def rejected_at_triage(self) -> bool:
        return self.triage in REJECTED_TRIAGE

    @property
    def person_name(self) -> str:
        """The person the matter is about: the subject when reported for someone."""
        return self.subject_name if self.on_behalf and self.subject_name else self.reporter_name

    def has_result(self) -> bool:
        return bool(self.category and self.result.strip())

    def set_personal_data(self, *, reporter_phone="", reporter_id_number="", subject_id_number=""):
        """Store identifiers with the hashes that find them again."""
        self.reporter_phone = pii.normalise_phone(reporter_phone)
        self.reporter_phone_hash = pii.phone_hash(reporter_phone) if reporter_phone else ""
        self.reporter_id_number = pii.normalise_id_number(reporter_id_number)
        self.reporter_id_hash = pii.id_hash(reporter_id_number) if reporter_id_number else ""
        self.subject_id_number = pii.normalise_id_number(subject_id_number)
        self.subject_id_hash = pii.id_hash(subject_id_number) if subject_id_number else ""

    # --- state machine: only these methods change `state` -----------------

    @transition(field=state, source=State.REGISTERED, target=State.TIER1, permission="cases.register_case")
    def accept(self):
        """The window takes the case on; the duty leader owns it at tier 1."""

    @transition(field=state, source=list(HANDLING_STATES), target=State.RESOLVED, conditions=[has_result], permission="cases.handle_case")
    def resolve(self):
        self.resolved_at = timezone.now()
        self.stop_clock()

    @transition(field=state, source=State.RESOLVED, target=State.CLOSED, conditions=[has_result], permission="cases.close_case")
    def close(self, *, closer):
        self.closed_by = closer
        self.closed_at = timezone.now()

    @transition(field=state, source=State.CLOSED, target=State.TIER1, permission="cases.reopen_case")
    def reopen(self):
        self.closed_by = None
        self.closed_at = None
        self.resolved_at = None

    @transition(field=state, source=State.CLOSED, target=State.TIER1,
                permission=lambda case, user: user.has_perm("cases.call_back") or user.has_perm("cases.rectify"))
    def reopen_for_rehandling(self):
        """重办: the callback found the matter unsolved, or a bad rating's
        rectification puts it right; back to the duty leader like a reopened case."""
        self.closed_by = None
        self.closed_at = None
        self.resolved_at = None

    @transition(field=state, source=State.TIER1, target=State.TIER2, permission="cases.escalate_case")
    def escalate_to_committee(self, *, at=None):
        """Tier 1 → 2: too complex for the duty leader (`at` now), or the day ran out (`at` its close)."""
        if self.escalated_at is None:
            self.escalated_at = at or timezone.now()

    @transition(field=state, source=State.TIER2, target=State.TIER3, permission="cases.refer_to_party_group")
    def escalate_to_party_group(self, *, at=None):
        """Tier 2 → 3: the center party committee could not solve it in its days."""

    def _awaits_triage(self) -> bool:
        return self.triage == Triage.PENDING

    @transition(field=state, source=list(HANDLING_STATES), target=State.CLOSED, conditions=[_awaits_triage],
                permission="cases.triage_web_report")
    def close_as_merged(self, *, into, closer):
        """A web report about a matter already in hand: closed, pointing to that case."""
        self._close_at_triage(Triage.MERGED, closer)
        self.merged_into = into

    @transition(field=state, source=list(HANDLING_STATES), target=State.CLOSED, conditions=[_awaits_triage],
                permission="cases.triage_web_report")
    def reject(self, *, kind, closer):
        """A web report that is spam or abuse: closed without being handled."""
        self._close_at_triage(kind, closer)

    def _close_at_triage(self, outcome, closer):
        now = timezone.now()
        self.triage = outcome
        self.triaged_by = closer
        self.triaged_at = now
        self.closed_by = closer
        self.closed_at = now
        self.stop_clock()

    def stop_clock(self):
        """No tier holds the case any more: nothing for the sweep to find."""
        self.due_at = None
        self.warn_at = None
        self.next_overdue_flag_at = None
        self.paused_at = None
        self.pause_reason = ""

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def light(self) -> str | None:
        """green / yellow / red for a running tier clock, "paused" when stopped, None otherwise."""
        if self.state not in HANDLING_STATES or self.due_at is None:
            return None
        if self.paused_at is not None:
            return "paused"
        return clock.light(start=self.tier_entered_at, due=self.due_at, now=timezone.now(), hours=self.office)

    @property
    def pause_too_long(self) -> bool:
        if self.paused_at is None:
            return False
        stopped = clock.working_seconds_between(self.paused_at, timezone.now(), self.office)
        return stopped > self.office.max_pause_working_days * clock.working_seconds_of_a_day(self.office)

    @property
    def tier_number(self) -> int | None:
        return {State.TIER1: 1, State.TIER2: 2, State.TIER3: 3}.get(self.state)


