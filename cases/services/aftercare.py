"""After closing: callbacks, ratings and the rectification of bad ratings.

One function per act, each in one transaction with its audit row; the sweep
and a person go through the same ones. Texts to the citizen are written in
the same transaction (`texts.text_citizen`) and sent after the commit.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cases.models import Callback, Case, Notification, Rating, RatingInvitation, Rectification, State
from cases.models.aftercare import MAX_CALLBACK_TRIES, REASONS, RECTIFY_WORKING_DAYS, VERIFY_WORKING_DAYS
from routing import clock, rota

from . import notify, tiers
from .audit import audit_log
from .errors import CaseActionError
from .transitions import apply_transition

# The one text inviting a rating goes out this long after closing if none was given.
RATING_INVITATION_DELAY = datetime.timedelta(days=3)

TEXT_RATING_LINK = "rating_link"
TEXT_RATING_INVITATION = "rating_invitation"
TEXT_FOLLOW_UP = "rating_follow_up"


def rating_link(case: Case) -> str:
    from .texts import public_link

    return public_link(case, "public:rate")


def _text(case: Case, kind: str, message) -> bool:
    """Text the reporter if there is a phone to text; whether a text was written."""
    if not case.reporter_phone:
        return False
    from .texts import text_citizen

    text_citizen(case=case, body=notify.in_default_language(message), kind=kind)
    return True


def _may(by, case: Case, permission: str) -> None:
    if by.office_id != case.office_id or not by.has_perm(permission):
        raise CaseActionError(_("You do not have the right to do this."))


# --- at closing -------------------------------------------------------------------


def callback_open_after_closing(*, case: Case, at: datetime.datetime | None = None) -> Callback:
    """The case was just closed: a callback falls due, and the citizen gets the rating link.

    Called inside the closing's transaction, so a closing that fails leaves
    no callback and no text behind.
    """
    at = at or tiers.now()
    due = clock.deadline(at, case.office.callback_working_days, case.office).due
    # A case reopened before its callback was made and now closed again is called back once, on the new clock.
    callback, _created = Callback.objects.update_or_create(
        case=case, kind=Callback.Kind.AFTER_CLOSING, done_at__isnull=True,
        defaults={"office_id": case.office_id, "opened_at": at, "due_at": due, "tries": 0, "overdue_notified_at": None})
    if not case.ratings.exists() and not case.rating_invitations.filter(sent_at__isnull=True, dropped=False).exists():
        RatingInvitation.objects.create(case=case, due_at=at + RATING_INVITATION_DELAY)
        _text(case, TEXT_RATING_LINK, lambda: _(
            "Your matter %(number)s has been closed. Please tell us how it was handled: %(link)s")
            % {"number": case.number, "link": rating_link(case)})
    return callback


# --- a callback ---------------------------------------------------------------------


def callback_record(*, callback: Callback, by, outcome: str, note: str = "") -> Callback:
    """Record one call: its outcome, or a try that did not reach the citizen.

    "Not reached" keeps the callback open for another try, up to three; the
    third closes it. "Not solved" on a callback after closing reopens the
    case for handling again (重办) with what the citizen said as the reason.
    """
    if outcome not in dict(Callback.Outcome.recorded_choices()):
        raise CaseActionError(_("Choose an outcome."), field="outcome")
    note = note.strip()
    if outcome == Callback.Outcome.NOT_SOLVED and not note:
        raise CaseActionError(_("Write down what is still unsolved: it is the reason the case is handled again."),
                              field="note")
    with transaction.atomic():
        callback = Callback.objects.select_for_update().select_related("office").get(pk=callback.pk)
        case = Case.objects.select_for_update().select_related("office").get(pk=callback.case_id)
        _may(by, case, "cases.call_back")
        if not callback.is_open:
            raise CaseActionError(_("This callback is already done."))
        now = tiers.now()
        callback.last_tried_at = now
        if note:
            callback.note = note
        if outcome == Callback.Outcome.NOT_REACHED:
            callback.tries += 1
            if callback.tries < MAX_CALLBACK_TRIES:
                callback.save(update_fields=["tries", "last_tried_at", "note"])
                audit_log(case=case, actor=by, action="case.callback_tried", from_state=case.state, to_state=case.state,
                          data={"callback": callback.pk, "kind": callback.kind, "tries": callback.tries})
                return callback
        else:
            callback.tries = min(callback.tries + 1, MAX_CALLBACK_TRIES)
        callback.outcome = outcome
        callback.done_at = now
        callback.done_by = by
        callback.save(update_fields=["tries", "last_tried_at", "note", "outcome", "done_at", "done_by"])
        audit_log(case=case, actor=by, action="case.called_back", from_state=case.state, to_state=case.state,
                  reason=note, data={"callback": callback.pk, "kind": callback.kind, "outcome": outcome,
                                     "tries": callback.tries})
        if (outcome == Callback.Outcome.NOT_SOLVED and callback.kind == Callback.Kind.AFTER_CLOSING
                and case.state == State.CLOSED):
            _reopen_for_rehandling(case, by=by, reason=note, at=now)
    return callback


def _reopen_for_rehandling(case: Case, *, by, reason: str, at: datetime.datetime) -> None:
    """重办: back to tier 1 with a fresh clock and the day's duty leader, like a reopened case."""
    case.duty_leader = tiers.duty_leader_for(case, at)
    span = tiers.enter_tier(case, tier=State.TIER1, at=at, holder=case.duty_leader)
    apply_transition(case, "reopen_for_rehandling", by=by, action="case.rehandling", reason=reason,
                     data={"due_at": case.due_at.isoformat()})
    span.save()


