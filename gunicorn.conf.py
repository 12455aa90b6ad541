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
# Workers are not recycled by default. A worker keeps copies of recent pages and the data version
# (portal/core/pagecache.py) that let it serve readers while Redis is down; recycling every few
# thousand requests threw them away, so a 15 s outage under load met fresh workers that had to
# render every page (`make loadtest`: 38 req/s instead of 1,100). Its memory is bounded instead
# (the page copies are capped at 32 MB). Set GUNICORN_MAX_REQUESTS to recycle anyway.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
proc_name = "cds-portal"
