"""Where to go after a form: the `next` a page posted, if it stays on this site.

Every view that follows a `next` goes through `safe_next`, so an address
planted in a link or a form (`https://evil.example`, `//evil.example`,
`\\\\evil.example`, `javascript:...`) lands on the default page instead of
taking a clerk off the site still trusting what he sees.
"""

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str) -> str:
    """The request's `next` (POST first, then GET) when it points at this host, else `default`.

    `default` may be a URL name, as for `redirect()`.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path: `redirect()` would take a bare word ("abc") for a URL name
    # and fail to reverse it (a server error), and a relative one means nothing here.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)
