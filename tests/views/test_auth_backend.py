from django.contrib.auth.models import Permission

from routing.models import User


def test_permissions_come_from_the_groups_and_the_user_in_one_query(clerk, django_assert_num_queries):
    clerk.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    fresh = User.objects.get(pk=clerk.pk)
    with django_assert_num_queries(1):
        assert fresh.has_perm("cases.register_case")  # from the clerk's group
        assert fresh.has_perm("cases.view_auditevent")  # given to the user
        assert not fresh.has_perm("cases.reopen_case")


def test_an_inactive_user_has_no_permissions(clerk):
    clerk.is_active = False
    clerk.save()
    assert not User.objects.get(pk=clerk.pk).has_perm("cases.register_case")


def test_the_unread_badge_comes_with_the_user(client, register, clerk):
    from django.urls import reverse

    from cases.services import notify

    case = register()
    notify.save(notify.build(recipients=[clerk], case=case, kind="escalated", key="a", message="m"))
    client.force_login(clerk)
    response = client.get(reverse("cases:inbox"))
    assert response.context["unread_notifications"] == 1
