"""The text-message outbox in the admin: read only, phone masked, the administrator's office only."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from cases.models import TextMessage
from routing import roles
from tests.conftest import make_staff


@pytest.fixture
def county_admin(county):
    user = make_staff("county_admin", county, roles.ADMINISTRATOR, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    user.user_permissions.add(*Permission.objects.filter(codename__endswith="_textmessage"))
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def texts(client, city, county, report_data):
    for office, phone in ((county, "13911112222"), (city, "13733334444")):
        area = office.business_areas.get(name="养老保险")
        client.post(reverse("public:report", args=[office.code]),
                    {**report_data, "business_area": str(area.pk), "reporter_phone": phone})
    client.cookies.clear()
    return {t.case.office.code: t for t in TextMessage.objects.select_related("case__office")}


def test_an_administrator_reads_their_offices_texts_with_the_phone_masked(client, county_admin, texts):
    client.force_login(county_admin)
    ours, theirs = texts["DDA"], texts["DD"]
    listing = client.get(reverse("admin:cases_textmessage_changelist"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert ours.case.number in page and theirs.case.number not in page
    assert "139****2222" in page and "13911112222" not in page
    detail = client.get(reverse("admin:cases_textmessage_change", args=[ours.pk])).content.decode()
    assert "139****2222" in detail and "13911112222" not in detail
    assert ours.case.number in detail and ours.case.tracking_token not in detail  # the link's code is not shown
    assert client.get(reverse("admin:cases_textmessage_change", args=[theirs.pk])).status_code == 302  # not found


def test_texts_cannot_be_added_changed_or_deleted_in_the_admin(client, county_admin, texts):
    client.force_login(county_admin)
    ours = texts["DDA"]
    assert client.get(reverse("admin:cases_textmessage_add")).status_code == 403
    assert client.post(reverse("admin:cases_textmessage_delete", args=[ours.pk]), {"post": "yes"}).status_code == 403
    client.post(reverse("admin:cases_textmessage_change", args=[ours.pk]), {"kind": "changed"})
    ours.refresh_from_db()
    assert ours.kind == "receipt"
