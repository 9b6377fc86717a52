"""What was done about a case, by category, and what followed its closing."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from routing.models import BusinessArea, Office

from .case import Case
from .choices import Category
from .labels import ChoiceLabelsMixin


class CitizenOutcome(ChoiceLabelsMixin, models.Model):
    """Category 1: what the window did when the cause was on the citizen's side."""

    class Kind(models.TextChoices):
        GUIDED = "guided", _("guided to a regular window (one-time notice)")
        DEFICIENCY = "deficiency", _("accepted with deficiencies")
        REFUSAL = "refusal", _("cannot be done: refused with reasons")
        SOLVED = "solved", _("solved at the window")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="citizen_outcome")
    kind = models.CharField(_("outcome"), max_length=12, choices=Kind.choices)
    regular_window = models.CharField(_("regular window to go to"), max_length=100, blank=True)
    materials = models.TextField(_("materials to bring (one per line)"), max_length=4000, blank=True)
    steps = models.TextField(_("steps to follow (one per line)"), max_length=4000, blank=True)
    missing_items = models.TextField(_("non-essential items still missing"), max_length=2000, blank=True)
    deficiency_deadline = models.DateField(_("items to be supplied by"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    legal_basis = models.TextField(_("legal basis"), max_length=2000, blank=True)
    refusal_reasons = models.TextField(_("reasons it cannot be done"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("citizen-side outcome")
        verbose_name_plural = _("citizen-side outcomes")
        indexes = [
            # The duty leader's approvals waiting: deficiencies not yet approved.
            models.Index(fields=["case"], name="outcome_deficiency_waiting",
                         condition=models.Q(kind="deficiency", approved_at__isnull=True)),
        ]

    def __str__(self):
        return self.get_kind_display()

    @property
    def awaiting_approval(self) -> bool:
        return self.kind == self.Kind.DEFICIENCY and self.approved_at is None

    def material_lines(self):
        return [line.strip() for line in self.materials.splitlines() if line.strip()]

    def step_lines(self):
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


class StaffFault(models.Model):
    """Category 2: which regular window failed and who was summoned to answer."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="staff_fault")
    regular_window = models.CharField(_("regular window"), max_length=100)
    staff_member = models.CharField(_("staff member"), max_length=50, blank=True)
    section_head = models.CharField(_("section head summoned"), max_length=50)
    summoned_at = models.DateTimeField(_("summoned at"), default=timezone.now)
    answer = models.TextField(_("answer given on the spot"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("staff-side fault")
        verbose_name_plural = _("staff-side faults")


class Accountability(models.Model):
    """追责: recorded after a staff-side case is closed."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="accountability")
    staff_member = models.CharField(_("staff member"), max_length=50)
    section_head = models.CharField(_("section head"), max_length=50)
    leader_in_charge = models.CharField(_("leader in charge"), max_length=50)
    finding = models.TextField(_("finding"), max_length=4000)
    measure = models.TextField(_("measure taken"), max_length=4000)
    referred_to_discipline = models.BooleanField(_("referred to discipline inspection"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("accountability record")
        verbose_name_plural = _("accountability records")


class InstitutionalInnovation(models.Model):
    """制度创新成果: a new rule born of a common problem, so the next case is routine."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="innovations", verbose_name=_("office"))
    title = models.CharField(_("title"), max_length=200)
    rule_text = models.TextField(_("text of the rule"), max_length=20000)
    adopted_on = models.DateField(_("adopted on"))
    # What the rule addresses, so "the cases it covers" is a query: cases of this
    # office and the offices below it in the business area of this name (areas are
    # per office) and of this category. With neither set, the cases linked to it
    # through their special handling are the ones it covers.
    business_area = models.ForeignKey(
        BusinessArea, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("business area it addresses"))
    category = models.CharField(_("category it addresses"), max_length=10, choices=Category.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("institutional innovation")
        verbose_name_plural = _("institutional innovations")
        ordering = ["-adopted_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(category__in=[*Category.values, ""]),
                                   name="innovation_category_valid"),
        ]

    def __str__(self):
        return self.title


class SpecialHandling(ChoiceLabelsMixin, models.Model):
    """Category 3: historical legacy or policy bottleneck, handled in the open."""

    class Kind(models.TextChoices):
        LEGACY = "legacy", _("historical legacy")
        BOTTLENECK = "bottleneck", _("policy bottleneck")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="special_handling")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    procedure = models.TextField(_("procedure followed"), max_length=4000)
    is_common_problem = models.BooleanField(_("common to many people"), default=False)
    innovation = models.ForeignKey(
        InstitutionalInnovation, null=True, blank=True, on_delete=models.PROTECT,
        related_name="special_handlings", verbose_name=_("institutional innovation"),
    )

    class Meta:
        verbose_name = _("special handling")
        verbose_name_plural = _("special handlings")


