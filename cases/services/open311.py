"""What the Open311 API writes: a report another system took, and the clients' keys."""

from django.db import transaction
from django.utils import timezone

from routing.models import BusinessArea, Office

from ..models import ApiClient, Case
from ..models.api import hash_api_key
from .intake import case_register
from .texts import text_receipt


def api_client_for_key(key: str) -> ApiClient | None:
    """The active client holding `key`, found by the key's hash (the key itself is never stored)."""
    if not key:
        return None
    return ApiClient.objects.filter(key_hash=hash_api_key(key), active=True).first()


def api_client_issue_key(*, client: ApiClient) -> str:
    """A new key for `client`, saved hashed; the old key stops working. Returned once, to show once."""
    key = client.issue_key()
    client.save(update_fields=["key_hash", "key_start"])
    return key


def case_report_by_api(*, client: ApiClient, office: Office, business_area: BusinessArea, description: str,
                       reporter_name: str, reporter_phone: str, failed_at: str = "") -> Case:
    """Register a report forwarded by a client, through `case_register` like any other.

    The client's channel is the case's (website or 12345). The citizen agreed to
    the use of their data with the client that took the report (its terms say
    so), so the consent is recorded at the moment it reaches us. The one text
    (description) is both what they wanted and why it failed: the caller's
    form has no second box. The citizen gets the same texted receipt, with
    the tracking link, as from the office's own form.
    """
    with transaction.atomic():
        case = case_register(
            office=office, channel=client.channel, consented_at=timezone.now(),
            reporter_name=reporter_name, reporter_phone=reporter_phone, business_area=business_area,
            matter=description, failure_reason=description, failed_at=failed_at,
        )
        text_receipt(case=case)
    return case
