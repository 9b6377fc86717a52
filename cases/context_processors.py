from .selectors import unread_count


def inbox(request):
    """The unread badge in the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counted = getattr(user, "unread_notifications", None)  # read with the user (windowdesk.auth)
    return {"unread_notifications": counted if counted is not None else unread_count(user)}
