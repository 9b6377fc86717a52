import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _messages_in_english():
    """Service tests read refusal messages; pin their language (the default is Chinese)."""
    with translation.override("en"):
        yield
