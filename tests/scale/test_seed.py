"""`bench.seed`: a realistic register, also in a small database the benchmark compares with a large one."""

from django.db.models import Count, Q

from cases.models import OPEN_STATES, Case
from bench.scale import seed


def test_a_small_seed_gives_the_busiest_office_a_full_page_of_open_and_of_closed_cases(db):
    report = seed(cases=1000, offices=50, progress=lambda _line: None)
    assert report.cases == Case.objects.count() == 1000
    per_office = {row["office__code"]: row for row in Case.objects.values("office__code").annotate(
        open=Count("id", filter=Q(state__in=OPEN_STATES)), closed=Count("id", filter=Q(state="closed")))}
    capital = per_office["S01"]
    assert capital["open"] > 25 and capital["closed"] > 25  # a whole page of each, as at a million
    assert capital == max(per_office.values(), key=lambda row: row["open"] + row["closed"])
    tier1 = Case.objects.filter(office__code="S01", state="tier1")
    assert tier1.count() > 25 and tier1.values("duty_leader").distinct().count() == 1  # today's leader's page
    escalated = Case.objects.filter(office__code="S01", state__in=["tier2", "tier3"]).count()
    assert escalated >= 10
    # Still a register of mostly finished cases.
    assert Case.objects.filter(state="closed").count() > 2 * Case.objects.filter(state__in=OPEN_STATES).count()
    numbers = Case.objects.values_list("number", flat=True)
    assert len(set(numbers)) == 1000


def test_just_after_midnight_every_tier1_case_of_the_busiest_office_is_still_todays_leaders(db):
    from django.utils import timezone
    import datetime
    just_after_midnight = timezone.localtime().replace(hour=0, minute=20, second=0, microsecond=0)
    seed(cases=1000, offices=50, progress=lambda _line: None, now=just_after_midnight)
    tier1 = Case.objects.filter(office__code="S01", state="tier1").order_by()
    assert tier1.count() > 25
    assert tier1.values("duty_leader").distinct().count() == 1
    assert all(timezone.localtime(at).date() == just_after_midnight.date()
               for at in tier1.values_list("registered_at", flat=True))
    assert datetime.timedelta(0) < just_after_midnight - max(tier1.values_list("registered_at", flat=True))
