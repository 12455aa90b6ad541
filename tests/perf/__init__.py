"""The engine room: what measures the portal but is not part of it.

- servers.py, bench.py, loadrun.py, measure_pages.py: run the portal as production does, for
  the two-instance tests, `make bench` and `make loadtest`;
- synthetic/ and `manage.py generate_synthetic_data`: benchmark data at any scale. This folder is
  a Django app (apps.py) that only tests/perf/settings.py installs, so a public deployment has
  no such command;
- test_*.py: the tests of the synthetic data and of query counts at scale.
"""
