"""The app's URLs plus the benchmark's insert floor (bench settings only)."""

from django.urls import path

from bench.views import insert_one

from .urls import urlpatterns as app_urlpatterns

urlpatterns = [path("bench/insert/", insert_one, name="bench_insert"), *app_urlpatterns]
