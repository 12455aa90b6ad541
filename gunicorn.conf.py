"""gunicorn settings for production mode (`make prod`); every value can be overridden from the
environment, so several instances can run side by side on one machine (PORT/BIND differ)."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Threads let one worker hold keep-alive connections while another request waits on the
# database; a couple of processes per core use both cores despite the GIL.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
keepalive = 5
timeout = 30
graceful_timeout = 20
# Recycle workers now and then, so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
proc_name = "cds-portal"


def post_worker_init(worker):
    """Build the OpenAPI schemas before the worker takes its first request (once per language)."""
    from portal.api.schema import build_schemas

    build_schemas()
