from django.core.management.base import BaseCommand

from cases.daily_summary import PER_RUN, make_daily_summaries
from cases.management.moment import NOW_HELP, moment_from_option


class Command(BaseCommand):
    help = "Make the daily summaries that are due (what the beat job does each minute), optionally as of --now."

    def add_arguments(self, parser):
        parser.add_argument("--now", help=NOW_HELP)
        parser.add_argument("--limit", type=int, default=PER_RUN, help="Summaries to make at most in this run.")

    def handle(self, *args, now=None, limit=PER_RUN, **options):
        moment = moment_from_option(now)
        report = make_daily_summaries(moment, limit=limit)
        self.stdout.write(f"{moment.isoformat()} {report}")
        for code, day, error in report.failed:
            self.stderr.write(f"failed: {code} {day}: {error}")
