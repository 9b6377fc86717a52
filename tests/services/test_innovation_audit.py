"""Recording an institutional innovation leaves its row in the audit trail, as every write does."""

import datetime

from cases.models import AuditEvent, InstitutionalInnovation
from cases.services import innovation_create


def test_recording_an_innovation_writes_one_audit_row_for_its_office(city, director):
    innovation = innovation_create(office=city, by=director, title="容缺受理办法", rule_text="条文",
                                   adopted_on=datetime.date(2026, 1, 5))
    event = AuditEvent.objects.get(action="innovation.created")
    assert (event.office_id, event.case_id, event.actor_id) == (city.pk, None, director.pk)
    assert event.data["innovation"] == innovation.pk
    assert InstitutionalInnovation.objects.count() == 1
