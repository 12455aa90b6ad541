"""Settings for the test suite: the production settings with test-only secrets.

Tests run with DEBUG off, as production does; only what cannot work in a test client
(TLS redirects, a real secret) is relaxed here. DATABASE_URL still picks the database.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from portal.settings import *  # noqa: E402,F403

# Hashing strength is not under test; speed is.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Serve static files from the app folders, as `make run` does; no collectstatic in unit tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Tests change data inside transactions that are rolled back, which no cache can see: the page
# cache is switched on only by the tests of the cache itself (tests/core/test_caching.py).
PAGE_CACHE_SECONDS = 0
AGGREGATE_CACHE_SECONDS = 0
WARM_SECONDS = 0  # on only in the tests of warming (tests/core/test_warming.py)
