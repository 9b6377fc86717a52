"""Celery tasks. The beat schedule (settings.CELERY_BEAT_SCHEDULE) runs the sweep every minute."""

from celery import shared_task


@shared_task(name="cases.sweep_deadlines", ignore_result=True)
def sweep_deadlines():
    from cases.sweep import sweep

    return str(sweep())


@shared_task(name="cases.send_notification_mail", ignore_result=True)
def send_notification_mail():
    from cases.services.notify import send_pending_mail

    return send_pending_mail()
