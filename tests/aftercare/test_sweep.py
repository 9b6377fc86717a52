"""The sweep's part after closing: overdue steps told once, the invitation to rate sent once."""

import time_machine

from cases.models import AuditEvent, Notification, TextMessage
from cases.services.aftercare import rating_give
from cases.sweep import sweep
from tests.escalation.conftest import at, leader_all_month, on_duty  # noqa: F401  (fixtures)


def test_an_overdue_callback_is_told_to_the_duty_leader_exactly_once(close_case, leader_all_month):
    case = close_case(at(16, 10))  # due Thursday 19th, 17:00
    assert sweep(at(19, 16), mail=False).callbacks_overdue == 0
    report = sweep(at(19, 17, 1), mail=False)
    assert report.callbacks_overdue == 1
    assert sweep(at(20, 9), mail=False).callbacks_overdue == 0
    notes = Notification.objects.filter(case=case, kind="overdue")
    assert [n.recipient for n in notes] == [leader_all_month]
    assert "回访已超期" in notes[0].message  # stored in the deployment's language
    assert AuditEvent.objects.filter(case=case, action="case.callback_overdue").count() == 1


def test_an_overdue_verifying_callback_and_rectification_are_each_told_once(close_case, leader_all_month):
    case = close_case(at(16, 10))
    with time_machine.travel(at(16, 11), tick=False):
        rating_give(case=case, level="dissatisfied")
    # The verifying callback is due Tuesday 17:00; the callback after closing Thursday 17:00.
    assert sweep(at(17, 17, 1), mail=False).callbacks_overdue == 1
    report = sweep(at(8, 17, 1, month=12), mail=False)
    assert (report.callbacks_overdue, report.rectifications_overdue) == (1, 1)
    assert sweep(at(9, 10, month=12), mail=False).rectifications_overdue == 0
    assert AuditEvent.objects.filter(case=case, action="case.rectification_overdue").count() == 1
    assert Notification.objects.filter(case=case, recipient=leader_all_month).count() == 3


def test_one_text_invites_a_rating_three_days_after_closing_if_none_was_given(close_case, register):
    unrated = close_case(at(16, 10))
    rated = close_case(at(16, 10), reporter_name="李四")
    rating_give(case=rated, level="satisfied")
    assert sweep(at(19, 9), mail=False).rating_invitations == 0
    assert sweep(at(19, 10, 1), mail=False).rating_invitations == 1
    assert sweep(at(20, 10), mail=False).rating_invitations == 0
    assert TextMessage.objects.filter(case=unrated, kind="rating_invitation").count() == 1
    assert not TextMessage.objects.filter(case=rated, kind="rating_invitation").exists()
    assert f"/t/{unrated.tracking_token}/rate/" in TextMessage.objects.get(case=unrated, kind="rating_invitation").body
