from django.core.management.base import BaseCommand

from cases.management.moment import NOW_HELP, moment_from_option
from cases.sweep import sweep


class Command(BaseCommand):
    help = "Run one deadline sweep, optionally as if it were another moment (--now 2026-10-12T09:00+08:00)."

    def add_arguments(self, parser):
        parser.add_argument("--now", help=NOW_HELP)
        parser.add_argument("--no-mail", action="store_true", help="Leave notification mail for the worker.")

    def handle(self, *args, now=None, no_mail=False, **options):
        moment = moment_from_option(now)
        report = sweep(moment, mail=not no_mail)
        self.stdout.write(f"{moment.isoformat()} {report}")
        for number, error in report.failed:
            self.stderr.write(f"failed: {number}: {error}")
