"""`make loadtest`: 200 concurrent clients for 60 s against production mode, with an editor
saving in the admin and the cache stopped and restarted in the middle; prints the figures.

The site runs as `make prod` does (gunicorn, PostgreSQL, DEBUG off) on a database of its own,
with the real data. Its Redis is a private redis-server on a free port, started and stopped here
by process id (never the machine's shared one), so the outage is real: pages must keep coming,
rendered without the cache, with no 5xx.
"""

import argparse
import re
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import requests

from .servers import EDITOR, AdminSession, PrivateRedis, Site

PATHS = [
    "/",
    "/lessons/",
    "/lessons/?province=lao-cai",
    "/lessons/?theme=digital-economy&kind=lesson",
    "/lessons/?q=chuyen+doi+so",
    "/en/lessons/",
    "/initiatives/",
    "/initiatives/?province=yen-bai&format=csv",
    "/provinces/",
    "/provinces/yen-bai/",
    "/indicators/",
    "/reports/",
    "/search/?q=%C4%90i%E1%BB%87n+Bi%C3%AAn",
    "/themes/digital-government/",
    "/api/v1/lessons/?province=nam-dinh",
    "/static/css/portal.css",
]

# wrk cycles through the paths; every response that is not 2xx/3xx is counted as an error.
WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter %% #paths) + 1])
end
"""


class Editor(threading.Thread):
    """Saves a lesson in the admin every `interval` seconds until stopped; counts the outcomes."""

    def __init__(self, base_url, interval=1.0):
        super().__init__(daemon=True)
        self.base_url, self.interval = base_url, interval
        self.saved, self.failed, self.errors = 0, 0, []
        self.stopping = threading.Event()

    def run(self):
        session = AdminSession(self.base_url).login(*EDITOR)
        listing = session.http.get(f"{self.base_url}/admin/lessons/lesson/", timeout=30).text
        pks = re.findall(r'href="/admin/lessons/lesson/(\d+)/change/', listing)[:5]
        round_ = 0
        while not self.stopping.wait(self.interval):
            round_ += 1
            pk = pks[round_ % len(pks)]
            try:
                # The site's database is dropped after the run; what is saved does not matter.
                summary = f"Edited during the load run, round {round_}."
                response = session.change("lessons/lesson", pk, summary_en=summary)
                if response.status_code == 302:
                    self.saved += 1
                else:
                    self.failed += 1
                    self.errors.append(f"round {round_}: HTTP {response.status_code}")
            except requests.RequestException as error:
                self.failed += 1
                self.errors.append(f"round {round_}: {error}")


def run_wrk(url, script, seconds, clients):
    return subprocess.run(
        ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s", "--latency", "-s", script, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        redis = PrivateRedis(Path(workdir))
        redis.start()
        site = Site(workdir, redis_url=redis.url).prepare()
        try:
            server = site.start(workers=3, threads=8)
            script = Path(workdir) / "paths.lua"
            script.write_text(WRK_SCRIPT % ", ".join(f'"{path}"' for path in PATHS))
            editor = Editor(server.url)
            editor.start()
            outage = {}

            def cut_the_cache():
                time.sleep(args.seconds / 3)
                outage["stopped_at"] = time.monotonic()
                redis.stop()
                time.sleep(args.seconds / 4)
                redis.start()
                outage["restarted_at"] = time.monotonic()

            started = time.monotonic()
            chaos = threading.Thread(target=cut_the_cache, daemon=True)
            chaos.start()
            output = run_wrk(server.url, str(script), args.seconds, args.clients)
            chaos.join()
            editor.stopping.set()
            editor.join(timeout=30)
            log = server.log_path.read_text()
        finally:
            site.close()
            redis.stop()
    # Django logs every 5xx as "Internal Server Error: <path>" (the fail-open warnings are not errors).
    server_errors = len(re.findall(r"Internal Server Error|Service Unavailable", log))
    outage_warnings = len(re.findall(r"page cache unavailable", log))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    print("=" * 100)
    print(f"Load run: {args.clients} clients for {args.seconds} s over {len(PATHS)} paths (wrk), gunicorn 3×8,")
    print("PostgreSQL, a private Redis stopped and restarted mid-run, an editor saving in the admin.")
    print(output.strip())
    print(
        f"Redis down from {outage['stopped_at'] - started:.0f} s to {outage['restarted_at'] - started:.0f} s "
        "of the run (stopped by its process id)."
    )
    print(f"Editor saves: {editor.saved} saved, {editor.failed} failed {editor.errors[:5]}")
    print(f"5xx logged by the servers: {server_errors}; requests rendered without the cache: {outage_warnings}")
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (1 if socket_errors else 0) + editor.failed + server_errors
    print(f"Result: {'0 errors' if errors == 0 else 'ERRORS: see above'}")
    print("=" * 100)
    raise SystemExit(0 if errors == 0 else 1)


if __name__ == "__main__":
    main()
