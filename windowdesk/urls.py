from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cases.views.public import front_door

from . import views
from .auth_views import StaffLoginView, admin_login

urlpatterns = [
    path("", front_door, name="front_door"),
    path("staff/", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", StaffLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/login/", admin_login),  # before the admin's own: a refused sign-in answers 400
    path("admin/", admin.site.urls),
    path("cases/", include("cases.urls")),
    path("office/", include("routing.urls")),
    path("captcha/", include("captcha.urls")),  # the public form's captcha pictures
    path("open311/v2/", include("cases.urls_open311")),
    path("", include("cases.urls_public")),
]
