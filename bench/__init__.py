"""The provincial-scale benchmark: `make bench`.

A Django app listed only in `windowdesk.settings_bench`: the one-row insert
floor and the query-count header live here, never in production. `run.py`
drives the whole measurement; `probe.py` does the in-process parts (sessions,
the sweep, the number checks, EXPLAIN) against one scratch database.
"""
