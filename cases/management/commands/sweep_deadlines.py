import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases.sweep import sweep


class Command(BaseCommand):
    help = "Run one deadline sweep, optionally as if it were another moment (--now 2026-10-12T09:00+08:00)."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="ISO 8601 moment; naive times are Beijing time.")
        parser.add_argument("--no-mail", action="store_true", help="Leave notification mail for the worker.")

    def handle(self, *args, now=None, no_mail=False, **options):
        moment = timezone.now()
        if now:
            try:
                moment = datetime.datetime.fromisoformat(now)
            except ValueError:
                raise CommandError(f"--now must be an ISO 8601 moment, e.g. 2026-10-12T09:00+08:00; got {now!r}")
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, timezone.get_default_timezone())
        report = sweep(moment, mail=not no_mail)
        self.stdout.write(f"{moment.isoformat()} {report}")
        for number, error in report.failed:
            self.stderr.write(f"failed: {number}: {error}")
