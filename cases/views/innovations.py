"""Institutional innovations: new rules that turn a common problem into routine."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cases import selectors, services
from cases.selectors import causes
from cases.access import readable_office_ids
from cases.charts import before_after_chart
from cases.forms_causes import BeforeAfterForm, InnovationForm
from cases.models import InstitutionalInnovation
from windowdesk.forms import posted, status_for


@login_required
def innovation_list(request):
    innovations = (InstitutionalInnovation.objects.filter(office_id__in=readable_office_ids(request.user))
                   .select_related("office", "business_area").order_by("-adopted_on", "-id"))
    can_add = request.user.has_perm("cases.manage_innovations") and request.user.office_id is not None
    form = InnovationForm(posted(request), office=request.user.office) if can_add else None
    if request.method == "POST":
        if not can_add:
            raise Http404
        if form.is_valid():
            try:
                innovation = services.innovation_create(office=request.user.office, by=request.user, **form.cleaned_data)
            except services.CaseActionError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Institutional innovation recorded."))
                return redirect("cases:innovation", pk=innovation.pk)
    return render(request, "cases/innovations.html", {"innovations": innovations, "form": form},
                  status=status_for(form))


@login_required
def innovation_detail(request, pk):
    try:
        innovation = InstitutionalInnovation.objects.select_related("office", "business_area").get(
            pk=pk, office_id__in=readable_office_ids(request.user))
    except InstitutionalInnovation.DoesNotExist:
        raise Http404
    cases = selectors.cases_linked_to_innovation(request.user, innovation)
    form = BeforeAfterForm(request.GET or None)
    months = (form.cleaned_data["months"] if form.is_bound and form.is_valid() else None) or 6
    before_after = causes.innovation_before_after(request.user, innovation, months=months)
    return render(request, "cases/innovation.html", {
        "innovation": innovation, "cases": cases, "form": form, "before_after": before_after,
        "chart": before_after_chart(before_after),
    }, status=status_for(form))
