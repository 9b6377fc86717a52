import datetime
import io

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse

from routing import clock
from routing.context_processors import calendar_warnings
from routing.models import CalendarChange, CalendarDay, CalendarYear, Office, User

pytestmark = pytest.mark.django_db


# --- The seed ------------------------------------------------------------------


def test_the_seed_publishes_2004_to_2026_and_stores_only_exceptions():
    assert set(CalendarYear.objects.filter(published=True).values_list("year", flat=True)) == set(range(2004, 2027))
    assert not CalendarDay.objects.filter(kind="holiday", date__week_day__in=[1, 7]).exists()
    assert not CalendarDay.objects.filter(kind="makeup", date__week_day__in=[2, 3, 4, 5, 6]).exists()
    assert CalendarDay.objects.get(date=datetime.date(2026, 10, 10)).name == "国庆节"


# --- The audit trail -----------------------------------------------------------


def make_change():
    day = CalendarDay(date=datetime.date(2026, 11, 14), is_working_day=True, kind="makeup", name="测试")
    return CalendarChange.record(user=None, before=None, after=day.snapshot())


def test_a_calendar_change_cannot_be_edited():
    change = make_change()
    change.what = "rewritten"
    with pytest.raises(PermissionError):
        change.save()
    with pytest.raises(PermissionError):
        CalendarChange.objects.filter(pk=change.pk).update(what="rewritten")
    assert CalendarChange.objects.get(pk=change.pk).what != "rewritten"


def test_a_calendar_change_cannot_be_deleted():
    change = make_change()
    with pytest.raises(PermissionError):
        change.delete()
    with pytest.raises(PermissionError):
        CalendarChange.objects.all().delete()
    assert CalendarChange.objects.filter(pk=change.pk).exists()


def test_a_change_records_its_date_year_and_action():
    change = make_change()
    assert (change.date, change.year, change.action) == (datetime.date(2026, 11, 14), 2026, "created")


# --- The admin -----------------------------------------------------------------


def test_entering_a_day_in_the_admin_is_audited_with_the_user_and_signalled(admin_client, admin_user, changes_sent):
    response = admin_client.post(
        reverse("admin:routing_calendarday_add"),
        {"date": "2026-11-14", "is_working_day": "on", "kind": "makeup", "name": "测试", "notice": "", "source": "official"},
    )
    assert response.status_code == 302
    change = CalendarChange.objects.get()
    assert change.user == admin_user
    assert change.before is None and change.after["is_working_day"] is True
    assert changes_sent == [[datetime.date(2026, 11, 14)]]
    assert clock.is_working_day(datetime.date(2026, 11, 14))


def test_correcting_and_deleting_a_day_in_the_admin_keeps_before_and_after(admin_client):
    day = CalendarDay.objects.get(date=datetime.date(2026, 10, 2))
    url = reverse("admin:routing_calendarday_change", args=[day.pk])
    data = {"date": "2026-10-02", "kind": "other", "name": "改为上班", "notice": "", "source": "official", "is_working_day": "on"}
    assert admin_client.post(url, data).status_code == 302
    assert admin_client.post(reverse("admin:routing_calendarday_delete", args=[day.pk]), {"post": "yes"}).status_code == 302
    changed, deleted = CalendarChange.objects.order_by("id")
    assert (changed.action, changed.before["kind"], changed.after["kind"]) == ("changed", "holiday", "other")
    assert (deleted.action, deleted.after) == ("deleted", None)


def test_the_audit_trail_is_read_only_in_the_admin(admin_client):
    change = make_change()
    assert admin_client.get(reverse("admin:routing_calendarchange_add")).status_code == 403
    assert admin_client.get(reverse("admin:routing_calendarchange_delete", args=[change.pk])).status_code == 403
    page = admin_client.get(reverse("admin:routing_calendarchange_change", args=[change.pk]))
    assert page.status_code == 200 and b'name="_save"' not in page.content


