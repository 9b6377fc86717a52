"""With a read replica configured, the statistics are read from it
(windowdesk/db_router.py); a second database stands in for the replica."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cases.models import DailyFigure
from routing.models import Office

pytestmark = pytest.mark.django_db(databases=["default", "replica"])


@pytest.fixture
def replica_figure(city):
    """The city as the replica holds it, with a figure the primary does not have."""
    Office.objects.using("replica").bulk_create([Office(pk=city.pk, code=city.code, name=city.name, path=city.path)])
    return DailyFigure.objects.using("replica").create(office_id=city.pk, day=timezone.localdate(), registered=42,
                                                       computed_at=timezone.now())


def test_with_a_replica_the_statistics_page_reads_the_replica(client, director, replica_figure):
    client.force_login(director)
    with override_settings(STATISTICS_DATABASE="replica"):
        response = client.get(reverse("cases:statistics"))
    assert response.context["figures"].total.registered == 42


def test_without_a_replica_the_page_reads_the_primary(client, director, replica_figure):
    client.force_login(director)
    response = client.get(reverse("cases:statistics"))
    assert response.context["figures"].total.registered == 0


def test_the_ranking_reads_the_replica_and_writes_still_go_to_the_primary(client, director, city, replica_figure):
    client.force_login(director)
    replica_figure.orders_due, replica_figure.orders_on_time = 2, 2
    replica_figure.save(using="replica")
    with override_settings(STATISTICS_DATABASE="replica"):
        response = client.get(reverse("cases:ranking"))
        assert [item.figures.office for item in response.context["boards"]["offices"].ranked] == [city.name]
        DailyFigure.objects.create(office=city, day=timezone.localdate(), computed_at=timezone.now(), registered=1)
    assert DailyFigure.objects.using("default").get().registered == 1
