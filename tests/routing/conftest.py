import pytest

from routing import clock


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    # The clock caches a year per process; a test's rows vanish with its
    # transaction, so no cached year may outlive the test that loaded it.
    clock.invalidate_cache()
    yield
    clock.invalidate_cache()


@pytest.fixture
def changes_sent():
    """Every calendar_changed sent during the test, as lists of dates."""
    from routing.signals import calendar_changed

    sent = []

    def listen(sender, dates, **kwargs):
        sent.append(dates)

    calendar_changed.connect(listen)
    yield sent
    calendar_changed.disconnect(listen)
