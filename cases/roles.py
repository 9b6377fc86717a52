"""What each role may do: the permissions granted to each group.

Kept in step with the database after every `migrate`, so a new permission
reaches every office's staff without a manual step.
"""

from django.contrib.auth.models import Group, Permission

from routing import roles

_READ = {"cases.view_case"}
_HANDLE = _READ | {"cases.register_case", "cases.handle_case", "cases.close_case", "cases.triage_web_report"}
_OVERSEE = _READ | {"cases.oversee_subordinate_offices", "cases.review_escalations"}

ROLE_PERMISSIONS = {
    roles.CLERK: _HANDLE | {"cases.call_back"},
    roles.DUTY_LEADER: _HANDLE | {
        "cases.approve_deficiency", "cases.reopen_case", "cases.reveal_personal_data",
        "cases.record_accountability", "cases.manage_innovations",
        "cases.escalate_case", "cases.dispatch_case", "cases.pause_case", "cases.handle_work_order",
        "cases.call_back", "cases.rectify", "cases.view_dailysummary",
    },
    roles.SECTION_HEAD: _READ | {"cases.handle_work_order"},
    roles.COMMITTEE: _READ | {
        "cases.handle_case", "cases.close_case", "cases.manage_innovations", "cases.refer_to_party_group",
        "cases.dispatch_case", "cases.pause_case",
    },
    roles.PARTY_GROUP: _OVERSEE | {
        "cases.handle_case", "cases.close_case", "cases.reveal_personal_data", "cases.record_accountability",
        "cases.manage_innovations", "cases.view_auditevent", "cases.decide_case", "cases.dispatch_case",
        "cases.pause_case", "cases.view_dailysummary",
    },
    roles.DISCIPLINE: _OVERSEE | {"cases.reveal_personal_data", "cases.record_accountability", "cases.view_auditevent"},
    roles.ADMINISTRATOR: _READ | {
        "cases.view_auditevent", "routing.view_dutyassignment", "routing.add_dutyassignment",
        "routing.change_dutyassignment", "routing.delete_dutyassignment",
        # Unlocking a staff member's login deletes their failed attempts (routing.admin_lockouts).
        "axes.view_accessattempt", "axes.delete_accessattempt", "axes.view_accessfailurelog",
    },
}


def ensure_role_groups(**kwargs):
    wanted = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    by_name = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type").filter(content_type__app_label__in=["cases", "routing", "axes"])
    }
    missing = wanted - by_name.keys()
    if missing:  # the first migrate of a fresh database, before permissions exist
        return
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set([by_name[p] for p in perms])
