"""Celery tasks. The beat schedule (settings.CELERY_BEAT_SCHEDULE) runs the sweep, the texts and the
daily summaries every minute, the daily figures every hour."""

from celery import shared_task

from cases.daily_summary import make_daily_summaries
from cases.services.exports import BUILD_EXPORT_TASK, TIDY_EXPORTS_TASK, export_build, exports_tidy
from cases.services.figures import figures_refresh
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


@shared_task(name="cases.refresh_daily_figures", ignore_result=True)
def refresh_daily_figures():
    return figures_refresh()


@shared_task(name="cases.make_daily_summaries", ignore_result=True)
def daily_summaries():
    return str(make_daily_summaries())


@shared_task(name=BUILD_EXPORT_TASK, ignore_result=True)
def build_export(export_id):
    export = export_build(export_id=export_id)
    return export.state if export else "taken"


@shared_task(name=TIDY_EXPORTS_TASK, ignore_result=True)
def tidy_exports():
    return str(exports_tidy())
