"""scripts/minify_names.py, the build step that gives the module's imports and
exports short names in the .wasm and in wasm-bindgen's glue: on the real
build in pkg/ it renames every name consistently, and on a glue that is not
where it expects a name it stops with a message naming it, writing nothing
half done. (That the renamed module works is proved in real browsers by
test_optimized_build.py, tests/e2e and tests/a11y.) Needs ./scripts/build."""
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from icta_testing import ROOT

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


def copy_of_pkg(folder, edit=None):
    """`folder`, made, with pkg/'s glue (changed by `edit`) and .wasm."""
    if not os.path.isfile(os.path.join(PKG, WASM)):
        pytest.fail("pkg/ is not built; run ./scripts/build first", pytrace=False)
    os.makedirs(folder)
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


@pytest.fixture(scope="module")
def renamed(tmp_path_factory):
    """The step run on a copy of the real build: (its result, the folder, the
    .wasm's lists before and after, the names.json it wrote, the new glue)."""
    original = lists(os.path.join(PKG, WASM)) if os.path.isfile(os.path.join(PKG, WASM)) else None
    folder = copy_of_pkg(str(tmp_path_factory.mktemp("names") / "pkg"))
    result = run(folder)
    imports, exports = lists(os.path.join(folder, WASM))
    mapping_path = os.path.join(folder, "names.json")
    mapping = json.load(open(mapping_path)) if os.path.isfile(mapping_path) else {"imports": {}, "exports": {}}
    js = open(os.path.join(folder, GLUE), encoding="utf-8").read()
    return {"result": result, "folder": folder, "original": original, "imports": imports, "exports": exports,
            "mapping": mapping, "js": js}


def test_the_real_build_the_step_succeeds(renamed):
    assert renamed["result"].returncode == 0, renamed["result"].stderr


def test_every_import_is_in_module_a_under_a_name_of_one_or_two_characters_kinds_kept(renamed):
    imports, original, mapping = renamed["imports"], renamed["original"], renamed["mapping"]
    assert {m for m, _, _ in imports} == {"a"}, imports[:5]
    assert all(len(n) <= 2 for _, n, _ in imports), imports[:5]
    assert [k for _, _, k in imports] == [k for _, _, k in original[0]], imports[:5]
    assert [mapping["imports"].get(n) for _, n, _ in original[0]] == [n for _, n, _ in imports], imports[:5]


def test_every_export_has_a_name_of_one_or_two_characters_kinds_kept(renamed):
    exports, original, mapping = renamed["exports"], renamed["original"], renamed["mapping"]
    assert all(len(n) <= 2 for n, _ in exports), exports[:5]
    assert [k for _, k in exports] == [k for _, k in original[1]], exports[:5]
    assert [mapping["exports"].get(n) for n, _ in original[1]] == [n for n, _ in exports], exports[:5]


def test_the_glues_import_object_has_exactly_the_new_import_names(renamed):
    js = renamed["js"]
    keys = re.findall(r"^        ([\w$]+): function", js, re.M)
    assert sorted(keys) == sorted(n for _, n, _ in renamed["imports"]), keys[:5]
    assert '"a": import0' in js


def test_the_glue_names_no_old_import_and_reads_no_export_by_its_old_name(renamed):
    js, original = renamed["js"], renamed["original"]
    old = [n for _, n, _ in original[0] if n in js] + [
        n for n, _ in original[1] if re.search(rf"wasm\.{re.escape(n)}\b", js)]
    assert old == [], old[:5]


def test_check_stops_on_a_bundle_that_still_names_an_old_import(renamed):
    folder, stale = renamed["folder"], renamed["original"][0][0][1]
    with open(os.path.join(folder, "bundle.js"), "w") as f:
        f.write(renamed["js"] + f"\nconst stale = {{{stale}: 1}};\n")
    result = run("--check", folder, os.path.join(folder, "bundle.js"))
    assert result.returncode != 0 and stale in result.stderr, result.stderr


@pytest.mark.parametrize("what", list(BROKEN))
def test_a_glue_not_where_the_step_expects_a_name_stops_it_saying_so_writing_nothing(what, tmp_path):
    edit, message = BROKEN[what]
    folder = copy_of_pkg(str(tmp_path / "pkg"), edit)
    files = {name: open(os.path.join(folder, name), "rb").read() for name in (WASM, GLUE)}
    result = run(folder)
    assert result.returncode != 0, f"{what}: the step succeeded"
    assert message in result.stderr, f"{what}: the step said {result.stderr.strip()!r}"
    assert sorted(os.listdir(folder)) == sorted(files) and all(
        open(os.path.join(folder, name), "rb").read() == data for name, data in files.items()), \
        f"{what}: the step wrote {sorted(os.listdir(folder))}"
