"""The pieces every list draws on each of its rows, built in Python.

A page of 25 rows drawn through template nodes (or `format_html`, which runs
each value through Django's lazy-aware escaping) cost more than the page's
queries. `_text` (cases.html) escapes exactly as Django's `escape` does;
pieces already safe (a light, a badge) are put in as they are.
"""

import functools
from urllib.parse import quote

from django import template
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.template.defaultfilters import truncatechars
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy as _

from routing import clock

from ..html import text as _text

register = template.Library()

LIGHT_LABELS = {
    "green": _("on time"),
    # xgettext:no-python-format
    "yellow": _("less than 30% left"),
    "red": _("overdue"),
    "paused": _("clock stopped"),
}

NO_LIGHT = mark_safe('<span class="text-muted">—</span>')


@register.simple_tag
def light(obj):
    """The traffic light of a case or work order, with its deadline, for any list."""
    value = obj.light
    if not value:
        return NO_LIGHT
    due = clock.local(obj.due_at, getattr(obj, "office", None) or obj.case.office)
    label = _text(LIGHT_LABELS[value])
    return mark_safe(
        f'<span class="light light-{value}" title="{label}"><span class="light-dot" aria-hidden="true"></span>'
        f'<span class="light-label">{label}</span> '
        f'<time class="light-due" datetime="{due.isoformat()}">{due.strftime("%m-%d %H:%M")}</time></span>'
    )


@register.simple_tag
def state_badge(case):
    return mark_safe(f'<span class="badge state-badge state-{_text(case.state)}">{_text(case.get_state_display())}</span>')


def _working_hours_between(start, end, office) -> str:
    """Office hours from `start` to `end` (or now), with one decimal."""
    if not start:
        return ""
    return f"{clock.working_seconds_between(start, end or timezone.now(), office) / 3600:.1f}"


def _person(case) -> str:
    if case.on_behalf:
        return f'{_text(case.reporter_name)} <span class="text-muted">→ {_text(case.subject_name)}</span>'
    return _text(case.reporter_name)


def _registered(case) -> str:
    return clock.local(case.registered_at, case.office).strftime("%Y-%m-%d %H:%M")


def _office_cell(case, show: bool) -> str:
    return f"<td>{_text(case.office.name)}</td>" if show else ""


@functools.lru_cache(maxsize=8)
def _detail_url_around(script_prefix: str) -> tuple[str, str]:
    """What comes before and after a case number in its page's URL (reversed once,
    not once per row). Keyed by the script prefix, which `reverse` puts in front."""
    head, tail = reverse("cases:detail", args=["NUMBER"]).split("NUMBER")
    return head, tail


def _case_link(case, css: str = "case-number") -> str:
    head, tail = _detail_url_around(get_script_prefix())
    return f'<a class="{css}" href="{head}{quote(case.number)}{tail}">{_text(case.number)}</a>'


@register.simple_tag
def register_row(case, show_office=False):
    """One row of the case register."""
    return mark_safe(
        f"<tr><td>{_case_link(case)}</td><td>{_registered(case)}</td>{_office_cell(case, show_office)}<td>{_person(case)}</td>"
        f"<td>{_text(case.business_area.name)}</td><td>{_text(case.get_channel_display())}</td>"
        f"<td>{_text(case.get_category_display() or '—')}</td><td>{state_badge(case)}</td><td>{light(case)}</td></tr>"
    )


@register.simple_tag
def queue_row(case, show_office=False, show_owner=False):
    """One row of a queue (duty leader, committee, party group)."""
    owner = f'<td class="d-none d-md-table-cell">{_text(case.duty_leader or "—")}</td>' if show_owner else ""
    return mark_safe(
        f"<tr><td>{_case_link(case)}</td><td>{light(case)}</td>{_office_cell(case, show_office)}<td>{_person(case)}</td>"
        f'<td class="d-none d-md-table-cell">{_text(case.business_area.name)}</td>'
        f'<td class="d-none d-md-table-cell">{_registered(case)}</td>{owner}'
        f'<td class="d-none d-md-table-cell">{state_badge(case)}</td></tr>'
    )


def _review_head() -> str:
    labels = (_("Tier"), _("Held by"), _("Entered"), _("Due"), _("Left"), _("Office hours held"), _("How it left"))
    return "".join(f"<th>{_text(label)}</th>" for label in labels)


@register.simple_tag
def review_card(case):
    """One escalated case on the director's review: who held it at each tier, how
    long, how it left, and the party group's decision. A page shows twenty."""
    office = case.office
    spans = "".join(_span_row(span, office) for span in case.tier_spans.all())
    decision = ""
    if case.party_group_decision:
        label = _text(_("Party group's decision"))
        decided_on = case.decided_on.strftime("%Y-%m-%d") if case.decided_on else ""
        decision = f'<p class="mb-0"><strong>{label}</strong> ({decided_on}): {_text(case.party_group_decision)}</p>'
    return mark_safe(
        f'<article class="card mb-3"><div class="card-body">'
        f'<div class="d-flex flex-wrap gap-2 align-items-center mb-2">{_case_link(case, "case-number h5 mb-0")} '
        f"{state_badge(case)} {light(case)} "
        f'<span class="text-muted">{_text(office.name)} · {_text(case.business_area.name)} · {_text(case.reporter_name)}</span>'
        f'</div><div class="table-responsive"><table class="table table-sm mb-2"><thead><tr>{_review_head()}</tr></thead>'
        f"<tbody>{spans}</tbody></table></div>{decision}</div></article>"
    )


