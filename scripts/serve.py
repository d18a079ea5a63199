#!/usr/bin/env python3
"""Serves a folder on 127.0.0.1 for the demo and the browser tests.

WebAssembly is sent as application/wasm (what WebAssembly.instantiateStreaming
needs) and nothing is cached, so a rebuilt module is what the browser loads.
Every request path is logged to stdout, one per line, for the tests to read.

It counts every request under /analytics/ and /preferences/ (the stand-in
scripts and what they send) and reports the counts at /__hits as JSON, so a
person or a test can see that analytics never loaded before consent.
POSTs (beacons, the consent log) are answered 204 and counted the same way.

For tests: POST /__reset zeroes the counts and unblocks everything; POST
/__block?path=/some/file makes that path answer 404 until the next reset.
An HTML file with <!--icta:pause--> markers is sent in pieces, split at
them, PAUSE_S apart, as a slow network or a slow server would send a long
page: the browser parses each piece as it comes. At <!--icta:wait--> it
holds the rest until the page requests /__go (or 3 s pass), so a test can
have the rest parsed strictly after something has happened in the page.

    scripts/serve.py [--port 8080] [--root www]
"""
import argparse
import functools
import http.server
import json
import sys
import threading
import time
import urllib.parse

COUNTED = ("analytics", "preferences", "consent-log")
PAUSE = b"<!--icta:pause-->"
PAUSE_S = 0.6
WAIT = b"<!--icta:wait-->"
GO = threading.Event()
HITS = {name: 0 for name in COUNTED}
BLOCKED = set()
LOCK = threading.Lock()


def count(path):
    top = path.lstrip("/").split("/", 1)[0].split("?", 1)[0]
    if top in HITS:
        with LOCK:
            HITS[top] += 1


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".css": "text/css",
        ".json": "application/json",
        ".html": "text/html; charset=utf-8",
    }

    def do_GET(self):
        count(self.path)
        with LOCK:
            blocked = self.path.split("?", 1)[0] in BLOCKED
        if blocked:
            self.send_error(404)
            return
        if self.path.startswith("/__go"):
            GO.set()
            self.send_response(204)
            self.end_headers()
            return
        if self.path.startswith("/__hits"):
            with LOCK:
                body = json.dumps(HITS).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if self.path.split("?", 1)[0].endswith(".html") and self.stream():
            return
        super().do_GET()

    def stream(self):
        """Sends a page with pause markers in pieces; False if it has none."""
        path = self.translate_path(self.path)
        try:
            with open(path, "rb") as f:
                text = f.read()
        except OSError:
            return False
        if PAUSE not in text and WAIT not in text:
            return False
        GO.clear()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        # No length: the body ends when the connection closes (HTTP/1.0).
        self.end_headers()
        for i, waits in enumerate(text.split(WAIT)):
            if i:
                GO.wait(3)
                GO.clear()
            for j, piece in enumerate(waits.split(PAUSE)):
                if j:
                    time.sleep(PAUSE_S)
                self.wfile.write(piece)
                self.wfile.flush()
        return True

    def do_HEAD(self):
        count(self.path)
        super().do_HEAD()

    def do_POST(self):
        if self.path == "/__reset" or self.path.startswith("/__block?path="):
            with LOCK:
                if self.path == "/__reset":
                    HITS.update({name: 0 for name in HITS})
                    BLOCKED.clear()
                else:
                    BLOCKED.add(urllib.parse.unquote(self.path.split("=", 1)[1]))
            self.send_response(204)
            self.end_headers()
            return
        count(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if body:
            with LOCK:
                sys.stdout.write(f"body {self.path} {body.decode(errors='replace')}\n")
                sys.stdout.flush()
        self.send_response(204)
        self.end_headers()

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format, *args):
        pass

    def log_request(self, code="-", size="-"):
        # One write under the lock: requests are served on several threads.
        with LOCK:
            sys.stdout.write(f"{code} {self.command} {self.path}\n")
            sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--root", default="www")
    args = parser.parse_args()
    handler = functools.partial(Handler, directory=args.root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    print(f"serving {args.root} on http://127.0.0.1:{server.server_port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
