"""The citizens' pages: no login. The front door itself is `front_door` at the root."""

from django.urls import path

from .views import public, rating

app_name = "public"

urlpatterns = [
    path("find/", public.find_matter, name="find"),
    path("o/<str:code>/report/", public.report, name="report"),
    path("o/<str:code>/poster/", public.poster, name="poster"),
    path("o/<str:code>/poster/qr.svg", public.poster_qr, name="poster_qr"),
    path("report/received/", public.receipt, name="receipt"),
    path("t/<str:token>/", public.track, name="track"),
    path("t/<str:token>/add/", public.add_information, name="add"),
    path("t/<str:token>/rate/", rating.rate, name="rate"),
]
