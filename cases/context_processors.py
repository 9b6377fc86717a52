from .selectors import unread_count


def inbox(request):
    """The unread badge in the navigation bar (one indexed count per page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
