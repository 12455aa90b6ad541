#!/usr/bin/env python
"""Django's command-line utility for the CĐS portal."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    # On a developer's machine a bare `manage.py <command>` uses the local settings (DEBUG on,
    # db.sqlite3), as `make run` does. A deployment always sets SECRET_KEY, and is left as it is;
    # DEBUG=0 without a SECRET_KEY still refuses to start (portal/settings.py), as gunicorn does.
    if "SECRET_KEY" not in os.environ:
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
