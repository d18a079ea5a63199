"""scripts/stub_panics.py and scripts/drop_dead_data.py, the build steps that
turn core's and alloc's panic functions into traps and then drop the statics
nothing reads, on small modules written here in the text format (binaryen's
wasm-as), and on the real build: what they keep, what they drop, and what
they refuse. (That the shipped module works is proved in real browsers by
test_optimized_build.py, tests/e2e and tests/a11y.)"""
import json
import os
import re
import subprocess
import sys

import pytest

from icta_testing import ROOT, WWW

SCRIPTS = os.path.join(ROOT, "scripts")
sys.path.insert(0, SCRIPTS)
import drop_dead_data  # noqa: E402
from wasm_binary import DATA, function_names, read_uleb, sections  # noqa: E402


def step(script, *args):
    return subprocess.run([sys.executable, os.path.join(SCRIPTS, script), *args], capture_output=True, text=True)


def assemble(folder, text, *features):
    """`text` (the text format) as a module with its names, at folder/m.wasm."""
    source, path = os.path.join(folder, "m.wat"), os.path.join(folder, "m.wasm")
    with open(source, "w") as f:
        f.write(text)
    subprocess.run(["wasm-as", "-g", *features, source, "-o", path], check=True)
    return path


def body_is_trap(path, function):
    """Whether `function`'s body is `unreachable` and nothing else (a name
    with spaces or commas in it given quoted, as wasm-dis writes it)."""
    text = subprocess.run(["wasm-dis", path], check=True, capture_output=True, text=True).stdout
    start = re.search(rf"\(func \${re.escape(function)}[ \n]", text).start()
    end = text.find("\n (func ", start + 1)
    body = text[start:end if end > 0 else len(text)]
    return "(unreachable)" in body and "i32.store" not in body


def data_of(path):
    """{address: byte} that the module's data segments write, zeros left out."""
    return drop_dead_data.image(drop_dead_data.read_segments(open(path, "rb").read()))


def text_at(memory, address, length):
    return bytes(memory.get(address + k, 0) for k in range(length))


PANICKY = """(module
 (memory $m 2)
 (export "memory" (memory $m))
 (export "run" (func $run))
 (data (i32.const 65536) "index out of bounds")
 (func $core::panicking::panic_fmt (param $msg i32) (param $len i32)
  (i32.store (i32.const 1024) (local.get $msg))
  (i32.store (i32.const 1028) (local.get $len))
  (unreachable))
 (func $alloc::raw_vec::capacity_overflow
  (i32.store (i32.const 1024) (i32.const 7))
  (unreachable))
 (func $"<alloc::vec::Vec<_, _>>::remove::assert_failed" (param $index i32)
  (i32.store (i32.const 1024) (local.get $index))
  (unreachable))
 (func $run (param $i i32) (result i32)
  (if (i32.gt_u (local.get $i) (i32.const 3))
   (then (call $core::panicking::panic_fmt (i32.const 65536) (i32.const 19))))
  (local.get $i))
)
"""


def test_stub_panics_makes_each_panic_function_a_trap_and_leaves_the_rest(tmp_path):
    path = assemble(str(tmp_path), PANICKY)
    done = step("stub_panics.py", path)
    assert done.returncode == 0, done.stderr
    assert "3 panic functions" in done.stdout, done.stdout
    assert body_is_trap(path, "core::panicking::panic_fmt")
    assert body_is_trap(path, "alloc::raw_vec::capacity_overflow")
    assert body_is_trap(path, '"<alloc::vec::Vec<_, _>>::remove::assert_failed"')
    assert not body_is_trap(path, "run"), "a function that is not a panic path was stubbed"


def test_stub_panics_refuses_a_panic_name_that_returns_a_value(tmp_path):
    returning = PANICKY.replace(
        "(func $alloc::raw_vec::capacity_overflow\n",
        "(func $alloc::raw_vec::capacity_overflow (result i32)\n  (drop (i32.const 0))\n")
    path = assemble(str(tmp_path), returning)
    before = open(path, "rb").read()
    done = step("stub_panics.py", path)
    assert done.returncode != 0 and "return a value" in done.stderr, (done.returncode, done.stderr)
    assert open(path, "rb").read() == before, "it wrote the module all the same"


def test_stub_panics_refuses_a_module_without_panic_fmt(tmp_path):
    path = assemble(str(tmp_path), PANICKY.replace("$core::panicking::panic_fmt", "$my_panic"))
    done = step("stub_panics.py", path)
    assert done.returncode != 0 and "panic_fmt" in done.stderr, (done.returncode, done.stderr)


# Statics at 65536...: a string the code names (A), a table the code names
# that points at a string (B -> C) at an unaligned offset, a string only a
# dead static points at (E -> D), a string reached only by a pointer one
# past its end (F), and one nothing names (G). Seventeen statics in all,
# each a segment of its own, as the linker writes them with
# --no-merge-data-segments; the ten fillers, one byte apart, are named by
# the code.
STATICS = [
    ("A", b"kept: named by the code"),
    ("B", b"\x01" + (65536 + 100).to_bytes(4, "little") + b"\x05\x00\x00\x00"),
    ("C", b"kept: the table points at it"),
    ("D", b"dropped: only a dropped static points at it"),
    ("E", (65536 + 200).to_bytes(4, "little")),
    ("F", b"kept: an end pointer"),
    ("G", b"dropped: nothing names it"),
]
ADDRESSES = {"A": 65536, "B": 65570, "C": 65636, "D": 65736, "E": 65800, "F": 65820, "G": 65860}


