"""What the citizen sent, as the office's staff see it, and the answer written for them."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.services.public import case_set_public_answer
from cases.access import get_case_for_user
from cases.forms_public import PublicAnswerForm
from cases.models import Attachment

from .case import _act


@login_required
@require_GET
def attachment(request, number, pk):
    """One attachment, only to staff who may read the case (404 for anyone else)."""
    case = get_case_for_user(request.user, number, None)
    try:
        item = case.attachments.get(pk=pk)
    except Attachment.DoesNotExist:
        raise Http404(_("No such file.")) from None
    response = FileResponse(item.file.open("rb"), content_type=item.content_type,
                            as_attachment=item.content_type == "application/pdf", filename=item.name)
    # The file came from the public: never let a browser run it as a page of this site.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def public_answer(request, number):
    return _act(request, number, key="public_answer", form=PublicAnswerForm(request.POST),
                call=lambda case, d: case_set_public_answer(case=case, by=request.user,
                                                          answer=d["public_answer"]),
                done=_("Answer to the citizen saved."))

