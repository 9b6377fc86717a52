from django.urls import reverse

from cases.pagination import BoundedPaginator


def test_a_long_list_is_not_counted_to_the_end(client, clerk, register, monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "cap", 3)
    for _ in range(5):
        register()
    client.force_login(clerk)
    response = client.get(reverse("cases:desk"))
    page = response.context["page"]
    assert page.paginator.capped and page.paginator.count == 4  # stopped counting after cap + 1
    assert len(page.object_list) == 5  # the page itself is whole


def test_a_short_list_is_counted_exactly(client, clerk, register):
    for _ in range(2):
        register()
    client.force_login(clerk)
    page = client.get(reverse("cases:desk")).context["page"]
    assert not page.paginator.capped and page.paginator.count == 2
