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


def test_permissions_are_the_users_own_and_their_groups(clerk, django_assert_num_queries):
    """The same as Django's own backend, read in one query."""
    from django.contrib.auth.backends import ModelBackend

    from windowdesk.auth import StaffBackend

    clerk.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    for _request in range(2):
        with django_assert_num_queries(2):
            user = StaffBackend().get_user(clerk.pk)
            assert user.has_perm("cases.view_auditevent") and not user.has_perm("cases.reopen_case")
        assert user.get_all_permissions() == ModelBackend().get_all_permissions(User.objects.get(pk=clerk.pk))
    assert "cases.register_case" in user.get_all_permissions()


def test_an_other_users_permissions_are_their_own(clerk, duty_leader):
    from windowdesk.auth import StaffBackend

    assert StaffBackend().get_user(clerk.pk).has_perm("cases.register_case")
    assert not StaffBackend().get_user(clerk.pk).has_perm("cases.reopen_case")
    assert StaffBackend().get_user(duty_leader.pk).has_perm("cases.reopen_case")


def test_a_superuser_has_every_permission_also_when_logged_in(clerk):
    from windowdesk.auth import StaffBackend

    clerk.is_superuser = True
    clerk.save()
    user = StaffBackend().get_user(clerk.pk)
    assert user.has_perm("cases.reopen_case") and user.has_perm("routing.delete_office")


def test_a_session_of_a_user_no_longer_there_is_nobody(db):
    from windowdesk.auth import StaffBackend

    assert StaffBackend().get_user(987_654_321) is None