# --- ratings ------------------------------------------------------------------------


def rating_may_be_given(case: Case) -> bool:
    """Whether the case awaits a rating now: closed and not rated, or rectified and not rated again."""
    if case.state != State.CLOSED:
        return False
    given = {r.follow_up for r in case.ratings.all()}
    if False not in given:
        return True
    return True not in given and case.rectifications.filter(done_at__isnull=False).exists()


def rating_give(*, case: Case, level: str, reasons: list[str] | tuple = (), comment: str = "", by=None) -> Rating:
    """The citizen's rating: through the tracking link (`by` None) or recorded at the window by a clerk.

    Once per case, and once more after a rectification. A bad first rating
    starts the rectification loop.
    """
    if level not in Rating.Level.values:
        raise CaseActionError(_("Choose one of the five levels."), field="level")
    allowed = {code for code, _label in REASONS[level]}
    reasons = [r for r in dict.fromkeys(reasons)]
    if any(r not in allowed for r in reasons):
        raise CaseActionError(_("Choose reasons of the level you chose."), field="reasons")
    comment = comment.strip()
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("office").get(pk=case.pk)
        if by is not None:
            _may(by, case, "cases.call_back")
        if not rating_may_be_given(case):
            raise CaseActionError(_("This matter cannot be rated now: it is rated already, or not closed."))
        follow_up = case.ratings.filter(follow_up=False).exists()
        try:
            with transaction.atomic():
                rating = Rating.objects.create(
                    case=case, follow_up=follow_up, level=level, reasons=reasons, comment=comment,
                    channel=Rating.Channel.WINDOW if by is not None else Rating.Channel.LINK, recorded_by=by)
        except IntegrityError:  # a second submit raced the first past the check
            raise CaseActionError(_("This matter cannot be rated now: it is rated already, or not closed.")) from None
        RatingInvitation.objects.filter(case=case, sent_at__isnull=True, dropped=False).update(dropped=True)
        audit_log(case=case, actor=by, action="case.rated", from_state=case.state, to_state=case.state, reason=comment,
                  data={"rating": rating.pk, "level": level, "reasons": reasons, "follow_up": follow_up,
                        "channel": rating.channel})
        if rating.is_bad and not follow_up:
            _start_rectification(case, rating, by=by)
    return rating


def _start_rectification(case: Case, rating: Rating, *, by) -> Rectification:
    """A bad rating: a verifying callback within one working day, the rectification within fifteen."""
    at = rating.given_at
    rectification = Rectification.objects.create(
        case=case, rating=rating, office_id=case.office_id, opened_at=at,
        due_at=clock.deadline(at, RECTIFY_WORKING_DAYS, case.office).due)
    Callback.objects.create(case=case, office_id=case.office_id, kind=Callback.Kind.VERIFYING,
                            rectification=rectification, opened_at=at,
                            due_at=clock.deadline(at, VERIFY_WORKING_DAYS, case.office).due)
    audit_log(case=case, actor=by, action="case.rectification_started", from_state=case.state, to_state=case.state,
              data={"rectification": rectification.pk, "level": rating.level, "due_at": rectification.due_at.isoformat()})
    return rectification


# --- rectification --------------------------------------------------------------------


def _lock_rectification(rectification: Rectification, by) -> tuple[Rectification, Case]:
    rectification = Rectification.objects.select_for_update().get(pk=rectification.pk)
    case = Case.objects.select_for_update().select_related("office").get(pk=rectification.case_id)
    _may(by, case, "cases.rectify")
    if not rectification.is_open:
        raise CaseActionError(_("This rectification is already done."))
    return rectification, case


def rectification_reopen_case(*, rectification: Rectification, by, reason: str) -> Rectification:
    """The bad rating was right: the case is reopened to be handled again (重办)."""
    if not reason.strip():
        raise CaseActionError(_("Give the reason for handling the case again."), field="reason")
    with transaction.atomic():
        rectification, case = _lock_rectification(rectification, by)
        if case.state != State.CLOSED:
            raise CaseActionError(_("The case is already open again."))
        now = tiers.now()
        _reopen_for_rehandling(case, by=by, reason=reason.strip(), at=now)
        rectification.reopened_at = now
        rectification.save(update_fields=["reopened_at"])
    return rectification


