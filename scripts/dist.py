#!/usr/bin/env python3
"""Writes what a site deploys and what npm publishes, from the build in pkg/.

dist/ gets the two files of www/icta-consent/ (the bundled, minified script
and the .wasm that ./scripts/build wrote) under content-hashed names (a new
build never meets an old cache), embed.html, the snippet to paste, with a
Subresource Integrity hash for the script, and manifest.json, which names
both. pkg/ gets the one-tag loader and its types, and a package.json whose
fields come from pkg-config/package.json.

    scripts/dist.py        (./scripts/build runs it)
"""
import base64
import hashlib
import json
import os
import shutil

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
PKG = os.path.join(ROOT, "pkg")
WEB = os.path.join(ROOT, "www", "icta-consent")
DIST = os.path.join(ROOT, "dist")
LOADER = os.path.join(ROOT, "pkg-config", "icta-consent.js")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def hashed(name, data):
    stem, ext = name.rsplit(".", 1)
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{ext}"


def sri(data):
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def dist():
    shutil.rmtree(DIST, ignore_errors=True)
    os.makedirs(DIST)
    wasm = read(os.path.join(WEB, "icta_consent_bg.wasm"))
    wasm_name = hashed("icta_consent_bg.wasm", wasm)
    # The bundle (loader and glue in one) names the .wasm once, in the
    # loader's fetch(new URL("./icta_consent_bg.wasm", import.meta.url)).
    script = read(os.path.join(WEB, "icta-consent.js")).decode()
    wasm_url = '"./icta_consent_bg.wasm"'
    if script.count(wasm_url) != 1:
        raise SystemExit(f"dist: the bundle names {wasm_url} {script.count(wasm_url)} times, not once")
    script_bytes = script.replace(wasm_url, f'"./{wasm_name}"').encode()
    script_name = hashed("icta-consent.js", script_bytes)
    for name, data in ((wasm_name, wasm), (script_name, script_bytes)):
        with open(os.path.join(DIST, name), "wb") as f:
            f.write(data)
    # The preload starts the .wasm's download with the script's, instead of
    # after it: one round trip before the banner instead of two. It carries no
    # integrity: a preload only serves a fetch() that asks for the same
    # integrity, and the loader's fetch asks for none.
    snippet = (
        "<!-- icta-consent: paste into <head>; serve these files from /icta-consent/ -->\n"
        f'<link rel="preload" href="/icta-consent/{wasm_name}" as="fetch" type="application/wasm" crossorigin>\n'
        f'<script type="module" async src="/icta-consent/{script_name}" integrity="{sri(script_bytes)}"></script>\n'
    )
    with open(os.path.join(DIST, "embed.html"), "w") as f:
        f.write(snippet)
    manifest = {"loader": script_name, "wasm": wasm_name, "integrity": {script_name: sri(script_bytes)}}
    with open(os.path.join(DIST, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


def package():
    shutil.copy(LOADER, PKG)
    shutil.copy(os.path.join(ROOT, "pkg-config", "icta-consent.d.ts"), PKG)
    path = os.path.join(PKG, "package.json")
    generated = json.load(open(path)) if os.path.exists(path) else {}
    fields = json.load(open(os.path.join(ROOT, "pkg-config", "package.json")))
    merged = {**generated, **fields, "version": generated.get("version", "0.0.0")}
    with open(path, "w") as f:
        json.dump(merged, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    dist()
    package()
    print(open(os.path.join(DIST, "embed.html")).read(), end="")
