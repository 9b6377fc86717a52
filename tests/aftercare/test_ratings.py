"""Ratings once per case, the rectification of a bad one, and the follow-up."""

import pytest
import time_machine

from cases.models import AuditEvent, Callback, Rating, RatingInvitation, Rectification, State, TextMessage
from cases.services import CaseActionError, case_resolve
from cases.services.aftercare import (
    callback_record,
    rating_give,
    rectification_finish,
    rectification_reopen_case,
)
from tests.escalation.conftest import at


def test_a_citizen_rates_once_and_a_second_rating_is_refused(close_case, register):
    case = close_case()
    rating = rating_give(case=case, level="satisfied", reasons=["solved", "polite"], comment="很好")
    assert (rating.channel, rating.follow_up, rating.reasons) == ("link", False, ["solved", "polite"])
    assert AuditEvent.objects.get(case=case, action="case.rated").data["level"] == "satisfied"
    with pytest.raises(CaseActionError, match="rated already"):
        rating_give(case=case, level="very_satisfied")
    assert Rating.objects.filter(case=case).count() == 1
    assert not Rectification.objects.exists()


def test_an_open_case_cannot_be_rated(register):
    with pytest.raises(CaseActionError, match="not closed"):
        rating_give(case=register(), level="satisfied")


def test_reasons_must_belong_to_the_level(close_case):
    with pytest.raises(CaseActionError) as error:
        rating_give(case=close_case(), level="satisfied", reasons=["attitude"])
    assert error.value.field == "reasons"


def test_a_clerk_records_a_rating_given_at_the_window(close_case, clerk, county_clerk):
    case = close_case()
    with pytest.raises(CaseActionError, match="right"):
        rating_give(case=case, level="satisfied", by=county_clerk)
    rating = rating_give(case=case, level="basically", reasons=["slow"], by=clerk)
    assert (rating.channel, rating.recorded_by) == ("window", clerk)


@pytest.mark.parametrize("level", ["dissatisfied", "very_dissatisfied"])
def test_a_bad_rating_starts_the_rectification_with_its_two_clocks(close_case, level):
    case = close_case(at(16, 10))
    with time_machine.travel(at(17, 10), tick=False):
        rating = rating_give(case=case, level=level, reasons=["not_solved"], comment="没解决")
    rectification = Rectification.objects.get(case=case)
    assert rectification.rating == rating and rectification.is_open
    verifying = Callback.objects.get(case=case, kind="verifying")
    assert verifying.rectification == rectification
    assert verifying.due_at == at(18, 17)  # one working day
    assert rectification.due_at == at(8, 17, month=12)  # fifteen working days
    assert AuditEvent.objects.filter(case=case, action="case.rectification_started").count() == 1


def test_a_good_rating_starts_nothing(close_case):
    case = close_case()
    rating_give(case=case, level="basically")
    assert not Rectification.objects.exists()
    assert not Callback.objects.filter(kind="verifying").exists()


def test_a_rectification_ends_with_the_case_handled_again_then_one_follow_up_rating(close_case, clerk, duty_leader):
    case = close_case()
    rating_give(case=case, level="very_dissatisfied", reasons=["passed_around"])
    rectification = Rectification.objects.get(case=case)
    with pytest.raises(CaseActionError, match="right"):  # a clerk does not rectify
        rectification_reopen_case(rectification=rectification, by=clerk, reason="重办")
    with pytest.raises(CaseActionError):  # not reopened yet
        rectification_finish(rectification=rectification, by=duty_leader, outcome="rehandled", explanation="已重办")
    rectification_reopen_case(rectification=rectification, by=duty_leader, reason="核实属实，重新办理")
    case.refresh_from_db()
    assert case.state == State.TIER1
    assert AuditEvent.objects.get(case=case, action="case.rehandling").actor == duty_leader
    with pytest.raises(CaseActionError, match="rated already"):  # not closed, no follow-up yet
        rating_give(case=case, level="satisfied")
    case_resolve(case=case, by=clerk, result="重新办理完毕", close=True)
    rectification_finish(rectification=rectification, by=duty_leader, outcome="rehandled", explanation="已重新办结")
    rectification.refresh_from_db()
    assert rectification.outcome == "rehandled" and not rectification.is_open
    assert not Callback.objects.filter(case=case, kind="verifying", done_at__isnull=True).exists()
    assert TextMessage.objects.filter(case=case, kind="rating_follow_up").count() == 1
    follow_up = rating_give(case=case, level="satisfied")
    assert follow_up.follow_up
    assert Rectification.objects.filter(case=case).count() == 1
    with pytest.raises(CaseActionError):
        rating_give(case=case, level="satisfied")


def test_a_rectification_can_end_with_a_written_explanation(close_case, duty_leader):
    case = close_case()
    rating_give(case=case, level="dissatisfied")
    rectification = Rectification.objects.get(case=case)
    with pytest.raises(CaseActionError) as error:
        rectification_finish(rectification=rectification, by=duty_leader, outcome="explained", explanation=" ")
    assert error.value.field == "explanation"
    rectification_finish(rectification=rectification, by=duty_leader, outcome="explained",
                         explanation="所提诉求无法律依据，已当面解释")
    assert AuditEvent.objects.get(case=case, action="case.rectification_done").data["outcome"] == "explained"
    # A bad follow-up is recorded; the loop is not started again.
    rating_give(case=case, level="very_dissatisfied")
    assert Rectification.objects.filter(case=case).count() == 1


def test_the_verifying_callback_is_made_like_any_callback(close_case, clerk):
    case = close_case()
    rating_give(case=case, level="dissatisfied")
    verifying = Callback.objects.get(case=case, kind="verifying")
    callback_record(callback=verifying, by=clerk, outcome="not_solved", note="仍未解决")
    case.refresh_from_db()
    assert case.state == State.CLOSED  # the rectification decides whether to handle it again


def test_a_verifying_call_not_made_before_the_rectification_ended_is_recorded_as_not_made(close_case, clerk,
                                                                                           duty_leader):
    case = close_case()
    rating_give(case=case, level="dissatisfied")
    verifying = Callback.objects.get(case=case, kind="verifying")
    rectification_finish(rectification=Rectification.objects.get(case=case), by=duty_leader, outcome="explained",
                         explanation="所提诉求无法律依据，已当面解释")
    verifying.refresh_from_db()
    assert verifying.outcome == "superseded" and not verifying.is_open  # not "declined": nobody was asked
    done = AuditEvent.objects.get(case=case, action="case.rectification_done")
    assert done.data["callbacks_not_made"] == [verifying.pk]
    # Nobody records "not made" by hand: it is not a call's outcome.
    other = close_case(reporter_name="李四")
    with pytest.raises(CaseActionError):
        callback_record(callback=Callback.objects.get(case=other), by=clerk, outcome="superseded")


def test_a_rating_drops_the_invitation_to_rate(close_case):
    case = close_case()
    assert RatingInvitation.objects.get(case=case).due_at == at(19, 10)
    rating_give(case=case, level="satisfied")
    assert RatingInvitation.objects.get(case=case).dropped