def test_the_calendar_day_list_filters_by_year(admin_client):
    response = admin_client.get(reverse("admin:routing_calendarday_changelist"), {"year": "2026", "kind": "makeup"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == CalendarDay.objects.filter(date__year=2026, kind="makeup").count() > 0


# --- The warning on every back-office page -------------------------------------


def warnings_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return calendar_warnings(request)["calendar_warnings"]


@pytest.fixture
def staff(db):
    return User.objects.create_user("calendar_admin", password="pw", is_staff=True)


def test_staff_are_warned_in_november_that_next_years_schedule_is_missing(staff):
    with time_machine.travel(datetime.datetime(2026, 11, 15, 10, tzinfo=datetime.UTC)):
        messages = warnings_for(staff)
    assert len(messages) == 1 and "2027" in messages[0]


def test_no_warning_in_spring_when_this_year_is_published(staff):
    with time_machine.travel(datetime.datetime(2026, 5, 15, 10, tzinfo=datetime.UTC)):
        assert warnings_for(staff) == []


def test_the_warning_goes_once_the_year_is_published(staff):
    CalendarYear.objects.create(year=2027, published=True)
    with time_machine.travel(datetime.datetime(2026, 11, 15, 10, tzinfo=datetime.UTC)):
        assert warnings_for(staff) == []


def test_no_calendar_warning_for_anonymous_or_non_staff_users(db):
    plain = User.objects.create_user("plain", password="pw")
    with time_machine.travel(datetime.datetime(2026, 11, 15, 10, tzinfo=datetime.UTC)):
        assert warnings_for(AnonymousUser()) == []
        assert warnings_for(plain) == []


# --- Commands ------------------------------------------------------------------


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_deadline_prints_the_issue_example():
    out, err = run("deadline", "--start", "2026-09-30T16:00", "--days", "3")
    assert out == "2026-10-10T17:00:00+08:00\n"
    assert err == ""


def test_deadline_warns_on_stderr_when_it_guesses_a_year():
    out, err = run("deadline", "--start", "2026-12-31T10:00", "--days", "1")
    assert out == "2027-01-04T17:00:00+08:00\n"
    assert "2027" in err


def test_deadline_uses_the_offices_hours():
    Office.objects.create(code="YH", name="盐湖区", afternoon_closes=datetime.time(17, 30))
    out, _ = run("deadline", "--start", "2026-09-30T16:00", "--days", "3", "--office", "YH")
    assert out == "2026-10-10T17:30:00+08:00\n"


def test_deadline_refuses_an_unknown_office_and_a_bad_date():
    with pytest.raises(CommandError, match="Unknown office"):
        run("deadline", "--start", "2026-09-30T16:00", "--days", "3", "--office", "NOPE")
    with pytest.raises(CommandError, match="ISO 8601"):
        run("deadline", "--start", "30/09/2026", "--days", "3")


def test_loading_2027_from_a_file_publishes_it_audits_it_and_signals_once(tmp_path, changes_sent):
    notice = tmp_path / "2027.txt"
    notice.write_text("# 国办发明电〔2026〕X号\n2027-01-01 holiday 元旦\n2027-02-20 makeup 春节\n", encoding="utf-8")
    out, _ = run("load_calendar_year", "2027", "--file", str(notice), "--notice", "国办发明电〔2026〕X号")
    assert "2027" in out
    assert clock.is_year_published(2027)
    assert clock.is_working_day(datetime.date(2027, 2, 20))
    assert clock.is_working_day(datetime.date(2027, 2, 8))  # no longer the estimate
    assert CalendarChange.objects.filter(year=2027).count() == 3  # two days and the year
    assert len(changes_sent) == 1


def test_loading_a_bad_line_changes_nothing(tmp_path):
    notice = tmp_path / "2027.txt"
    notice.write_text("2027-01-01 holiday 元旦\n2027-02-20 sometimes\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Line 2"):
        run("load_calendar_year", "2027", "--file", str(notice))
    assert not CalendarDay.objects.filter(date__year=2027).exists()
