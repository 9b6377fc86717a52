import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "windowdesk.settings")

app = Celery("windowdesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
