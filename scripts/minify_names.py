#!/usr/bin/env python3
"""Gives the module's imports and exports short names, in the .wasm and in
wasm-bindgen's glue alike, for the web build (www/icta-consent/, dist/).

wasm-bindgen names each import after the browser API it wraps plus a hash,
`__wbg_createElement_4909fa4fb5a2a3d0`, in a module "./icta_consent_bg.js",
and the glue spells every name again as a key of its import object. The
hashes cannot be compressed and are in both files. Here the module becomes
"a", the imports "a", "b", ... "ab", ... in the order of the .wasm's import
section, and the exports the same in their own order (imports and exports are
separate namespaces, in the .wasm and in the glue: keys of the import object,
properties of `wasm`). The names the page sees (window.IctaConsent's, the
glue's own ES exports) are JavaScript names and do not change.

Only the import and export sections of the .wasm are rewritten; every other
byte is copied as it is, so function indices and code stay the same. The glue
is rewritten before esbuild bundles it, while it still has wasm-bindgen's
shape, and every rewrite is checked, so a glue of another shape stops the
build instead of being half rewritten:

- the module name is found exactly once, as `"<module>": import0`;
- each import is found exactly once, as a key `<name>: function` of the import
  object, and the import object has no key the .wasm does not import;
- each export the glue uses is read as `wasm.<name>`, every `wasm.<name>` is
  an export, and an export the glue never reads is named nowhere in it;
- the glue reaches the exports only through `wasm = instance.exports`;
- afterwards, no old import name is left in the glue, Node compiles the new
  .wasm and lists exactly the new names with the old kinds, and (--check) the
  bundle names no old name but the page's API.

    scripts/minify_names.py DIR            rewrites DIR/icta_consent_bg.wasm and
                                           DIR/icta_consent.js in place, writes
                                           the mapping to DIR/names.json
    scripts/minify_names.py --check DIR BUNDLE
                                           checks the bundled BUNDLE against
                                           DIR/names.json
"""
import json
import os
import re
import string
import subprocess
import sys

from wasm_binary import EXPORT as EXPORT_SECTION, IMPORT as IMPORT_SECTION
from wasm_binary import name, read_exports, read_imports, sections, uleb, with_sections

WASM = "icta_consent_bg.wasm"
GLUE = "icta_consent.js"
NAMES = "names.json"
# What the loader puts on window.IctaConsent and what it imports from the
# glue: JavaScript names, which the bundle keeps. Some are also export names
# of the .wasm (the glue's acceptAll() calls wasm.acceptAll()).
PAGE_API = {"acceptAll", "accepted", "choices", "rejectAll", "reset", "save", "showBanner", "showPreferences"}


def fail(message):
    raise SystemExit(f"minify_names: {message}")


def short_names():
    """a, b, ... z, A, ... Z, then aa, ab, ...: names that are JavaScript
    identifiers (so the glue can write wasm.ab), never a reserved word."""
    first = string.ascii_letters
    yield from first
    for a in first:
        for b in first + string.digits:
            if a + b not in ("do", "if", "in"):
                yield a + b


def rewrite_wasm(wasm):
    """The module with short import and export names, and the mapping."""
    parts = {section_id: (body, end) for section_id, _, body, end in sections(wasm)}
    if IMPORT_SECTION not in parts or EXPORT_SECTION not in parts:
        fail("the module has no import or no export section")
    imports = read_imports(wasm, *parts[IMPORT_SECTION])
    exports = read_exports(wasm, *parts[EXPORT_SECTION])

    modules = sorted({module for module, _, _ in imports})
    if len(modules) != 1:
        fail(f"expected the imports of one module (wasm-bindgen's), found {modules}")
    fields = [field for _, field, _ in imports]
    if len(set(fields)) != len(fields):
        fail("an import name is used twice")
    new_import = dict(zip(fields, short_names()))
    new_export = dict(zip((field for field, _ in exports), short_names()))
    # Renaming one name after another in the glue must never rename a name
    # just written: no old name may be a new one.
    clash = (set(new_import) & set(new_import.values())) | (set(new_export) & set(new_export.values()))
    if clash:
        fail(f"old names that are also short names: {sorted(clash)}")
    mapping = {"module": {modules[0]: "a"}, "imports": new_import, "exports": new_export}

    new_sections = {
        IMPORT_SECTION: uleb(len(imports)) + b"".join(
            name("a") + name(new_import[field]) + desc for _, field, desc in imports),
        EXPORT_SECTION: uleb(len(exports)) + b"".join(
            name(new_export[field]) + desc for field, desc in exports),
    }
    return with_sections(wasm, new_sections), mapping


# --- the glue --------------------------------------------------------------------

IDENT = r"[A-Za-z_$][\w$]*"


def word(text):
    """A regex for `text` as a whole identifier."""
    return r"(?<![\w$])" + re.escape(text) + r"(?![\w$])"


