from django.urls import path

from . import views

app_name = "routing"

urlpatterns = [
    path("rota/", views.rota_month, name="rota"),
    path("rota/<int:year>/<int:month>/", views.rota_month, name="rota_month"),
]
