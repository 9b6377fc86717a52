"""Fill the database with realistic cases at provincial scale (issue 7).

    python manage.py seed_scale --cases 1000000 [--offices 50] [--years 3] [--seed 1]

Run it again to add more: offices and staff are kept, numbers continue the
counters. The data and how it is written in bulk are in `cases.scale`.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from cases import scale


class Command(BaseCommand):
    help = "Add N realistic cases over about 50 offices and three years, written in bulk; prints progress."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True, help="How many cases to add.")
        parser.add_argument("--offices", type=int, default=50, help="Offices: a city bureau per ten, counties below.")
        parser.add_argument("--years", type=int, default=3, help="Years of history ending now.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (the same seed gives the same people).")

    def handle(self, *args, cases, offices, years, seed, **options):
        if cases < 1 or offices < 1 or years < 1:
            raise CommandError("--cases, --offices and --years must be positive.")
        if connection.vendor != "postgresql" and cases > 50_000:
            self.stderr.write("Without PostgreSQL's COPY this is slow: expect minutes per hundred thousand cases.")
        report = scale.seed(cases=cases, offices=offices, years=years, seed=seed,
                            progress=lambda message: self.stdout.write(message, ending="\n") or self.stdout.flush())
        self.stdout.write(self.style.SUCCESS(f"Seeded {report}."))