def rewrite_glue(js, mapping):
    """wasm-bindgen's glue, with the short names; fails unless every name is
    found exactly where wasm-bindgen puts it."""
    (old_module, new_module), = mapping["module"].items()
    key = f'"{old_module}": import0'
    if js.count(key) != 1:
        fail(f"the glue has {js.count(key)} copies of {key!r}, not one")
    js = js.replace(key, f'"{new_module}": import0')

    # The import object, `const import0 = { __proto__: null, <name>: function
    # (...) {...}, ... };`, one key a line, is rewritten on its own.
    found = list(re.finditer(r"^    const import0 = \{\n.*?^    \};$", js, re.S | re.M))
    if len(found) != 1:
        fail(f"the glue has {len(found)} import objects `const import0 = {{...}};`, not one")
    start, end = found[0].span()
    block = js[start:end]
    keys = re.findall(rf"^        ({IDENT}):", block, re.M)
    unknown = set(keys) - set(mapping["imports"]) - {"__proto__"}
    if unknown:
        fail(f"the glue's import object has keys the .wasm does not import (did wasm-opt remove "
             f"them?): {sorted(unknown)}")
    for old, new in mapping["imports"].items():
        pattern = re.compile(rf"^([ \t]+){re.escape(old)}(: function\b)", re.M)
        count = len(pattern.findall(block))
        if count != 1:
            fail(f"import {old}: found {count} times as a key of the import object, not once")
        block = pattern.sub(rf"\g<1>{new}\g<2>", block)
    js = js[:start] + block + js[end:]
    left = [old for old in mapping["imports"] if re.search(word(old), js)]
    if left:
        fail(f"the glue still names imports elsewhere: {left[:5]}")

    # The exports: read only through `wasm`, which is instance.exports.
    if len(re.findall(r"\.exports(?![\w$])", js)) != 1 or js.count("wasm = instance.exports;") != 1:
        fail("the glue reaches the exports other than by `wasm = instance.exports;`")
    if re.search(r"(?<![\w$])wasm\s*\[", js):
        fail("the glue reads an export as wasm[...]")
    used = set(re.findall(rf"(?<![\w$.])wasm\.({IDENT})", js))
    unknown = used - set(mapping["exports"])
    if unknown:
        fail(f"the glue reads wasm.X for names the .wasm does not export: {sorted(unknown)}")
    for old, new in mapping["exports"].items():
        access = rf"(?<![\w$.])wasm\.{re.escape(old)}(?![\w$])"
        if old not in used and re.search(word(old), js):
            fail(f"export {old}: named in the glue, but not as wasm.{old}")
        js = re.sub(access, f"wasm.{new}", js)
    return js, sorted(set(mapping["exports"]) - used)


def node_lists(path):
    """The module's imports and exports as V8 compiles it (an independent
    reader): ([[module, name, kind]], [[name, kind]])."""
    script = ("const m = new WebAssembly.Module(require('fs').readFileSync(process.argv[1]));"
              "console.log(JSON.stringify([WebAssembly.Module.imports(m).map(i => [i.module, i.name, i.kind]),"
              " WebAssembly.Module.exports(m).map(e => [e.name, e.kind])]));")
    result = subprocess.run(["node", "-e", script, path], capture_output=True, text=True)
    if result.returncode:
        fail(f"Node cannot compile the rewritten module: {result.stderr.strip()[:500]}")
    return json.loads(result.stdout)


def minify(folder):
    wasm_path, glue_path = os.path.join(folder, WASM), os.path.join(folder, GLUE)
    before = node_lists(wasm_path)
    with open(wasm_path, "rb") as f:
        wasm, mapping = rewrite_wasm(f.read())
    with open(glue_path, encoding="utf-8") as f:
        js, unused = rewrite_glue(f.read(), mapping)

    # Checked beside the old one; nothing in `folder` changes unless all is well.
    new_wasm = wasm_path + ".new"
    with open(new_wasm, "wb") as f:
        f.write(wasm)
    try:
        imports, exports = node_lists(new_wasm)
        want_imports = [["a", mapping["imports"][n], kind] for _, n, kind in before[0]]
        want_exports = [[mapping["exports"][n], kind] for n, kind in before[1]]
        if imports != want_imports or exports != want_exports:
            fail("the rewritten module does not list the new names with the old kinds")
    except BaseException:
        os.remove(new_wasm)
        raise
    os.replace(new_wasm, wasm_path)
    with open(glue_path, "w", encoding="utf-8") as f:
        f.write(js)
    with open(os.path.join(folder, NAMES), "w") as f:
        json.dump(mapping, f, indent=1)
        f.write("\n")
    print(f"minify_names: {len(mapping['imports'])} imports and {len(mapping['exports'])} exports renamed "
          f"(exports the glue never reads: {', '.join(unused) or 'none'})", file=sys.stderr)


def check(folder, bundle_path):
    """The bundle names none of the old names, but the page's API."""
    with open(os.path.join(folder, NAMES)) as f:
        mapping = json.load(f)
    with open(bundle_path, encoding="utf-8") as f:
        bundle = f.read()
    old = [*mapping["module"], *mapping["imports"], *mapping["exports"]]
    left = [n for n in old if n not in PAGE_API and re.search(word(n), bundle)]
    if left:
        fail(f"{bundle_path} still names {left[:5]}")


def main():
    args = sys.argv[1:]
    if len(args) == 1:
        minify(args[0])
    elif len(args) == 3 and args[0] == "--check":
        check(args[1], args[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
