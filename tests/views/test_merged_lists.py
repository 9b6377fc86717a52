"""An overseer's list over several offices: each office read from its own index, merged."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from cases.selectors import NewestAcrossOffices

pytestmark = pytest.mark.postgres


def test_the_directors_list_merges_the_offices_newest_first_page_by_page(client, register, county_clerk, director):
    start = datetime.datetime(2026, 11, 16, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    numbers = []
    for n in range(30):
        with time_machine.travel(start + datetime.timedelta(minutes=n), tick=False):
            numbers.append(register(by=county_clerk if n % 3 else None).number)
    newest_first = list(reversed(numbers))
    client.force_login(director)

    first = client.get(reverse("cases:desk"))
    page = first.context["page"]
    assert isinstance(page.paginator.object_list, NewestAcrossOffices)
    assert [case.number for case in page] == newest_first[:25]
    assert page.has_next() and page.paginator.uncounted

    second = client.get(reverse("cases:desk"), {"page": 2}).context["page"]
    assert [case.number for case in second] == newest_first[25:]
    assert not second.has_next()


def test_a_filter_applies_to_every_office_of_the_merge(client, register, county_clerk, director):
    register(reporter_name="甲")
    register(by=county_clerk, reporter_name="乙")
    client.force_login(director)
    page = client.post(reverse("cases:desk"), {"q": "乙"}, follow=True).context["page"]
    assert [case.reporter_name for case in page] == ["乙"]
