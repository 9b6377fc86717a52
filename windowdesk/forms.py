"""How a page answers a form it refused.

A form that is accepted redirects (post, redirect, get), so a page drawn in
answer to a POST is the form again with what was wrong: it answers 400, so the
browser, the access log and the tests see a refusal, not a success. Every view
that draws a posted form goes through `status_for` (or `REJECTED` when the
refusal came from a service), the class-based ones through `RejectedFormMixin`.
"""

from http import HTTPStatus

REJECTED = HTTPStatus.BAD_REQUEST


def posted(request):
    """The data to bind a page's form to: the POST on a POST, None on a GET.

    Not `request.POST or None`: an empty POST is falsy, so the form came out
    unbound, and a post with nothing in it was answered with a fresh form and 200.
    """
    return request.POST if request.method == "POST" else None


def status_for(*forms) -> int:
    """400 when one of the page's forms came back with errors, else 200."""
    return REJECTED if any(form is not None and form.is_bound and form.errors for form in forms) else HTTPStatus.OK


class RejectedFormMixin:
    """For a FormView: the refused form is drawn again with status 400."""

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=REJECTED)
