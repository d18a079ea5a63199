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
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MOUNT = "/icta-consent/"
BUILT = os.path.join(HERE, "..", "www", "icta-consent")


def _site_server():
    """scripts/serve.py, the demo's server: its MIME types, no-store and logging."""
    spec = importlib.util.spec_from_file_location("icta_site_server", os.path.join(HERE, "..", "scripts", "serve.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Handler(_site_server().Handler):
    """The demo server's handler, with /icta-consent/ served from the build."""

    def translate_path(self, path):
        # One handler per request, so pointing this one at the build is safe.
        if path.startswith(MOUNT):
            self.directory = BUILT
            path = path[len(MOUNT) - 1:]
        return super().translate_path(path)


def serve(folder, port, handler=Handler, name=None):
    """Serves `folder` with `handler` on 127.0.0.1:`port` until interrupted."""
    if not os.path.isfile(os.path.join(BUILT, "icta_consent_bg.wasm")):
        sys.exit("www/icta-consent/ is not built; run ./scripts/build first")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=folder))
    print(f"serving {name or folder} on http://127.0.0.1:{server.server_port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    serve(args.folder, args.port)


if __name__ == "__main__":
    main()
