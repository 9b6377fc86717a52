"""Fill the database with realistic cases at provincial scale.

    DATABASE_URL=... python -m bench.seed --cases 1000000 [--offices 50] [--years 3] [--seed 1]

Run it again to add more: offices and staff are kept, numbers continue the
counters. The data and how it is written in bulk are in `bench.scale`. A bench
tool, not part of the application: it writes rows past the services on purpose.
"""

import argparse
import os
import sys

import django


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.seed", description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, required=True, help="How many cases to add.")
    parser.add_argument("--offices", type=int, default=50, help="Offices: a city bureau per ten, counties below.")
    parser.add_argument("--years", type=int, default=3, help="Years of history ending now.")
    parser.add_argument("--seed", type=int, default=1, help="Random seed (the same seed gives the same people).")
    args = parser.parse_args(argv)
    if args.cases < 1 or args.offices < 1 or args.years < 1:
        parser.error("--cases, --offices and --years must be positive.")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "windowdesk.settings")
    django.setup()
    from django.db import connection

    from bench import scale

    if connection.vendor != "postgresql" and args.cases > 50_000:
        print("Without PostgreSQL's COPY this is slow: expect minutes per hundred thousand cases.", file=sys.stderr)
    report = scale.seed(cases=args.cases, offices=args.offices, years=args.years, seed=args.seed,
                        progress=lambda message: print(message, flush=True))
    print(f"Seeded {report}.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