def statics_module():
    data = [(ADDRESSES[k], v) for k, v in STATICS] + [(66000 + 9 * i, b"filler %d" % i) for i in range(10)]
    assert ADDRESSES["C"] == 65536 + 100 and ADDRESSES["D"] == 65536 + 200
    escaped = lambda v: "".join("\\%02x" % b for b in v)  # noqa: E731
    segments = "\n".join(f' (data (i32.const {a}) "{escaped(v)}")' for a, v in data)
    fillers = "\n".join(f"  (drop (i32.const {66000 + 9 * i}))" for i in range(10))
    end_of_f = ADDRESSES["F"] + len(dict(STATICS)["F"])
    return f"""(module
 (memory $m 2)
 (export "memory" (memory $m))
 (export "run" (func $run))
{segments}
 (func $run
  (drop (i32.const {ADDRESSES["A"]}))
  (drop (i32.load offset={ADDRESSES["B"]} (i32.const 0)))
  (drop (i32.const {end_of_f}))
{fillers}
 )
)
"""


def test_drop_dead_data_keeps_what_the_code_reaches_and_drops_the_rest(tmp_path):
    path = assemble(str(tmp_path), statics_module())
    objects = str(tmp_path / "statics.json")
    done = step("drop_dead_data.py", "objects", path, objects)
    assert done.returncode == 0, done.stderr
    assert len(json.load(open(objects))) == 17
    done = step("drop_dead_data.py", "drop", objects, path)
    assert done.returncode == 0, done.stderr
    memory = data_of(path)
    for name, contents in STATICS:
        seen = text_at(memory, ADDRESSES[name], len(contents))
        if name in "DEG":
            assert seen == b"\0" * len(contents), f"{name} should be dropped: {seen!r}"
        else:
            assert seen == contents, f"{name} should be kept: {seen!r}"
    assert "3 of 17 statics" in done.stdout, done.stdout


def test_drop_dead_data_writes_the_data_again_as_few_segments(tmp_path):
    path = assemble(str(tmp_path), statics_module())
    objects = str(tmp_path / "statics.json")
    step("drop_dead_data.py", "objects", path, objects)
    step("drop_dead_data.py", "drop", objects, path)
    wasm = open(path, "rb").read()
    (body,) = [b for section_id, _, b, _ in sections(wasm) if section_id == DATA]
    count, _ = read_uleb(wasm, body)
    # What is kept lies in five runs (A, B, C, F and the fillers), each more
    # than 8 zeros from the next.
    assert count == 5, f"{count} data segments"
    node = "new WebAssembly.Module(require('fs').readFileSync(process.argv[1])); console.log('valid')"
    assert subprocess.run(["node", "-e", node, path], capture_output=True, text=True).stdout.strip() == "valid"


def test_drop_dead_data_refuses_statics_the_linker_merged(tmp_path):
    merged = '(module (memory $m 2) (data (i32.const 65536) "one segment for all") (func $f (drop (i32.const 65536))))'
    path = assemble(str(tmp_path), merged)
    done = step("drop_dead_data.py", "objects", path, str(tmp_path / "statics.json"))
    assert done.returncode != 0 and "--no-merge-data-segments" in done.stderr, (done.returncode, done.stderr)


def test_drop_dead_data_refuses_statics_that_do_not_cover_the_data(tmp_path):
    """Statics recorded for another module (here: one left out) leave data
    in no static: the step stops, writing nothing, rather than guess."""
    path = assemble(str(tmp_path), statics_module())
    objects = str(tmp_path / "statics.json")
    step("drop_dead_data.py", "objects", path, objects)
    recorded = json.load(open(objects))
    with open(objects, "w") as f:
        json.dump([o for o in recorded if o[0] != ADDRESSES["C"]], f)
    before = open(path, "rb").read()
    done = step("drop_dead_data.py", "drop", objects, path)
    assert done.returncode != 0 and "in no static" in done.stderr, (done.returncode, done.stderr)
    assert open(path, "rb").read() == before, "it wrote the module all the same"


def test_drop_dead_data_refuses_a_segment_that_is_not_active(tmp_path):
    """A passive segment is copied by number (memory.init): no static."""
    passive = statics_module().replace("(memory $m 2)", '(memory $m 2)\n (data $p "copied")', 1)
    path = assemble(str(tmp_path), passive, "--enable-bulk-memory")
    done = step("drop_dead_data.py", "objects", path, str(tmp_path / "statics.json"))
    assert done.returncode != 0 and "not active" in done.stderr, (done.returncode, done.stderr)


@pytest.fixture(scope="module")
def shipped():
    path = os.path.join(WWW, "icta-consent", "icta_consent_bg.wasm")
    if not os.path.isfile(path):
        pytest.fail("www/ is not built; run ./scripts/build first", pytrace=False)
    return open(path, "rb").read()


def test_the_shipped_module_has_lost_the_panic_messages_and_source_paths(shipped):
    """Those of core's cells, raw_vec and allocation failure, js-sys's paths
    and core's digit pairs. (A message that ends where a static still read
    begins stays: an address one past a static's end keeps it, see
    drop_dead_data.py.)"""
    for text in (b"capacity overflow", b"Tried to shrink", b"RefCell already", b"memory allocation of",
                 b"library/alloc/src/raw_vec", b"library/core/src/cell", b".cargo/registry",
                 b"0001020304050607"):
        assert text not in shipped, f"{text!r} is still in the module"


def test_the_shipped_module_keeps_its_stylesheet_texts_and_messages(shipped):
    for text in (b":host{", b"Cookies on icta.az", "fayllarının istifadəsi".encode(), b"config ignored: not valid JSON",
                 b"icta-consent: save() takes {preferences: boolean, analytics: boolean}",
                 # wasm-bindgen throws this to JavaScript: it is not a panic.
                 b"closure invoked recursively or after being dropped"):
        assert text in shipped, f"{text!r} is missing"
