"""The demo office shows the loop after closing: callbacks due, every rating level, a rectification running."""

import io

from django.core.management import call_command

from cases.models import Callback, Rating, Rectification


def test_the_demo_has_callbacks_due_ratings_of_every_level_and_a_rectification_in_progress(db):
    call_command("load_demo", force=True, stdout=io.StringIO())
    assert set(Rating.objects.values_list("level", flat=True)) == set(Rating.Level.values)
    assert Callback.objects.filter(done_at__isnull=True, kind="after_closing").exists()
    assert Callback.objects.filter(done_at__isnull=True, kind="verifying").exists()
    assert Callback.objects.filter(outcome="partly").exists()
    # The last days' bad ratings are being put right; older ones were, and were rated again.
    assert Rectification.objects.filter(done_at__isnull=True).count() >= 2
    assert Rectification.objects.filter(done_at__isnull=False, outcome="explained").exists()
    assert Rectification.objects.filter(done_at__isnull=False, outcome="rehandled").exists()
    assert Rating.objects.filter(follow_up=True).exists()