def rectification_finish(*, rectification: Rectification, by, outcome: str, explanation: str) -> Rectification:
    """End the rectification: handled again (the case closed anew), or explained in writing.

    Then the citizen is asked once more for a rating (the follow-up).
    """
    if outcome not in Rectification.Outcome.values:
        raise CaseActionError(_("Choose how the rectification ended."), field="outcome")
    if not explanation.strip():
        raise CaseActionError(_("Write down what was done, or the explanation given to the citizen."), field="explanation")
    with transaction.atomic():
        rectification, case = _lock_rectification(rectification, by)
        if outcome == Rectification.Outcome.REHANDLED and (rectification.reopened_at is None or case.state != State.CLOSED):
            raise CaseActionError(_("Reopen the case and close it again after handling it, first."), field="outcome")
        if outcome == Rectification.Outcome.EXPLAINED and case.state != State.CLOSED:
            raise CaseActionError(_("The case is open again: finish handling it and close it first."), field="outcome")
        rectification.outcome = outcome
        rectification.explanation = explanation.strip()
        rectification.done_at = tiers.now()
        rectification.done_by = by
        rectification.save(update_fields=["outcome", "explanation", "done_at", "done_by"])
        # The verifying callback is no longer needed once the matter is settled; it is
        # closed as not made (not as the citizen declining, which nobody heard).
        unmade = list(Callback.objects.filter(rectification=rectification, done_at__isnull=True)
                      .values_list("pk", flat=True))
        Callback.objects.filter(pk__in=unmade).update(
            outcome=Callback.Outcome.SUPERSEDED, done_at=rectification.done_at, done_by=by)
        audit_log(case=case, actor=by, action="case.rectification_done", from_state=case.state, to_state=case.state,
                  reason=rectification.explanation, data={"rectification": rectification.pk, "outcome": outcome,
                                                          "callbacks_not_made": unmade})
        _text(case, TEXT_FOLLOW_UP, lambda: _(
            "We have looked again at your matter %(number)s. Please rate it once more: %(link)s")
            % {"number": case.number, "link": rating_link(case)})
    return rectification


# --- the sweep's acts -------------------------------------------------------------------


def _duty_leaders(office, now) -> list:
    """Who is told of an overdue step: the duty leader of the day, else every duty leader of the office."""
    leader = rota.duty_leader_on(office, rota.local_today(office, now))
    return [leader] if leader is not None else list(notify.members_of(office.pk, "duty_leader"))


def _flag_overdue(rows, *, now, what: str, action: str, message, data) -> int:
    """Tell the duty leader of each overdue step (a callback or a rectification), once:
    a notice and an audit row each, and the rows marked (they are the caller's, claimed and locked)."""
    leaders, notes = {}, []
    for row in rows:
        if row.office_id not in leaders:
            leaders[row.office_id] = _duty_leaders(row.office, now)
        case = row.case
        due = clock.local(row.due_at, row.office).strftime("%Y-%m-%d %H:%M")
        notes += notify.build(
            recipients=leaders[row.office_id], case=case, kind=Notification.Kind.OVERDUE,
            key=f"{what}_overdue:{row.pk}",
            message=notify.in_default_language(lambda: message() % {"number": case.number, "due": due}))
        audit_log(case=case, actor=None, action=action, from_state=case.state, to_state=case.state, data=data(row))
    if rows:
        type(rows[0]).objects.filter(pk__in=[row.pk for row in rows]).update(overdue_notified_at=now)
    notify.save(notes)
    return len(rows)


def callbacks_flag_overdue(*, callbacks: list[Callback], now: datetime.datetime) -> int:
    return _flag_overdue(callbacks, now=now, what="callback", action="case.callback_overdue",
                         message=lambda: _("The callback of case %(number)s is overdue (deadline %(due)s)."),
                         data=lambda callback: {"callback": callback.pk, "kind": callback.kind})


def rectifications_flag_overdue(*, rectifications: list[Rectification], now: datetime.datetime) -> int:
    return _flag_overdue(rectifications, now=now, what="rectification", action="case.rectification_overdue",
                         message=lambda: _("The rectification of the bad rating of case %(number)s is overdue "
                                           "(deadline %(due)s)."),
                         data=lambda rectification: {"rectification": rectification.pk})


def rating_invitations_send(*, invitations: list[RatingInvitation], now: datetime.datetime) -> int:
    """The one text inviting a rating, for each due invitation whose case is still unrated."""
    rated = set(Rating.objects.filter(case_id__in=[i.case_id for i in invitations]).values_list("case_id", flat=True))
    sent, dropped = [], []
    for invitation in invitations:
        case = invitation.case
        if case.pk in rated or case.state != State.CLOSED or not _text(case, TEXT_RATING_INVITATION, lambda: _(
                "How was your matter %(number)s handled? Your rating helps us: %(link)s")
                % {"number": case.number, "link": rating_link(case)}):
            dropped.append(invitation.pk)
            continue
        sent.append(invitation.pk)
        audit_log(case=case, actor=None, action="case.rating_invited", from_state=case.state, to_state=case.state)
    RatingInvitation.objects.filter(pk__in=sent).update(sent_at=now)
    RatingInvitation.objects.filter(pk__in=dropped).update(dropped=True)
    return len(sent)
