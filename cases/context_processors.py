from django.utils.encoding import escape_uri_path

from .selectors import unread_count
from .selectors.triage import web_reports_waiting_count

# Query parameters that may hold personal data (an old register link's `?q=`):
# never copied into the language form's `next`.
PRIVATE_PARAMETERS = ("q",)


def inbox(request):
    """The counts in the navigation bar: unread notifications, and web reports waiting for a clerk."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counted = getattr(user, "unread_notifications", None)  # read with the user (windowdesk.auth)
    return {"unread_notifications": counted if counted is not None else unread_count(user),
            # Lazy: only a page whose navigation shows the queue (a clerk's) reads it.
            "web_reports_waiting": lambda: web_reports_waiting_count(user)}


def language_next(request):
    """`language_next`: where the language switch returns to, this page without
    the parameters that may hold an ID number or a phone."""
    query = request.GET.copy()
    for name in PRIVATE_PARAMETERS:
        query.pop(name, None)
    return {"language_next": escape_uri_path(request.path) + ("?" + query.urlencode() if query else "")}
