"""The mixed workload of `make bench`: a wrk Lua script cycling through a list of public URLs,
with, optionally, a CSV export in place of every Nth request (rotating among a few filter states,
so that repeats of the same export may be served from the cache)."""

import re
import subprocess
from pathlib import Path

EXPORT_EVERY = 30

SCRIPT = """
paths = {%(paths)s}
exports = {%(exports)s}
every = %(every)d
counter = 0
exported = 0
request = function()
  counter = counter + 1
  if #exports > 0 and counter %% every == 0 then
    exported = exported + 1
    return wrk.format(nil, exports[((exported - 1) %% #exports) + 1])
  end
  return wrk.format(nil, paths[((counter - 1) %% #paths) + 1])
end
"""


def lua_strings(values):
    for value in values:
        if '"' in value or "\\" in value or "\n" in value:
            raise ValueError(f"not a plain URL path: {value!r}")
    return ", ".join(f'"{value}"' for value in values)


def script_text(paths, exports=(), every=EXPORT_EVERY):
    """The Lua script: request n (from 1) is exports[k] when n is a multiple of `every` (the
    k-th such request, in turn), else paths[n], in turn."""
    return SCRIPT % {"paths": lua_strings(paths), "exports": lua_strings(exports), "every": every}


def sequence(paths, exports=(), every=EXPORT_EVERY, count=60):
    """The first `count` paths the script requests (the same rule, in Python, for the tests)."""
    requested, exported = [], 0
    for counter in range(1, count + 1):
        if exports and counter % every == 0:
            exported += 1
            requested.append(exports[(exported - 1) % len(exports)])
        else:
            requested.append(paths[(counter - 1) % len(paths)])
    return requested


def requests_per_second(output):
    """Requests per second and non-2xx/3xx answers, from wrk's output."""
    rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, int(errors.group(1)) if errors else 0


def run(url, workdir, name, paths, exports=(), seconds=10, connections=32):
    script = Path(workdir) / f"{name}.lua"
    script.write_text(script_text(paths, exports))
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return requests_per_second(output)
