#!/usr/bin/env python3
"""Serves one example folder on 127.0.0.1, with the built banner at /icta-consent/.

    ./scripts/build                                   # once: writes www/icta-consent/
    python3 examples/serve.py examples/script-tag     # then open http://127.0.0.1:8080/

/icta-consent/ is served from the repository's www/icta-consent/ (what
./scripts/build writes), every other path from the example folder. Nothing is
cached, so a rebuilt module is what the browser loads. Each request is logged
to stdout as "CODE METHOD PATH", which tests/smoke/examples.py reads.

    examples/serve.py FOLDER [--port 8080]     (--port 0 picks a free port)
"""
import argparse
import functools
import http.server
import os
import sys

MOUNT = "/icta-consent/"
BUILT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "www", "icta-consent")


class Handler(http.server.SimpleHTTPRequestHandler):
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
    parser.add_argument("folder")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    if not os.path.isfile(os.path.join(BUILT, "icta_consent_bg.wasm")):
        sys.exit("examples/serve.py: www/icta-consent/ is not built; run ./scripts/build first")
    handler = functools.partial(Handler, directory=args.folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    print(f"serving {args.folder} on http://127.0.0.1:{server.server_port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
