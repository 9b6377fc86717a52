"""The pages of the people the engine works for: duty leader, departments,
committee, party group, the director's review and everyone's inbox."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases import selectors, services
from cases.access import readable_offices
from cases.forms import AnswerForm, ExtensionDecisionForm, ExtensionForm, InboxReadForm, PeriodForm, ReviewFilterForm, WorkOrderReasonForm
from cases.models import ExtensionRequest, State
from cases.pagination import BoundedPaginator
from cases.services import dispatch
from cases.selectors.triage import triage_figures
from cases.services.inbox import notifications_mark_read
from routing import rota
from windowdesk.forms import REJECTED
from windowdesk.redirects import safe_next

QUEUE_PAGE = 25  # rows a queue shows at once, most urgent first


@login_required
@require_GET
@permission_required("cases.dispatch_case", raise_exception=True)
def leader_page(request):
    return _leader_page(request)


def _leader_page(request, *, status=200):
    user = request.user
    today = rota.local_today(user.office)
    queue = BoundedPaginator(selectors.leader_queue(user), QUEUE_PAGE).get_page(request.GET.get("page"))
    return render(request, "cases/leader.html", {
        "queue": queue,
        "unowned": selectors.unowned_cases(user),
        "approvals": selectors.approvals_waiting(user),
        "on_duty": rota.duty_leader_on(user.office, today),
        "today": today,
        "decision_form": ExtensionDecisionForm(),
    }, status=status)


@login_required
@require_POST
@permission_required("cases.dispatch_case", raise_exception=True)
def decide_extension(request, pk):
    extension = get_object_or_404(ExtensionRequest.objects.select_related("work_order__case"), pk=pk,
                                  work_order__case__office_id=request.user.office_id)
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose grant or refuse."))
        return _leader_page(request, status=REJECTED)  # the page the decision is taken on
    try:
        dispatch.extension_decide(request=extension, by=request.user, approve=form.cleaned_data["approve"],
                                  note=form.cleaned_data["note"])
    except services.CaseActionError as error:
        messages.error(request, error.message)
        return _leader_page(request, status=REJECTED)
    messages.success(request, _("Extension granted.") if form.cleaned_data["approve"] else _("Extension refused."))
    return redirect(safe_next(request, "cases:leader"))


@login_required
@require_GET
def tier_queue(request, tier):
    permission = {State.TIER2: "cases.refer_to_party_group", State.TIER3: "cases.decide_case"}.get(tier)
    if permission is None or not request.user.has_perm(permission):
        raise Http404
    cases = selectors.office_tier_queue(request.user, tier)
    return render(request, "cases/tier_queue.html", {
        "tier": State(tier), "page": BoundedPaginator(cases, QUEUE_PAGE).get_page(request.GET.get("page")),
    })


@login_required
@require_GET
@permission_required("cases.review_escalations", raise_exception=True)
def review(request):
    offices = readable_offices(request.user)
    form = ReviewFilterForm(request.GET or None, offices=offices)
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v not in (None, "")}
    cases = selectors.escalations_for_review(request.user, **filters)
    page = BoundedPaginator(cases, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cases/review.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
@require_GET
@permission_required("cases.review_escalations", raise_exception=True)
def department_stats(request):
    """How the departments answer their work orders (on time, late, returned),
    and what the offices' triage made of the web reports of the same period."""
    until = timezone.localdate()
    form = PeriodForm(request.GET or None, initial={"since": until - datetime.timedelta(days=90), "until": until})
    since = until - datetime.timedelta(days=90)
    if form.is_valid():
        since = form.cleaned_data["since"] or since
        until = form.cleaned_data["until"] or until
    rows = selectors.department_performance(request.user, since=since, until=until)
    return render(request, "cases/department_stats.html", {
        "form": form, "rows": rows, "since": since, "until": until,
        "triage_rows": triage_figures(request.user, since=since, until=until)})


# --- departments -------------------------------------------------------------


@login_required
@require_GET
@permission_required("cases.handle_work_order", raise_exception=True)
def department_page(request):
    orders = BoundedPaginator(selectors.department_orders(request.user), QUEUE_PAGE).get_page(request.GET.get("page"))
    done = selectors.department_orders(request.user, open_only=False)[:20]
    return render(request, "cases/department.html", {"page": orders, "done": done})


