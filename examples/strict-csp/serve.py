#!/usr/bin/env python3
"""Serves the strict-CSP example on 127.0.0.1, the page under a nonce-based policy.

    ./scripts/build                            # once: writes www/icta-consent/
    python3 examples/strict-csp/serve.py       # then open http://127.0.0.1:8080/

Each response for the page gets a fresh random nonce: it is sent in the
Content-Security-Policy header and written into the page where {{nonce}}
stands. /icta-consent/ is served from the repository's www/icta-consent/,
everything else from this folder. Each request is logged to stdout as
"CODE METHOD PATH".

    examples/strict-csp/serve.py [--port 8080]     (--port 0 picks a free port)
"""
import argparse
import base64
import functools
import http.server
import os
import secrets
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BUILT = os.path.join(HERE, "..", "..", "www", "icta-consent")
MOUNT = "/icta-consent/"
POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'; "
          "style-src 'self'; object-src 'none'; base-uri 'none'")


class Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path.split("?", 1)[0] in ("/", "/index.html"):
            self.send_page()
        else:
            super().do_GET()

    def send_page(self):
        # 128 random bits, base64 as CSP expects; never reused across responses.
        nonce = base64.b64encode(secrets.token_bytes(16)).decode()
        with open(os.path.join(HERE, "index.html"), encoding="utf-8") as f:
            body = f.read().replace("{{nonce}}", nonce).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Security-Policy", POLICY.format(nonce=nonce))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def translate_path(self, path):
        # One handler per request, so pointing this one at the build is safe.
        if path.startswith(MOUNT):
            self.directory = BUILT
            path = path[len(MOUNT) - 1:]
        return super().translate_path(path)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):
        pass

    def log_request(self, code="-", size="-"):
        print(f"{code} {self.command} {self.path}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    if not os.path.isfile(os.path.join(BUILT, "icta_consent_bg.wasm")):
        sys.exit("examples/strict-csp/serve.py: www/icta-consent/ is not built; run ./scripts/build first")
    handler = functools.partial(Handler, directory=HERE)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    print(f"serving the strict-CSP example on http://127.0.0.1:{server.server_port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
