#!/usr/bin/env python3
"""Writes what a site deploys and what npm publishes, from the build in pkg/.

dist/ gets the files of www/icta-consent/ (minified by ./scripts/build) under
content-hashed names (a new build never meets an old cache) and embed.html,
the snippet to paste, with Subresource Integrity hashes for the loader and
wasm-bindgen's glue. pkg/ gets the one-tag loader and its types, and a
package.json whose fields come from pkg-config/package.json.

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
    glue = read(os.path.join(WEB, "icta_consent.js"))
    wasm_name = hashed("icta_consent_bg.wasm", wasm)
    glue_name = hashed("icta_consent.js", glue)
    loader = read(os.path.join(WEB, "icta-consent.js")).decode()
    for old, new in (("./icta_consent.js", f"./{glue_name}"), ("./icta_consent_bg.wasm", f"./{wasm_name}")):
        if old not in loader:
            raise SystemExit(f"dist: the loader no longer names {old}")
        loader = loader.replace(old, new)
    loader_bytes = loader.encode()
    loader_name = hashed("icta-consent.js", loader_bytes)
    for name, data in ((wasm_name, wasm), (glue_name, glue), (loader_name, loader_bytes)):
        with open(os.path.join(DIST, name), "wb") as f:
            f.write(data)
    # The preloads start all three downloads at once, instead of one after
    # another (loader, then the glue it imports, then the .wasm the glue
    # fetches): one round trip before the banner instead of three. The .wasm
    # preload carries no integrity: a preload only serves a fetch() that asks
    # for the same integrity, and the glue's fetch asks for none.
    snippet = (
        "<!-- icta-consent: paste into <head>; serve these files from /icta-consent/ -->\n"
        f'<link rel="modulepreload" href="/icta-consent/{glue_name}" integrity="{sri(glue)}">\n'
        f'<link rel="preload" href="/icta-consent/{wasm_name}" as="fetch" type="application/wasm" crossorigin>\n'
        f'<script type="module" src="/icta-consent/{loader_name}" integrity="{sri(loader_bytes)}"></script>\n'
    )
    with open(os.path.join(DIST, "embed.html"), "w") as f:
        f.write(snippet)
    manifest = {"loader": loader_name, "glue": glue_name, "wasm": wasm_name,
                "integrity": {loader_name: sri(loader_bytes), glue_name: sri(glue)}}
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