def _may_act(user, order) -> bool:
    """The department's head; for an outside agency, a leader of the case's office records its answer."""
    return order.department.head_id == user.pk or (
        order.department.kind == "external" and user.has_perm("cases.dispatch_case")
        and order.case.office_id == user.office_id)


def _order_page(request, order, *, bound=None, status=200):
    forms = {"answer": AnswerForm(), "return": WorkOrderReasonForm(prefix="return"),
             "extension": ExtensionForm(), "pause": WorkOrderReasonForm(prefix="pause")}
    forms.update(bound or {})
    return render(request, "cases/work_order.html", {
        "order": order, "case": order.case, "forms": forms,
        "may_act": _may_act(request.user, order),
        "extensions": order.extension_requests.select_related("requested_by", "decided_by"),
        "decision_form": ExtensionDecisionForm(),
    }, status=status)


@login_required
@require_GET
def work_order(request, pk):
    return _order_page(request, selectors.get_work_order_for_user(request.user, pk))


def _order_action(request, pk, *, key, form, call, done):
    order = selectors.get_work_order_for_user(request.user, pk)
    if not _may_act(request.user, order):
        # Readers (an overseer of the office above, a colleague) see the order but may not act on it.
        raise PermissionDenied(_("Only the head of %(department)s may do this.") % {"department": order.department})
    if form is None or form.is_valid():
        try:
            call(order, form.cleaned_data if form is not None else {})
        except services.CaseActionError as error:
            if form is not None and error.field in form.fields:
                form.add_error(error.field, error.message)
            else:
                messages.error(request, error.message)
            return _order_page(request, order, bound={key: form} if form is not None else None, status=REJECTED)
        messages.success(request, done)
        return redirect("cases:work_order", pk=pk)
    messages.error(request, _("Nothing was saved: please correct the marked fields."))
    return _order_page(request, order, bound={key: form}, status=REJECTED)


@login_required
@require_POST
def work_order_sign(request, pk):
    return _order_action(request, pk, key="sign", form=None,
                         call=lambda o, d: dispatch.work_order_sign(order=o, by=request.user), done=_("Signed for."))


@login_required
@require_POST
def work_order_answer(request, pk):
    return _order_action(request, pk, key="answer", form=AnswerForm(request.POST),
                         call=lambda o, d: dispatch.work_order_answer(order=o, by=request.user, answer=d["answer"]),
                         done=_("Answer sent."))


@login_required
@require_POST
def work_order_return(request, pk):
    return _order_action(request, pk, key="return", form=WorkOrderReasonForm(request.POST, prefix="return"),
                         call=lambda o, d: dispatch.work_order_return(order=o, by=request.user, reason=d["reason"]),
                         done=_("Work order returned to the duty leader."))


@login_required
@require_POST
def work_order_extension(request, pk):
    return _order_action(request, pk, key="extension", form=ExtensionForm(request.POST),
                         call=lambda o, d: dispatch.work_order_request_extension(order=o, by=request.user, **d),
                         done=_("Extension asked for."))


@login_required
@require_POST
def work_order_pause(request, pk):
    return _order_action(request, pk, key="pause", form=WorkOrderReasonForm(request.POST, prefix="pause"),
                         call=lambda o, d: dispatch.work_order_pause(order=o, by=request.user, reason=d["reason"]),
                         done=_("Clock stopped."))


@login_required
@require_POST
def work_order_resume(request, pk):
    return _order_action(request, pk, key="resume", form=None,
                         call=lambda o, d: dispatch.work_order_resume(order=o, by=request.user), done=_("Clock restarted."))


# --- inbox ---------------------------------------------------------------------


@login_required
@require_GET
def inbox(request):
    return _inbox_page(request)


def _inbox_page(request, *, status=200):
    page = BoundedPaginator(selectors.inbox(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "cases/inbox.html", {"page": page}, status=status)


@login_required
@require_POST
def inbox_read(request):
    """Mark one notification (or all) as read, then go where it points."""
    form = InboxReadForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("No such notification."))
        return _inbox_page(request, status=REJECTED)
    note_id = form.cleaned_data["id"]
    note = notifications_mark_read(user=request.user, notification_id=note_id)
    if note_id is not None and note is None:
        raise Http404
    if note is not None and request.POST.get("open"):
        if note.work_order_id:
            return redirect("cases:work_order", pk=note.work_order_id)
        if note.summary_id:
            return redirect("cases:summary", pk=note.summary_id)
        return redirect("cases:detail", number=note.case.number)
    return redirect("cases:inbox")
