from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """Liveness for the load balancer: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def home(request):
    """`/staff/` and the page after login: each role's own work (see `cases.landing`)."""
    from cases.landing import landing_page

    return redirect(landing_page(request.user))
