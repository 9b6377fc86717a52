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


def test_the_server_error_page_tells_the_clerk_nothing_was_saved_and_what_to_do(clerk, settings):
    from django.test import Client
    from django.urls import path

    def broken(request):
        raise RuntimeError("the database went away")

    import windowdesk.urls

    settings.DEBUG = False
    settings.ROOT_URLCONF = type("urls", (), {"urlpatterns": [path("broken", broken), *windowdesk.urls.urlpatterns]})
    client = Client(raise_request_exception=False)
    client.force_login(clerk)
    response = client.post("/broken", {"matter": "办理养老保险关系转移"})
    assert response.status_code == 500
    page = response.content.decode()
    assert "没有保存" in page and "稍等片刻，再试一次" in page and "请联系系统管理员" in page
    assert "nothing was saved" in page and "try again" in page and "administrator" in page
