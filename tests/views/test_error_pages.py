from django.test import override_settings
from django.urls import reverse

from cases.models import Case


@override_settings(DEBUG=False)
def test_an_oversized_post_is_refused_with_a_message_and_saves_nothing(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("cases:register"), {"matter": "长" * 600_000, "reporter_name": "张三"})
    assert response.status_code == 400
    assert "1 MB" in response.content.decode()
    assert Case.objects.count() == 0


@override_settings(DEBUG=False)
def test_an_unknown_case_shows_the_not_found_page(client, clerk):
    client.force_login(clerk)
    response = client.get(reverse("cases:detail", args=["DD-2026-999999"]))
    assert response.status_code == 404
    assert reverse("cases:desk") in response.content.decode()
