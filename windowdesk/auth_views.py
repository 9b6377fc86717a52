"""The staff and admin login pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views

from .forms import REJECTED, RejectedFormMixin


class StaffLoginView(RejectedFormMixin, auth_views.LoginView):
    """Django's login; a wrong user name or password answers 400 with the form again."""


def admin_login(request):
    """The admin's own login page; a refused sign-in answers 400 like the staff login.

    The admin draws its login through LoginView with its own form and context, so
    the page is kept and only a POST that drew the form again (a success redirects)
    is marked as refused."""
    response = admin.site.login(request)
    if request.method == "POST" and response.status_code == 200:
        response.status_code = REJECTED
    return response
