"""Celery tasks. The beat schedule (settings.CELERY_BEAT_SCHEDULE) runs the sweep, the texts and the
daily summaries every minute."""

from celery import shared_task

from cases.daily_summary import make_daily_summaries
from cases.services.notify import SEND_MAIL_TASK, send_pending_mail
from cases.services.texts import SEND_TEXTS_TASK, send_pending_texts
from cases.sweep import sweep


@shared_task(name="cases.sweep_deadlines", ignore_result=True)
def sweep_deadlines():
    return str(sweep())


@shared_task(name=SEND_MAIL_TASK, ignore_result=True)
def send_notification_mail():
    return send_pending_mail()


@shared_task(name=SEND_TEXTS_TASK, ignore_result=True)
def send_texts():
    return send_pending_texts()


@shared_task(name="cases.make_daily_summaries", ignore_result=True)
def daily_summaries():
    return str(make_daily_summaries())
