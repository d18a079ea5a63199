"""The servers the tests load pages from: scripts/serve.py (the demo's, which
counts analytics requests at /__hits) and the examples' servers, each a
process of its own on a free port, with its request log."""
import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from icta_testing import ROOT, WWW

SERVE = os.path.join(ROOT, "scripts", "serve.py")


class Server:
    """`script` (a server of the repository, run with `args` and `--port 0`)
    on a free port. Its first line says where it serves ("serving X on
    http://127.0.0.1:N/"), every later one is a request ("200 GET /path"),
    written before the response is sent; a thread keeps them."""

    def __init__(self, script, *args):
        self.process = subprocess.Popen([sys.executable, script, *args, "--port", "0"],
                                        stdout=subprocess.PIPE, text=True)
        first = self.process.stdout.readline()
        if " on " not in first:
            self.close()
            raise RuntimeError(f"{os.path.relpath(script, ROOT)} did not start (is www/icta-consent/ built?):"
                               f" {first!r}")
        self.base = first.split(" on ")[1].strip()
        self._log = []
        self._lock = threading.Lock()
        self._seen = threading.Condition(self._lock)
        self._syncs = 0
        self._mark = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            with self._lock:
                self._log.append(line.rstrip("\n"))
                self._seen.notify_all()

    def sync(self):
        """Returns once the log holds every request answered so far: it asks
        for a marker path (/__sync/N, answered 404) and waits for its line."""
        with self._lock:
            self._syncs += 1
            marker, start = f"/__sync/{self._syncs}", len(self._log)
        try:
            urllib.request.urlopen(self.base + marker.lstrip("/"), timeout=10)
        except urllib.error.HTTPError:
            pass
        with self._lock:
            if not self._seen.wait_for(lambda: any(line.endswith(" " + marker) for line in self._log[start:]), 10):
                raise TimeoutError(f"the server never logged {marker}")

    def log(self):
        """Every request line so far but the tests' own (/__hits, /__sync...)."""
        self.sync()
        with self._lock:
            return [line for line in self._log if not line.split(" ")[-1].startswith("/__")]

    def mark(self):
        """Starts the log that `requests` returns."""
        self.sync()
        with self._lock:
            self._mark = len(self._log)

    def requests(self):
        """Request lines ("200 GET /path") since `mark`, but the tests' own."""
        self.sync()
        with self._lock:
            lines = self._log[self._mark:]
        return [line for line in lines if not line.split(" ")[-1].startswith("/__")]

    def fetched(self, path):
        """How many times `path` (with its query, if any) was requested."""
        return sum(line.split(" ")[2:3] == [path] for line in self.log())

    def counter(self, path):
        """A function that says how many times `path` was requested since
        this call (another browser's session may have requested it before)."""
        start = self.fetched(path)
        return lambda: self.fetched(path) - start

    def http(self, method, path):
        """A request from outside the browser; its JSON answer, if any."""
        return http(self.base, method, path)

    def close(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def http(base, method, path):
    """A request to the server at `base` from outside the browser."""
    request = urllib.request.Request(base + path.lstrip("/"), method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
        return json.loads(body) if body else None


class SiteServer(Server):
    """scripts/serve.py serving `root` (the demo's www/ by default): it counts
    what is requested under /analytics/, /preferences/ and /consent-log/."""

    def __init__(self, root=WWW):
        super().__init__(SERVE, "--root", root)

    def hits(self):
        """The server's counts: {"analytics": n, "preferences": n, "consent-log": n}."""
        return self.http("GET", "/__hits")

    def reset(self):
        """Zeroes the counts, unblocks everything, starts a new `requests` log."""
        self.http("POST", "/__reset")
        self.mark()

    def block(self, path):
        """Makes `path` answer 404 until the next reset."""
        self.http("POST", f"/__block?path={path}")



def free_port():
    """A port nothing listens on now, for a server that wants one given."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, seconds=20):
    """Returns once something listens on 127.0.0.1:`port`."""
    deadline = time.monotonic() + seconds
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"nothing listens on port {port} after {seconds} s")
        time.sleep(0.05)
