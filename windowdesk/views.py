from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """Liveness for the load balancer: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")
