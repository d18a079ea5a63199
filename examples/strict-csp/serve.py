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
import importlib.util
import os
import secrets

HERE = os.path.dirname(os.path.abspath(__file__))
POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'; "
          "style-src 'self'; object-src 'none'; base-uri 'none'")


def _examples_server():
    """examples/serve.py: its handler (build at /icta-consent/) and serve()."""
    spec = importlib.util.spec_from_file_location("icta_examples_server", os.path.join(HERE, "..", "serve.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EXAMPLES = _examples_server()


class Handler(EXAMPLES.Handler):
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    EXAMPLES.serve(HERE, args.port, Handler, "the strict-CSP example")


if __name__ == "__main__":
    main()