def _moment(value, office) -> str:
    """A time in a table, on the office's wall clock: month, day, hour, minute."""
    return clock.local(value, office).strftime("%m-%d %H:%M") if value else "—"


def _span_row(span, office) -> str:
    """One stay at a tier on a review card."""
    reason = f' <span class="text-muted">· {_text(span.reason)}</span>' if span.reason else ""
    overran = ' class="table-danger"' if span.overran else ""
    return (
        f"<tr{overran}><td>{_text(span.get_tier_display())}</td>"
        f"<td>{_text(span.holder_label)}</td><td>{_moment(span.entered_at, office)}</td><td>{_moment(span.due_at, office)}</td>"
        f"<td>{_moment(span.left_at, office)}</td><td>{_working_hours_between(span.entered_at, span.left_at, office)}</td>"
        f"<td>{_text(span.get_exit_display() or '—')}{reason}</td></tr>"
    )


# --- a case's page: its tiers, work orders, history and the person's other cases ----------------------


@register.simple_tag
def tier_rows(spans, case):
    """One row a tier the case has been at: who held it, when it came and was due, how it left,
    and, from tier 2 on, the printable notice to the tier."""
    office, notice = case.office, _text(gettext("notice"))
    rows = []
    for position, span in enumerate(spans):
        left = "—"
        if span.left_at:
            reason = f": {_text(span.reason)}" if span.reason else ""
            left = f"{_moment(span.left_at, office)} · {_text(span.get_exit_display())}{reason}"
        link = ""
        if position:
            url = reverse("cases:escalation_notice", args=[case.number, span.pk])
            link = f'<a href="{_text(url)}" target="_blank" rel="noopener">{notice}</a>'
        overran = ' class="table-danger"' if span.overran else ""
        rows.append(f'<tr{overran}><td class="text-nowrap">{_text(span.get_tier_display())}</td>'
                    f'<td class="text-nowrap">{_text(span.holder_label)}</td><td>{_moment(span.entered_at, office)}</td>'
                    f"<td>{_moment(span.due_at, office)}</td><td>{left}</td><td>{link}</td></tr>")
    return mark_safe("".join(rows))


@register.simple_tag
def work_order_items(orders, office):
    """One item a work order: its department (linked), kind and state, its clock or deadline, the
    deadline before an extension, whether it is final, the answer and a return's reason."""
    items = []
    for order in orders:
        url = reverse("cases:work_order", args=[order.pk])
        clock_or_deadline = light(order) if order.is_open else f"{_text(gettext('deadline'))} {_moment(order.due_at, office)}"
        parts = [f'<a href="{_text(url)}">{_text(order.department)}</a> · {_text(order.get_kind_display())}'
                 f" · {_text(order.get_state_display())} · {clock_or_deadline}"]
        if order.was_extended:
            parts.append(f' <span class="text-muted">({_text(gettext("original"))} {_moment(order.original_due_at, office)})</span>')
        if order.final:
            parts.append(f' <span class="badge bg-dark">{_text(gettext("final"))}</span>')
        if order.answer:
            parts.append(f'<br><span class="text-muted">{_text(truncatechars(order.answer, 120))}</span>')
        if order.return_reason:
            parts.append(f'<br><span class="text-danger">{_text(gettext("returned"))}: {_text(order.return_reason)}</span>')
        items.append(f'<li class="mb-2">{"".join(parts)}</li>')
    return mark_safe("".join(items))


@register.simple_tag
def history_items(history, office):
    """The case's history, one item an event: when, who, what, from which state to which, why."""
    system = _text(gettext("system"))
    items = []
    for event in history:
        at = clock.local(event.at, office)
        actor = _text(event.actor) if event.actor_id else system
        change = (f' <span class="text-muted">{_text(event.from_label or "—")} → {_text(event.to_label)}</span>'
                  if event.from_state != event.to_state else "")
        reason = f'<br><span class="text-muted">{_text(event.reason)}</span>' if event.reason else ""
        items.append(f'<li data-action="{_text(event.action)}"><time datetime="{at.isoformat()}">{at:%Y-%m-%d %H:%M}</time>'
                     f" · {actor}<br><strong>{_text(event.label)}</strong>{change}{reason}</li>")
    return mark_safe("".join(items))


@register.simple_tag
def same_person_items(cases, office):
    """The person's other cases (all in `office`): number, day registered, business area, state, matter."""
    items = []
    for case in cases:
        registered = clock.local(case.registered_at, office).strftime("%Y-%m-%d")
        items.append(f"<li>{_case_link(case)} {registered} · {_text(case.business_area.name)} · {state_badge(case)}"
                     f" · {_text(truncatechars(case.matter, 40))}</li>")
    return mark_safe("".join(items))
