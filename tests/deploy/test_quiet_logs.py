"""Normal operation logs no warnings: a warning in the log must mean something is wrong.

kombu warned "No hostname was supplied" on every connection to the embedded
filesystem broker (its URL had no host), so each text or mail queued in
development, and the worker's start, put a warning in the log.
"""

import os
import subprocess
import sys
from pathlib import Path

from celery import current_app

ROOT = Path(__file__).resolve().parents[2]

# What `make run` does when a report is texted its receipt: queue the sending task after the commit.
QUEUE_A_TEXT = """
import django
django.setup()
from cases.services.texts import queue_sending
queue_sending()
"""


def test_queueing_a_task_on_the_embedded_broker_logs_no_warning(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "REDIS_", "DATABASE_", "WINDOWDESK_"))}
    env.update(DJANGO_SETTINGS_MODULE="windowdesk.settings", WINDOWDESK_VAR_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", QUEUE_A_TEXT], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "broker" / "queue").iterdir()), "the task was not queued"
    assert "WARNING" not in result.stderr and "No hostname" not in result.stderr, result.stderr


def test_the_brokers_connection_names_its_host(caplog, settings):
    with caplog.at_level("WARNING"):
        info = current_app.connection_for_write(settings.CELERY_BROKER_URL).info()
    assert info["hostname"]
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == []
