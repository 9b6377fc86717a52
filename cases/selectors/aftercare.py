"""Reads of the callback queue, and of a case's callbacks, ratings and rectifications.

Scoped like every queue: a clerk reads their own office's rows and no other's.
"""

from django.http import Http404
from django.utils.translation import gettext as _

from ..models import Callback, Case, Rating, Rectification, State
from .columns import OFFICE_CLOCK, named

# What a queue row shows of its case: number, person, matter's area, state.
_QUEUE_CASE = ("case__id", "case__number", "case__reporter_name", "case__reporter_confidential", "case__state",
               "case__closed_at", "case__business_area__name", "case__office")


def _own_office_id(user) -> int | None:
    if not user.is_authenticated or not getattr(user, "office_id", None) or not user.has_perm("cases.call_back"):
        return None
    return user.office_id


def callback_queue(user):
    """The office's open callbacks, most urgent first (the partial index `callback_open_queue`)."""
    office_id = _own_office_id(user)
    if office_id is None:
        return Callback.objects.none()
    return (Callback.objects.filter(office_id=office_id, done_at__isnull=True)
            .select_related("office", "case", "case__business_area")
            .only("id", "kind", "tries", "due_at", "opened_at", "last_tried_at", "done_at", "office", "case",
                  "rectification", *OFFICE_CLOCK, *_QUEUE_CASE)
            .order_by("due_at", "id"))


def open_rectifications(user):
    """The office's rectifications not yet done, most urgent first: the duty leader's part of the queue."""
    if _own_office_id(user) is None or not user.has_perm("cases.rectify"):
        return Rectification.objects.none()
    return (Rectification.objects.filter(office_id=user.office_id, done_at__isnull=True)
            .select_related("office", "case", "rating")
            .only("id", "due_at", "opened_at", "reopened_at", "done_at", "office", "case", "rating__level",
                  *OFFICE_CLOCK, *_QUEUE_CASE)
            .order_by("due_at", "id"))


def get_callback_for_user(user, pk: int) -> Callback:
    """A callback of the user's own office, else 404."""
    office_id = _own_office_id(user)
    try:
        return (Callback.objects.select_related("office", "case", "case__office", "case__business_area", "done_by")
                .defer(*named("done_by")).get(pk=pk, office_id=office_id))
    except Callback.DoesNotExist:
        raise Http404(_("No such callback.")) from None


def get_rectification_for_user(user, pk: int) -> Rectification:
    """A rectification of the user's own office, for someone who may rectify; else 404."""
    office_id = _own_office_id(user)
    if office_id is None or not user.has_perm("cases.rectify"):
        raise Http404(_("No such rectification."))
    try:
        return (Rectification.objects.select_related("office", "case", "case__office", "rating", "done_by")
                .defer(*named("done_by")).get(pk=pk, office_id=office_id))
    except Rectification.DoesNotExist:
        raise Http404(_("No such rectification.")) from None


def case_aftercare(case: Case, history) -> dict:
    """The callbacks, ratings and rectifications of a case, for its page.

    Read only for a case whose `history` (already read for its page) shows a
    closing: no other case has any, and the page's query budget is small.
    """
    if not any(event.action == "case.closed" for event in history):
        return {"callbacks": [], "ratings": [], "rectifications": [], "closed_before": False, "rating_open": False}
    callbacks = list(case.callbacks.select_related("done_by").defer(*named("done_by")).order_by("opened_at", "id"))
    rectifications = list(case.rectifications.select_related("done_by").defer(*named("done_by"))
                          .order_by("opened_at", "id"))
    for row in (*callbacks, *rectifications):
        row.office = case.office  # the clock of the light, read with the case
    ratings = list(Rating.objects.filter(case=case).order_by("given_at", "id"))
    return {
        "callbacks": callbacks,
        "ratings": ratings,
        "rectifications": rectifications,
        "closed_before": True,
        # As `services.aftercare.rating_may_be_given` decides, from the rows just read.
        "rating_open": case.state == State.CLOSED and (
            not ratings or (len(ratings) == 1 and any(r.done_at for r in rectifications))),
    }
