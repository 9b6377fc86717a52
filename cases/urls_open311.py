"""Open311 GeoReport v2: /open311/v2/services.json, /open311/v2/requests.xml, ..."""

from django.urls import path, re_path

from .views import open311

app_name = "open311"

FORMAT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    path("openapi.json", open311.openapi_document, name="openapi"),
    re_path(r"^services" + FORMAT, open311.services, name="services"),
    re_path(r"^services/(?P<service_code>[^/]+)" + FORMAT, open311.service_definition, name="service"),
    re_path(r"^requests" + FORMAT, open311.requests, name="requests"),
    re_path(r"^requests/(?P<service_request_id>[^/]+)" + FORMAT, open311.request_detail, name="request"),
]
