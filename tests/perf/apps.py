from django.apps import AppConfig


class PerfConfig(AppConfig):
    """The engine room as a Django app, for its `generate_synthetic_data` command.

    Only tests/perf/settings.py installs it: under the portal's own settings the command does not
    exist, so no public deployment can write synthetic data.
    """

    name = "tests.perf"
    label = "perf"
    verbose_name = "Benchmarks"
