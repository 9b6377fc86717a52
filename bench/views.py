"""The second floor of the benchmark: one logged-in request that inserts one row."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import Ping


@csrf_exempt  # wrk replays one request; the floor measures the insert, not the token check
@require_POST
@login_required
def insert_one(request):
    Ping.objects.create(user_id=request.user.pk)
    return HttpResponse("ok", content_type="text/plain")
