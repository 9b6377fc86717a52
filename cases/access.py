"""Who may see and touch which case. Every view fetches cases through here.

- Staff read and act on the cases of their own office only.
- Oversight roles (director / party group, discipline inspection) also read
  the cases of every office below theirs, but act only in their own.
- Anyone else gets 404, so guessing a case number tells nothing.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from routing.models import Office

from .models import Case


def readable_offices(user) -> list[Office]:
    """Offices whose cases this user may read, read once per request (cached on the user).

    An overseer's subtree is found by its path prefix in the same query that
    reads the offices, without loading the user's own office first.
    """
    if not user.is_authenticated or not getattr(user, "office_id", None):
        return []
    cached = getattr(user, "_readable_offices", None)
    if cached is None:
        if user.has_perm("cases.oversee_subordinate_offices"):
            own_path = Office.objects.filter(pk=user.office_id).values("path")
            cached = list(Office.objects.filter(path__startswith=Subquery(own_path)).order_by("path", "code"))
        else:
            cached = [user.office]
        user._readable_offices = cached
    return cached


def readable_office_ids(user) -> list[int]:
    """The ids of `readable_offices`; for the staff of one office, without a query."""
    if not user.is_authenticated or not getattr(user, "office_id", None):
        return []
    if getattr(user, "_readable_offices", None) is None and not user.has_perm("cases.oversee_subordinate_offices"):
        return [user.office_id]
    return [office.pk for office in readable_offices(user)]


def cases_readable_by(user):
    ids = readable_office_ids(user)
    if not ids or not user.has_perm("cases.view_case"):
        return Case.objects.none()
    if len(ids) == 1:
        return Case.objects.filter(office_id=ids[0])
    return Case.objects.filter(office_id__in=ids)


def _readable_case_condition(user) -> Q:
    """Which cases the user may read, as a condition on the case itself: the
    office read with the user (`windowdesk.auth`) gives an overseer's subtree
    by its path prefix, so finding one case needs no list of offices first."""
    if user.has_perm("cases.oversee_subordinate_offices"):
        return Q(office__path__startswith=user.office.path)
    return Q(office_id=user.office_id)


def get_case_for_user(user, number: str, cases: QuerySet | None = None) -> Case:
    """The case with this number if the user may read it, else 404. `cases`
    (a queryset of Case) says what is read with it: related rows, columns left out."""
    if not user.is_authenticated or not getattr(user, "office_id", None) or not user.has_perm("cases.view_case"):
        raise Http404(_("No such case."))
    try:
        return (Case.objects.all() if cases is None else cases).get(_readable_case_condition(user), number=number)
    except Case.DoesNotExist:
        raise Http404(_("No such case.")) from None


def get_case_for_action(user, number: str, cases: QuerySet | None = None) -> Case:
    """The case if the user may act on it: readable and of the user's own office.

    An overseer who can read the case but works in another office gets 403,
    not 404: they know it exists, they just may not change it.
    """
    case = get_case_for_user(user, number, cases)
    if case.office_id != user.office_id:
        raise PermissionDenied(_("Only staff of %(office)s may change this case.") % {"office": case.office})
    return case


def get_web_report_for_triage(user, number: str) -> Case:
    """A web report of the user's own office, for a clerk who triages; else 404.

    Not even an overseer of the office reaches another office's report here:
    triage is the receiving office's own work.
    """
    if not user.is_authenticated or not getattr(user, "office_id", None) or not user.has_perm("cases.triage_web_report"):
        raise Http404(_("No such web report."))
    try:
        return (Case.objects.select_related("office", "business_area", "triaged_by", "merged_into")
                .exclude(triage="").get(office_id=user.office_id, number=number))
    except Case.DoesNotExist:
        raise Http404(_("No such web report.")) from None


def can_act_on(user, case: Case) -> bool:
    return user.is_authenticated and case.office_id == getattr(user, "office_id", None)


def get_export_for_user(user, pk: int):
    """An Excel export, only to the person who asked for it (404 for anyone else):
    the file holds what that person's list showed, with their rights to personal data."""
    from .models import Export

    if not user.is_authenticated:
        raise Http404(_("No such export."))
    try:
        return Export.objects.get(pk=pk, requested_by=user)
    except Export.DoesNotExist:
        raise Http404(_("No such export.")) from None
