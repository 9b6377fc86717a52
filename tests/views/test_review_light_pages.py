"""The director's review filtered by light: every matching case can be paged to,
however many there are (yellow and green are worked out per row, not in SQL)."""

import datetime

import pytest
from django.db.models import F
from django.urls import reverse

from cases.models import Case
from cases.services.escalation import case_escalate

from .engine_setup import *  # noqa: F401,F403

pytestmark = pytest.mark.django_db

PAGE = 20  # the review's page size


def _copies(case, how_many):
    """`how_many` cases like `case` (same clock, same light), numbered after it:
    more rows than registering each through the services would take time for."""
    fields = {field.attname: getattr(case, field.attname) for field in Case._meta.concrete_fields
              if not field.primary_key and field.name != "tracking_token"}  # each case has its own
    Case.objects.bulk_create([Case(**{**fields, "number": f"DD-2026-{900_000 + n:06d}", "sequence": 900_000 + n})
                              for n in range(how_many)])


def _numbers(response):
    return [case.number for case in response.context["page"]]


def _all_pages(client, query):
    numbers, page = [], 1
    while True:
        response = client.get(reverse("cases:review"), {**query, "page": page})
        assert response.status_code == 200
        numbers += _numbers(response)
        if not response.context["page"].has_next():
            return numbers
        page += 1


def test_more_than_five_hundred_green_cases_can_all_be_paged_to(login, register, city_leader, director):
    green = case_escalate(case=register(), by=city_leader, reason="太复杂")  # 3 working days ahead: green
    _copies(green, 520)
    expected = list(Case.objects.filter(escalated_at__isnull=False).order_by("-escalated_at", "-id")
                    .values_list("number", flat=True))
    assert len(expected) == 521
    client = login(director)
    last = client.get(reverse("cases:review"), {"light": "green", "page": 27})
    assert _numbers(last) == expected[520:]  # the 521st, past the 500 once read at most
    assert _numbers(client.get(reverse("cases:review"), {"light": "green", "page": 26})) == expected[500:520]


def test_pages_of_one_colour_follow_the_list_across_batches(login, register, city_leader, director, settings):
    """Batches of 7 rows, green and red cases interleaved: each page holds the
    next twenty green ones in the list's order, none twice, none left out."""
    settings.REVIEW_LIGHT_BATCH = 7
    green = case_escalate(case=register(), by=city_leader, reason="太复杂")
    _copies(green, 45)
    # Every third copy overdue: red, so not on a green page.
    overdue = Case.objects.filter(sequence__gte=900_000, sequence__lt=900_045).order_by("sequence")[::3]
    Case.objects.filter(pk__in=[case.pk for case in overdue]).update(due_at=F("tier_entered_at") - datetime.timedelta(hours=1))
    expected = [case.number for case in Case.objects.filter(escalated_at__isnull=False).order_by("-escalated_at", "-id")
                if case.light == "green"]
    assert len(expected) == 31
    client = login(director)
    assert _all_pages(client, {"light": "green"}) == expected
    assert len(_numbers(client.get(reverse("cases:review"), {"light": "green"}))) == PAGE
    red = _all_pages(client, {"light": "red"})
    assert len(red) == 15 and not set(red) & set(expected)
