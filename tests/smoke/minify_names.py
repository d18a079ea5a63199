#!/usr/bin/env python3
"""Checks scripts/minify_names.py, the build step that gives the module's
imports and exports short names in the .wasm and in wasm-bindgen's glue: on
the real build in pkg/ it renames every name consistently, and on a glue that
is not where it expects a name it stops with a message naming it, writing
nothing half done. (That the renamed module works is proved in real browsers
by tests/smoke/optimized_build.py, tests/e2e and tests/a11y.)

    tests/smoke/minify_names.py        (after ./scripts/build)
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
STEP = os.path.join(ROOT, "scripts", "minify_names.py")
PKG = os.path.join(ROOT, "pkg")
WASM, GLUE = "icta_consent_bg.wasm", "icta_consent.js"

# Node's own reading of a module: [[module, name, kind]] and [[name, kind]].
LISTS = ("const m = new WebAssembly.Module(require('fs').readFileSync(process.argv[1]));"
         "console.log(JSON.stringify([WebAssembly.Module.imports(m).map(i => [i.module, i.name, i.kind]),"
         " WebAssembly.Module.exports(m).map(e => [e.name, e.kind])]));")


def lists(path):
    return json.loads(subprocess.run(["node", "-e", LISTS, path], check=True, capture_output=True, text=True).stdout)


def run(*args):
    return subprocess.run([sys.executable, STEP, *args], capture_output=True, text=True)


def copy_of_pkg(edit=None):
    """A folder with pkg/'s glue (changed by `edit`) and .wasm."""
    folder = tempfile.mkdtemp(prefix="icta-names-")
    shutil.copy(os.path.join(PKG, WASM), folder)
    with open(os.path.join(PKG, GLUE), encoding="utf-8") as f:
        js = f.read()
    if edit:
        changed = edit(js)
        assert changed != js, "the edit changed nothing: pkg/'s glue has another shape"
        js = changed
    with open(os.path.join(folder, GLUE), "w", encoding="utf-8") as f:
        f.write(js)
    return folder


def first_import(js):
    return re.search(r"^        (__wbg_\w+): function", js, re.M).group(1)


# Glues that are not where the step expects a name, and what it must say.
BROKEN = {
    "an import key written in quotes": (
        lambda js: js.replace(f"{first_import(js)}: function", f'"{first_import(js)}": function', 1),
        "found 0 times as a key"),
    "an import key the .wasm lacks": (
        lambda js: js.replace(f"{first_import(js)}: function", "renamed_by_hand: function", 1),
        "keys the .wasm does not import (did wasm-opt remove them?): ['renamed_by_hand']"),
    "an import key written twice": (
        lambda js: js.replace("    const import0 = {\n", "    const import0 = {\n        "
                              f"{first_import(js)}: function() {{}},\n", 1),
        "found 2 times as a key"),
    "the import module under another name": (
        lambda js: js.replace('"./icta_consent_bg.js": import0', "'./icta_consent_bg.js': import0"),
        "copies of '\"./icta_consent_bg.js\": import0', not one"),
    "an export read as wasm[...]": (
        lambda js: js.replace("wasm.memory.buffer", 'wasm["memory"].buffer', 1),
        "wasm[...]"),
    "an export the .wasm lacks": (
        lambda js: js.replace("wasm.acceptAll()", "wasm.acceptEverything()", 1),
        "does not export: ['acceptEverything']"),
    "an export named but not read as wasm.X": (
        lambda js: js + "\nconst free = instance => instance.__wbindgen_free;\n",
        "export __wbindgen_free: named in the glue, but not as wasm.__wbindgen_free"),
    "the exports reached another way": (
        lambda js: js + "\nconst exported = () => wasmInstance.exports;\n",
        "other than by `wasm = instance.exports;`"),
}


def checks():
    """Yields (check, passed, detail)."""
    original = lists(os.path.join(PKG, WASM))
    folder = copy_of_pkg()
    try:
        result = run(folder)
        yield "the real build: the step succeeds", result.returncode == 0, result.stderr
        imports, exports = lists(os.path.join(folder, WASM))
        mapping = json.load(open(os.path.join(folder, "names.json")))
        yield "every import is in module \"a\" under a name of one or two characters, kinds kept", (
            {m for m, _, _ in imports} == {"a"} and all(len(n) <= 2 for _, n, _ in imports)
            and [k for _, _, k in imports] == [k for _, _, k in original[0]]
            and [mapping["imports"][n] for _, n, _ in original[0]] == [n for _, n, _ in imports]), imports[:5]
        yield "every export has a name of one or two characters, kinds kept", (
            all(len(n) <= 2 for n, _ in exports) and [k for _, k in exports] == [k for _, k in original[1]]
            and [mapping["exports"][n] for n, _ in original[1]] == [n for n, _ in exports]), exports[:5]
        js = open(os.path.join(folder, GLUE), encoding="utf-8").read()
        keys = re.findall(r"^        ([\w$]+): function", js, re.M)
        yield "the glue's import object has exactly the new import names", (
            sorted(keys) == sorted(n for _, n, _ in imports) and '"a": import0' in js), keys[:5]
        old = [n for _, n, _ in original[0] if n in js] + [
            n for n, _ in original[1] if re.search(rf"wasm\.{re.escape(n)}\b", js)]
        yield "the glue names no old import, and reads no export by its old name", old == [], old[:5]
        with open(os.path.join(folder, "bundle.js"), "w") as f:
            f.write(js + f"\nconst stale = {{{original[0][0][1]}: 1}};\n")
        result = run("--check", folder, os.path.join(folder, "bundle.js"))
        yield "--check stops on a bundle that still names an old import", (
            result.returncode != 0 and original[0][0][1] in result.stderr), result.stderr
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    for what, (edit, message) in BROKEN.items():
        folder = copy_of_pkg(edit)
        try:
            files = {name: open(os.path.join(folder, name), "rb").read() for name in (WASM, GLUE)}
            result = run(folder)
            untouched = sorted(os.listdir(folder)) == sorted(files) and all(
                open(os.path.join(folder, name), "rb").read() == data for name, data in files.items())
            yield f"{what}: the step stops, says so, and writes nothing", (
                result.returncode != 0 and message in result.stderr and untouched), result.stderr.strip()
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def main():
    if not os.path.isfile(os.path.join(PKG, WASM)):
        sys.exit("minify_names: pkg/ is not built; run ./scripts/build first")
    passed = failed = 0
    for check, ok, detail in checks():
        passed, failed = passed + bool(ok), failed + (not ok)
        print(f"{'ok  ' if ok else 'FAIL'} {check}" + ("" if ok else f": {detail}"))
    print(f"minify_names: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
