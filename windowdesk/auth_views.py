"""The staff login page."""

from django.contrib.auth import views as auth_views

from .forms import RejectedFormMixin


class StaffLoginView(RejectedFormMixin, auth_views.LoginView):
    """Django's login; a wrong user name or password answers 400 with the form again."""
