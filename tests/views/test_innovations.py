"""Institutional innovations: read within the offices one may read, recorded only by those allowed."""

import datetime

import pytest
from django.urls import reverse

from cases.models import InstitutionalInnovation
from cases.services import case_record_special_handling


def _innovation(office, by, title):
    return InstitutionalInnovation.objects.create(office=office, title=title, rule_text=f"{title}的条文",
                                                  adopted_on=datetime.date(2026, 1, 5), created_by=by)


@pytest.fixture
def innovations(clerk, county_clerk, outside_clerk):
    return {
        "city": _innovation(clerk.office, clerk, "异地转移容缺办理规定"),
        "county": _innovation(county_clerk.office, county_clerk, "县级档案补录办法"),
        "outside": _innovation(outside_clerk.office, outside_clerk, "张家口断缴补缴细则"),
    }


def _titles(response):
    return {innovation.title for innovation in response.context["innovations"]}


def test_the_clerk_lists_only_their_offices_innovations(login, clerk, innovations):
    response = login(clerk).get(reverse("cases:innovations"))
    assert response.status_code == 200
    assert _titles(response) == {innovations["city"].title}
    assert innovations["outside"].title not in response.content.decode()


def test_the_director_lists_the_counties_innovations_too_but_not_the_unrelated_office(login, director, innovations):
    assert _titles(login(director).get(reverse("cases:innovations"))) == {
        innovations["city"].title, innovations["county"].title}


@pytest.mark.parametrize("person, which, status", [
    ("clerk", "city", 200), ("clerk", "county", 404), ("clerk", "outside", 404),
    ("county_clerk", "city", 404), ("outside_clerk", "city", 404), ("outsider", "city", 404),
    ("director", "county", 200), ("director", "outside", 404), ("county_director", "city", 404),
])
def test_an_innovation_page_is_readable_only_where_its_cases_are(login, request, innovations, person, which, status):
    innovation = innovations[which]
    response = login(request.getfixturevalue(person)).get(reverse("cases:innovation", args=[innovation.pk]))
    assert response.status_code == status
    if status == 200:
        assert innovation.rule_text in response.content.decode()


def test_an_innovation_page_lists_the_cases_linked_to_it(login, register, clerk, innovations):
    case = register()
    case_record_special_handling(case=case, by=clerk, kind="bottleneck", procedure="集体研究",
                                 innovation=innovations["city"])
    html = login(clerk).get(reverse("cases:innovation", args=[innovations["city"].pk])).content.decode()
    assert case.number in html


def test_the_clerk_is_not_offered_the_form_and_a_post_is_refused(login, clerk, innovations):
    client = login(clerk)
    assert client.get(reverse("cases:innovations")).context["form"] is None
    response = client.post(reverse("cases:innovations"), {"title": "新规", "rule_text": "条文", "adopted_on": "2026-02-01"})
    assert response.status_code in (403, 404)
    assert InstitutionalInnovation.objects.count() == 3


@pytest.mark.parametrize("person", ["outsider", "section_head", "county_clerk"])
def test_others_without_the_right_cannot_record_an_innovation(login, request, person):
    response = login(request.getfixturevalue(person)).post(
        reverse("cases:innovations"), {"title": "新规", "rule_text": "条文", "adopted_on": "2026-02-01"})
    assert response.status_code == 404
    assert not InstitutionalInnovation.objects.exists()


def test_a_county_director_records_for_the_county_never_for_the_city(login, county_director, county):
    login(county_director).post(reverse("cases:innovations"),
                                {"title": "新规", "rule_text": "条文", "adopted_on": "2026-02-01", "office": "DD"})
    assert InstitutionalInnovation.objects.get(title="新规").office == county


def test_the_duty_leader_records_an_innovation_for_their_office(login, duty_leader):
    response = login(duty_leader).post(reverse("cases:innovations"),
                                       {"title": "新规", "rule_text": "条文", "adopted_on": "2026-02-01"})
    innovation = InstitutionalInnovation.objects.get(title="新规")
    assert response.status_code == 302
    assert response.url == reverse("cases:innovation", args=[innovation.pk])
    assert innovation.office == duty_leader.office
    assert innovation.created_by == duty_leader


def test_a_bad_innovation_is_refused_beside_the_field_and_kept(login, duty_leader):
    response = login(duty_leader).post(reverse("cases:innovations"),
                                       {"title": "新规", "rule_text": "", "adopted_on": "not a date"})
    form = response.context["form"]
    assert response.status_code == 400
    assert form.has_error("rule_text", "required")
    assert form.has_error("adopted_on", "invalid")
    assert 'value="新规"' in response.content.decode()
    assert not InstitutionalInnovation.objects.exists()
